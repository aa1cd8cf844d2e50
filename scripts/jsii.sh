#!/usr/bin/env bash
# npm run build:jsii: the jsii assembly of lib/ (the API as every language sees it) and
# the Python package built from it, .jsii-build/dist/python/cdktf_spark-<version>-py3-none-any.whl.
# One source: jsii compiles a copy of lib/ in .jsii-build/ with a package.json derived from
# this one (scripts/jsii-package.js); the npm package keeps its own build (dist/). Fails on
# any jsii error or warning. jsii-pacmak builds the wheel in a venv of its own (pip, PyPI).
# --assembly-only: the assembly alone (for the API reference and the API diff).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=$ROOT/.jsii-build
rm -rf "$OUT"
mkdir -p "$OUT"
cp -r "$ROOT/lib" "$ROOT/docker" "$ROOT/README.md" "$ROOT/LICENSE" "$ROOT/CHANGELOG.md" "$OUT/"
ln -s "$ROOT/node_modules" "$OUT/node_modules"
node "$ROOT/scripts/jsii-package.js" >"$OUT/package.json"
cd "$OUT"
npx --no-install jsii --fail-on-warnings
[[ ${1:-} == --assembly-only ]] && exit 0
npx --no-install jsii-pacmak --targets python --outdir dist
ls dist/python/*.whl
