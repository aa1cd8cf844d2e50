#!/usr/bin/env bash
# npm run build:jsii: the jsii assembly of lib/ (the API as every language sees it) and
# the Python package built from it, .jsii-build/dist/python/cdktf_spark-<version>-py3-none-any.whl.
# One source: jsii compiles a copy of lib/ in .jsii-build/ with a package.json derived from
# this one (scripts/jsii-package.js); the npm package keeps its own build (dist/). Fails on
# any jsii error or warning. jsii-pacmak builds the wheel in a venv of its own (pip, PyPI).
# --assembly-only: the assembly alone (for the API reference and the API diff).
# A build of the same sources is reused (CI's Python test, API reference and API diff share one).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=$ROOT/.jsii-build
want=wheel
[[ ${1:-} == --assembly-only ]] && want=assembly
key=$(cd "$ROOT" && { find lib docker -type f | sort | xargs sha256sum; sha256sum package.json package-lock.json README.md LICENSE CHANGELOG.md scripts/jsii-package.js; } | sha256sum | cut -c1-16)
built() { [[ -f $OUT/.built-$1 && $(cat "$OUT/.built-$1") == "$key" ]]; }
if built "$want"; then
  echo "jsii: the $want of these sources is already in $OUT"
  exit 0
fi
rm -rf "$OUT"
mkdir -p "$OUT"
cp -r "$ROOT/lib" "$ROOT/docker" "$ROOT/README.md" "$ROOT/LICENSE" "$ROOT/CHANGELOG.md" "$OUT/"
ln -s "$ROOT/node_modules" "$OUT/node_modules"
node "$ROOT/scripts/jsii-package.js" >"$OUT/package.json"
cd "$OUT"
npx --no-install jsii --fail-on-warnings
echo "$key" >.built-assembly
[[ $want == assembly ]] && exit 0
npx --no-install jsii-pacmak --targets python --outdir dist
ls dist/python/*.whl
echo "$key" >.built-wheel
