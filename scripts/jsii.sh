#!/usr/bin/env bash
# npm run build:jsii: the jsii assemblies (the API as every language sees it) and the Python
# packages built from them: cdktf-spark from lib/ (.jsii-build/dist/python/cdktf_spark-<version>-…whl)
# and cdktf-spark-aws from packages/aws/lib/ (.jsii-build-aws/dist/python/cdktf_spark_aws-<version>-…whl).
# One source: jsii compiles a copy of each lib/ with a package.json derived from the package's
# own (scripts/jsii-package.js); the npm packages keep their own builds (dist/). Fails on any
# jsii error or warning. jsii-pacmak builds the wheels in a venv of its own (pip, PyPI).
# --assembly-only: cdktf-spark's assembly alone (for the API reference and the API diff).
# A build of the same sources is reused (CI's Python test, API reference and API diff share one).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=$ROOT/.jsii-build
want=wheel
[[ ${1:-} == --assembly-only ]] && want=assembly
AWS_OUT=$ROOT/.jsii-build-aws
key=$(cd "$ROOT" && { find lib docker packages/aws/lib -type f | sort | xargs sha256sum; sha256sum package.json package-lock.json README.md LICENSE CHANGELOG.md packages/aws/{package.json,README.md} scripts/jsii-package.js; } | sha256sum | cut -c1-16)
built() { [[ -f $OUT/.built-$1 && $(cat "$OUT/.built-$1") == "$key" ]]; }
if built "$want"; then
  echo "jsii: the $want of these sources is already in $OUT"
  exit 0
fi
PATH=$(bash "$ROOT/scripts/node.sh"):$PATH
export PATH
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
# cdktf-spark-aws: jsii reads cdktf-spark's assembly from the build above.
rm -rf "$AWS_OUT"
mkdir -p "$AWS_OUT/node_modules"
cp -r "$ROOT/packages/aws/lib" "$ROOT/packages/aws/README.md" "$ROOT/LICENSE" "$AWS_OUT/"
for dep in "$ROOT"/node_modules/* "$ROOT"/node_modules/.bin; do ln -s "$dep" "$AWS_OUT/node_modules/"; done
rm -f "$AWS_OUT/node_modules/cdktf-spark-aws"
ln -s "$OUT" "$AWS_OUT/node_modules/cdktf-spark"
node "$ROOT/scripts/jsii-package.js" aws >"$AWS_OUT/package.json"
(cd "$AWS_OUT" && npx --no-install jsii --fail-on-warnings && npx --no-install jsii-pacmak --targets python --outdir dist && ls dist/python/*.whl)
echo "$key" >.built-wheel
