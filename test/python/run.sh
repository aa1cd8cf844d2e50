#!/usr/bin/env bash
# npm run test:python: the library as a Python team gets it. Builds the jsii assembly and the
# wheel (npm run build:jsii), installs the wheel beside cdktf, constructs and the provider
# bindings from PyPI (hash-locked in requirements.txt; that venv is cached by the lock's
# content, the wheel goes into a folder of its own per run) and runs test_app.py: app.py, the
# README's Python example, synthesizes the same Terraform as the TypeScript one; the AWS bucket comes
# from the second wheel, cdktf-spark-aws, which a local-bucket app neither requires nor loads.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
CACHE=${CDKTF_SPARK_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/cdktf-spark}
LOCK=$ROOT/test/python/requirements.txt
VENV=$CACHE/venv-python-consumer-$(sha256sum "$LOCK" | cut -c1-12)
log() { printf '[python] %s\n' "$*"; }

# jsii runs the app's JavaScript side on the `node` on PATH: a supported one, so no end-of-life banner.
PATH=$(bash "$ROOT/scripts/node.sh"):$PATH
export PATH
log "jsii assemblies and wheels (node $(node --version))"
bash "$ROOT/scripts/jsii.sh"
if [[ ! -f $VENV/.complete ]]; then
  log "venv from $LOCK"
  python3 -m venv --clear "$VENV"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check --require-hashes --no-deps -r "$LOCK"
  touch "$VENV/.complete"
fi
SITE=$(mktemp -d)
trap 'rm -rf "$SITE"' EXIT
"$VENV/bin/pip" install --quiet --disable-pip-version-check --no-deps --no-index --target "$SITE" "$ROOT"/.jsii-build/dist/python/*.whl "$ROOT"/.jsii-build-aws/dist/python/*.whl
export PYTHONPATH=$SITE
# The wheel's requirements are what the lock installed (a missing or conflicting one fails here).
"$VENV/bin/pip" check
log "pytest"
cd "$ROOT"
"$VENV/bin/python" -m pytest -q -p no:cacheprovider test/python
