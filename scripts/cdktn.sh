#!/usr/bin/env bash
# Builds the CDK Terrain packages from this repository's one source (docs/api-design.md, "One source, two
# frameworks"): cdktn-spark and cdktn-spark-aws in packages/cdktn/build/{core,aws}, and with `pack` their
# tarballs in packages/cdktn/build/. Everything is cached by content: a rerun with nothing changed takes seconds.
#
#   bash scripts/cdktn.sh [pack]
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
PATH=$(bash scripts/node.sh):$PATH
export PATH
CACHE=${CDKTF_SPARK_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/cdktf-spark}
TOOLS=packages/cdktn
BUILD=$TOOLS/build
TSC=$ROOT/node_modules/.bin/tsc
T0=$SECONDS
say() { printf '[cdktn %3ss] %s\n' "$((SECONDS - T0))" "$*" >&2; }
# shellcheck source=providers/source.sh
source scripts/providers/source.sh

# 1. The toolchain: cdktn, cdktn-cli, the random and AWS bindings, constructs 10.7 (cdktn's peer range).
want=$(sha256sum "$TOOLS/package-lock.json" | cut -c1-64)
if [[ "$(cat "$TOOLS/node_modules/.lock-sha256" 2>/dev/null)" != "$want" ]]; then
  say "npm ci in $TOOLS"
  (cd "$TOOLS" && npm ci --no-audit --no-fund --loglevel=error)
  echo "$want" >"$TOOLS/node_modules/.lock-sha256"
fi

# 2. The Docker bindings (npm has no @cdktn/provider-docker): `cdktn get` from kreuzwerker/docker 4.6.0 as
# packages/cdktn/cdktf.json pins it, through our provider mirror when no registry answers; the result must hash to
# what packages/cdktn/provider-docker.sha256 records, so every build ships the same bindings.
key=$( { cat "$TOOLS/cdktf.json"; (cd "$TOOLS" && node -p 'require("cdktn-cli/package.json").version'); } | sha256sum | cut -c1-16)
gen=$CACHE/cdktn-provider-docker-$key
if [[ ! -f $gen/.done ]]; then
  if [[ $(provider_source) == mirror ]]; then
    say "the Terraform registry does not answer: the docker provider from the Go-built mirror (cached)"
    bash scripts/providers/build-providers.sh "$CACHE/providers" 2>/dev/null
    export TF_CLI_CONFIG_FILE=$CACHE/providers/terraformrc
  fi
  say "cdktn get: Docker bindings from kreuzwerker/docker 4.6.0"
  rm -rf "$TOOLS/gen" "$gen"
  (cd "$TOOLS" && CHECKPOINT_DISABLE=1 node_modules/.bin/cdktn get >/dev/null)
  mkdir -p "$(dirname "$gen")"
  cp -r "$TOOLS/gen/providers/docker" "$gen"
  rm -rf "$TOOLS/gen"
  touch "$gen/.done"
fi
sum=$(cd "$gen" && find . -name '*.ts' -print0 | LC_ALL=C sort -z | xargs -0 sha256sum | sha256sum | cut -c1-64)
if [[ "$sum" != "$(cat "$TOOLS/provider-docker.sha256")" ]]; then
  echo "cdktn get generated other Docker bindings ($sum) than $TOOLS/provider-docker.sha256 records; if the pin changed on purpose, record the new sum there" >&2
  exit 1
fi

# 3. The source, rewritten for cdktn; the bindings compiled in place (the package ships their .js and .d.ts).
say "rewrite"
node scripts/cdktn-rewrite.js "$BUILD" --docker=shipped
rm -rf "$BUILD/core/provider-docker" "$BUILD/core/dist" "$BUILD/aws/dist"
cp -r "$gen" "$BUILD/core/provider-docker"
rm -f "$BUILD/core/provider-docker/.done"
cp "$TOOLS"/tsconfig*.json "$BUILD/core/"
cp "$TOOLS/tsconfig.aws.json" "$BUILD/aws/tsconfig.json"
say "tsc: Docker bindings"
"$TSC" -p "$BUILD/core/tsconfig.provider-docker.json"
find "$BUILD/core/provider-docker" -name '*.ts' ! -name '*.d.ts' -delete
say "tsc: cdktn-spark, cdktn-spark-aws, and the stacks and tests type-checked"
"$TSC" -p "$BUILD/core/tsconfig.build.json"
"$TSC" -p "$BUILD/aws/tsconfig.json"
"$TSC" -p "$BUILD/core/tsconfig.json" --noEmit
# The packages find each other as installed packages do (the AWS backend is required by name).
mkdir -p "$TOOLS/node_modules"
ln -sfn ../build/core "$TOOLS/node_modules/cdktn-spark"
ln -sfn ../build/aws "$TOOLS/node_modules/cdktn-spark-aws"

if [[ ${1:-} == pack ]]; then
  (cd "$BUILD" && npm pack --silent ./core ./aws >/dev/null)
  say "packed: $(cd "$BUILD" && ls cdktn-spark-*.tgz | tr '\n' ' ')"
fi
say "done"
