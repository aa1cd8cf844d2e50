#!/usr/bin/env bash
# npm run scan: real scanners on what users deploy. checkov (PyPI) on the
# synthesized cdk.tf.json of both stacks in both bucket modes and on the
# Dockerfiles; parliament (PyPI) on every generated IAM policy (SSE-S3 and
# SSE-KMS). Fails on any finding not suppressed in test/scan/checkov.yaml.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
CACHE=${CDKTF_SPARK_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/cdktf-spark}
VENV=$CACHE/scanners-checkov-3.3.30-parliament-1.6.4
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
log() { printf '[scan] %s\n' "$*" >&2; }

if [[ ! -x $VENV/bin/parliament ]]; then
  log "installing checkov 3.3.30 and parliament 1.6.4 into $VENV"
  python3 -m venv --clear "$VENV"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check checkov==3.3.30 parliament==1.6.4
fi

synth() { # $1 = outdir, rest = env
  local out=$1; shift
  env "$@" node -r tsx/cjs -e '
    const { App } = require("cdktf");
    const { ClusterStack } = require("./stacks/cluster-stack");
    const { LocalStack } = require("./stacks/local-stack");
    const { settingsFromEnv } = require("./stacks/settings");
    const app = new App({ outdir: process.argv[1] });
    const settings = settingsFromEnv(process.env);
    new LocalStack(app, "local-stack", settings);
    new ClusterStack(app, "cluster-stack", settings);
    app.synth();' "$out"
}
synth "$OUT/local" CDKTF_SPARK_BUCKET_MODE=local
synth "$OUT/aws" CDKTF_SPARK_BUCKET_MODE=aws
synth "$OUT/aws-user" CDKTF_SPARK_BUCKET_MODE=aws CDKTF_SPARK_AWS_CREDENTIALS=iam-user

# --skip-download: no calls to the vendor's platform (this machine reaches package registries only).
checkov=("$VENV/bin/checkov" --config-file test/scan/checkov.yaml --skip-download --compact --quiet)
failed=0
for stack in "$OUT"/*/stacks/*/cdk.tf.json; do
  name=${stack#"$OUT"/}
  if "${checkov[@]}" -f "$stack" --framework terraform_json >"$OUT/checkov.log" 2>&1; then
    log "checkov ${name%%/cdk.tf.json}: $(grep -o 'Passed checks: [0-9]*, Failed checks: [0-9]*, Skipped checks: [0-9]*' "$OUT/checkov.log" || echo 'no checks apply')"
  else
    grep -E 'Check:|FAILED|Passed checks' "$OUT/checkov.log" >&2; failed=1
  fi
done
if "${checkov[@]}" -d docker --framework dockerfile >"$OUT/checkov.log" 2>&1; then
  log "checkov Dockerfiles: $(grep -o 'Passed checks: [0-9]*, Failed checks: [0-9]*, Skipped checks: [0-9]*' "$OUT/checkov.log")"
else
  grep -E 'Check:|FAILED|Passed checks' "$OUT/checkov.log" >&2; failed=1
fi

# parliament reads policies, not Terraform: put a bucket and a key ARN where the references are.
node -e '
  const fs = require("fs");
  const { AwsProvider } = require("@cdktf/provider-aws/lib/provider");
  require("tsx/cjs");
  const { TerraformStack, Testing } = require("cdktf");
  const { S3Bucket } = require("./lib");
  const stack = new TerraformStack(Testing.app(), "kms");
  new AwsProvider(stack, "aws", { region: "eu-west-1" });
  new S3Bucket(stack, "bucket", { mode: "aws", encryption: "SSE-KMS" });
  fs.writeFileSync(process.argv[1], Testing.synth(stack));' "$OUT/kms.json"
policies=0
findings=0
for file in "$OUT"/aws/stacks/*/cdk.tf.json "$OUT/kms.json"; do
  while IFS= read -r policy; do
    policies=$((policies + 1))
    if ! "$VENV/bin/parliament" --string "$policy" </dev/null >"$OUT/parliament.log" 2>&1; then
      echo "parliament on $policy:" >&2; cat "$OUT/parliament.log" >&2; findings=$((findings + 1)); failed=1
    fi
  done < <(node -e '
    const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).resource ?? {};
    for (const type of ["aws_iam_policy", "aws_s3_bucket_policy"]) for (const p of Object.values(r[type] ?? {}))
      console.log(p.policy.replace(/\$\{aws_s3_bucket\.[^}]+\.arn\}/g, "arn:aws:s3:::example-bucket").replace(/\$\{aws_kms_key\.[^}]+\.arn\}/g, "arn:aws:kms:eu-west-1:111122223333:key/example"));' "$file")
done
log "parliament: $policies policies, $findings with findings"
((failed == 0)) || { log "scanners found something not suppressed in test/scan/checkov.yaml"; exit 1; }
log "scan: 0 failures beyond the suppressions in test/scan/checkov.yaml"
