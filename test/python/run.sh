#!/usr/bin/env bash
# npm run test:python [-- cdktf|cdktn]: the library as a Python team gets it, on CDK for Terraform and on CDK
# Terrain (both unless told one). Each part builds the jsii assemblies and wheels (scripts/jsii.sh, with --cdktn
# from the rewritten source), installs them beside the framework, constructs and the provider bindings from PyPI
# (hash-locked: requirements.txt, cdktn/requirements.txt; each venv is cached by its lock's content, the wheels go
# into a folder of their own per run) and runs its tests:
# - cdktf (test_app.py): app.py, the README's Python example, synthesizes the same Terraform as the TypeScript
#   one; the AWS bucket comes from the second wheel, cdktf-spark-aws, which a local-bucket app neither requires
#   nor loads.
# - cdktn (cdktn/test_cdktn.py): app.py with its imports renamed synthesizes cdktf's Python app's Terraform, but
#   for the framework's and the bindings' versions. It runs the cdktf app too, so the cdktf wheels are always built.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
CACHE=${CDKTF_SPARK_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/cdktf-spark}
want=${1:-both}
[[ $want =~ ^(both|cdktf|cdktn)$ ]] || { echo "usage: test/python/run.sh [cdktf|cdktn]" >&2 && exit 2; }
log() { printf '[python] %s\n' "$*"; }

# jsii runs the app's JavaScript side on the `node` on PATH: a supported one, so no end-of-life banner.
PATH=$(bash "$ROOT/scripts/node.sh"):$PATH
export PATH
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
declare -A PY SITE
# prepare FRAMEWORK LOCK BUILD_DIR...: the wheels of BUILD_DIRs, installed into SITE[FRAMEWORK] for PY[FRAMEWORK].
prepare() {
  local framework=$1 lock=$2 venv=$CACHE/venv-python-consumer- flags=()
  shift 2
  [[ $framework == cdktn ]] && venv+=cdktn- && flags=(--cdktn)
  venv+=$(sha256sum "$lock" | cut -c1-12)
  log "$framework: jsii assemblies and wheels (node $(node --version))"
  bash "$ROOT/scripts/jsii.sh" "${flags[@]}"
  if [[ ! -f $venv/.complete ]]; then
    log "$framework: venv from $lock"
    python3 -m venv --clear "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check --require-hashes --no-deps -r "$lock"
    touch "$venv/.complete"
  fi
  SITE[$framework]=$TMP/site-$framework
  PY[$framework]=$venv/bin/python
  local wheels=()
  for dir in "$@"; do wheels+=("$dir"/dist/python/*.whl); done
  "$venv/bin/pip" install --quiet --disable-pip-version-check --no-deps --no-index --target "${SITE[$framework]}" "${wheels[@]}"
  # The wheels' requirements are what the lock installed (a missing or conflicting one fails here).
  PYTHONPATH=${SITE[$framework]} "$venv/bin/pip" check
}
cd "$ROOT"
prepare cdktf "$ROOT/test/python/requirements.txt" "$ROOT/.jsii-build" "$ROOT/.jsii-build-aws"
if [[ $want != cdktn ]]; then
  log "cdktf: pytest"
  PYTHONPATH=${SITE[cdktf]} "${PY[cdktf]}" -m pytest -q -p no:cacheprovider test/python/test_app.py
fi
if [[ $want != cdktf ]]; then
  start=$SECONDS
  # Only the core wheel: cdktn-spark-aws would need cdktn-provider-aws (cdktn/requirements.in says why not).
  prepare cdktn "$ROOT/test/python/cdktn/requirements.txt" "$ROOT/.jsii-build-cdktn"
  log "cdktn: pytest"
  PYTHONPATH=${SITE[cdktn]} SPARK_TEST_CDKTF_PYTHON=${PY[cdktf]} SPARK_TEST_CDKTF_PYTHONPATH=${SITE[cdktf]} \
    "${PY[cdktn]}" -m pytest -q -p no:cacheprovider test/python/cdktn
  log "cdktn: done in $((SECONDS - start)) s (wall: build or reuse, venv, install, tests)"
fi
