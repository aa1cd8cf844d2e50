#!/usr/bin/env bash
# npm run test:cdktn: the library on CDK Terrain. Builds and packs cdktn-spark and cdktn-spark-aws from this
# source (scripts/cdktn.sh), runs the unit suite against cdktn, and checks that both shipped stacks synthesize the
# same Terraform through either framework (test/cdktn/same-terraform.js says what may differ). The consumer apps
# on cdktn are test/consumer/run.sh's; the Python ones test/python/run.sh's; a deploy, e2e/scenarios/local.ts.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
PATH=$(bash "$ROOT/scripts/node.sh"):$PATH
export PATH
cd "$ROOT"
start=$SECONDS
bash scripts/cdktn.sh pack
echo "[cdktn] the unit suite against cdktn"
node_modules/.bin/jest --config packages/cdktn/build/core/jest.config.js --silent
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
synth() { # LABEL FRAMEWORK [VAR=value...]
  local label=$1 framework=$2 dir=$ROOT
  shift 2
  [[ $framework == cdktn ]] && dir=$ROOT/packages/cdktn/build/core
  (cd "$dir" && env CDKTF_OUTDIR="$OUT/$label-$framework" "$@" node --no-deprecation -r "$ROOT/scripts/register.js" main.ts)
}
for variant in "defaults" "aws CDKTF_SPARK_BUCKET_MODE=aws CDKTF_SPARK_AWS_CREDENTIALS=iam-user" "spark-4.3 CDKTF_SPARK_VERSION=4.3 CDKTF_SPARK_WORKERS=3"; do
  read -r label vars <<<"$variant"
  # shellcheck disable=SC2086 # the variables, word by word
  synth "$label" cdktf $vars
  # shellcheck disable=SC2086
  synth "$label" cdktn $vars
  node test/cdktn/same-terraform.js "$OUT/$label-cdktf" "$OUT/$label-cdktn" "$label"
done
echo "[cdktn] ok in $((SECONDS - start)) s"
