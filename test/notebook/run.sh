#!/usr/bin/env bash
# test/notebook/run.sh: the notebook habits (docker/jupyter/cdktf_spark_notebook) tested on the host,
# without Spark or Java: pytest in a venv from requirements.txt (hash-locked), cached by the lock's content.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
CACHE=${CDKTF_SPARK_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/cdktf-spark}
LOCK=$ROOT/test/notebook/requirements.txt
VENV=$CACHE/notebook-test-venv-$(sha256sum "$LOCK" | cut -c1-12)
if [[ ! -f $VENV/.complete ]]; then
  echo "[notebook] venv from $LOCK"
  python3 -m venv --clear "$VENV"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check --require-hashes --no-deps -r "$LOCK"
  touch "$VENV/.complete"
fi
cd "$ROOT"
# No __pycache__ beside the package's or the tests' sources.
PYTHONDONTWRITEBYTECODE=1 "$VENV/bin/python" -m pytest -q -p no:cacheprovider test/notebook "$@"
