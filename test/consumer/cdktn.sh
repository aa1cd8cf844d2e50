#!/usr/bin/env bash
# The consumer apps on CDK Terrain (run.sh calls it with its cdktf app folder, built): cdktn-spark's tarball
# (scripts/cdktn.sh pack) installed in a fresh app beside cdktn and the @cdktn bindings, the same apps with their
# imports moved as the CHANGELOG says (scripts/cdktn-rewrite.js --app), type-checked under `strict`, and each
# app's Terraform the same as the cdktf app's but for the framework and provider versions (same-terraform.js).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
CDKTF_APP=$1
APP=$(mktemp -d)
trap 'rm -rf "$APP"' EXIT
log() { printf '[consumer cdktn] %s\n' "$*"; }
start=$SECONDS

bash "$ROOT/scripts/cdktn.sh" pack
version=$(node -p "require('$ROOT/package.json').version")
TARBALL=$ROOT/packages/cdktn/build/cdktn-spark-$version.tgz
files=$(tar -tzf "$TARBALL")
for f in package/dist/index.js package/provider-docker/provider/index.js package/provider-docker/provider/index.d.ts package/docker/spark/Dockerfile package/README.md package/CHANGELOG.md; do
  grep -qx "$f" <<<"$files" || { echo "cdktn-spark lacks $f" >&2; exit 1; }
done
if grep -qE '^package/(test|stacks|lib)/|\.test\.|^package/provider-docker/.*[^d]\.ts$' <<<"$files"; then echo "cdktn-spark ships tests or sources" >&2; exit 1; fi
log "$(basename "$TARBALL"): $(wc -l <<<"$files") files, $(du -k "$TARBALL" | cut -f1) kB"
aws_files=$(tar -tzf "${TARBALL/cdktn-spark-/cdktn-spark-aws-}")
for f in package/dist/index.js package/dist/aws-bucket.js package/README.md package/LICENSE; do
  grep -qx "$f" <<<"$aws_files" || { echo "cdktn-spark-aws lacks $f" >&2; exit 1; }
done

cp "$ROOT/test/consumer/"{package.json,tsconfig.json} "$APP/"
node "$ROOT/scripts/cdktn-rewrite.js" --app "$ROOT/test/consumer/main.ts" "$ROOT/test/consumer/hosts.ts" "$APP"
cd "$APP"
log "npm install cdktn-spark beside cdktn and @cdktn/provider-random (constructs: cdktn's peer)"
npm install --no-audit --no-fund --loglevel=error --prefer-offline "$TARBALL" "cdktn@^0.24" "@cdktn/provider-random@^15" "typescript@5.9.3" "@types/node@20"
copies=$(find node_modules -type f -path '*/constructs/package.json' | wc -l)
[[ $copies == 1 ]] || { echo "expected one copy of constructs, found $copies" >&2; exit 1; }
log "one copy of constructs ($(node -p 'require("constructs/package.json").version')), cdktn $(node -p 'require("cdktn/package.json").version')"
log "tsc --strict"
npx --no-install tsc -p .
REF=$(mktemp -d)
for app in main hosts; do
  (cd "$CDKTF_APP" && CDKTF_OUTDIR="$REF/$app-cdktf" node "out/$app.js")
  CDKTF_OUTDIR="$REF/$app-cdktn" node --no-deprecation "out/$app.js"
  node "$ROOT/test/cdktn/same-terraform.js" "$REF/$app-cdktf" "$REF/$app-cdktn" "consumer $app.ts"
done
rm -rf "$REF"
log "ok in $((SECONDS - start)) s"
