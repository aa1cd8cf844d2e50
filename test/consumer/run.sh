#!/usr/bin/env bash
# npm run test:consumer: the library as a team gets it. Packs this repository,
# installs the tarball into a fresh app beside the newest constructs 10.x and
# the provider bindings (no cdktf-spark-aws, no @cdktf/provider-aws), type-checks the app under
# `strict`, synthesizes it and checks what it got. main.ts is the README's
# import example and hosts.ts its "More than one machine" app
# (test/readme.test.ts keeps them identical); cdktn.sh does the same with cdktn-spark and compares
# the Terraform. Then new-user.sh follows the
# README's "Use it in your own project" in an empty folder with the same tarball.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
APP=$(mktemp -d)
trap 'rm -rf "$APP"' EXIT
log() { printf '[consumer] %s\n' "$*"; }

log "npm pack (builds dist/ through prepare), and cdktf-spark-aws"
TARBALL=$(cd "$ROOT" && npm pack --silent --pack-destination "$APP" | tail -1)
AWS_TARBALL=$(cd "$ROOT" && npm pack --silent --pack-destination "$APP" ./packages/aws | tail -1)
aws_files=$(tar -tzf "$APP/$AWS_TARBALL")
for f in package/dist/index.js package/dist/aws-bucket.js package/README.md package/LICENSE; do
  grep -qx "$f" <<<"$aws_files" || { echo "cdktf-spark-aws lacks $f" >&2; exit 1; }
done
files=$(tar -tzf "$APP/$TARBALL")
for f in package/dist/index.js package/dist/index.d.ts package/docker/spark/Dockerfile package/docker/jupyter/Dockerfile package/README.md package/LICENSE package/CHANGELOG.md; do
  grep -qx "$f" <<<"$files" || { echo "the package lacks $f" >&2; exit 1; }
done
if grep -qE '^package/(test|e2e|stacks|bench|lib)/|\.test\.' <<<"$files"; then echo "the package ships tests or sources:" >&2; grep -E '^package/(test|e2e|stacks|bench|lib)/' <<<"$files" >&2; exit 1; fi
log "$TARBALL: $(wc -l <<<"$files") files"

cp "$ROOT/test/consumer/"{package.json,tsconfig.json,main.ts,hosts.ts,aws-without-package.ts,check.js,check-hosts.js,check-exports.js} "$APP/"
cd "$APP"
log "npm install the tarball beside constructs@^10 and the bindings"
npm install --no-audit --no-fund --loglevel=error "./$TARBALL" "constructs@^10" "cdktf@^0.21" \
  "@cdktf/provider-docker@^12" "@cdktf/provider-random@^12" "typescript@5.9.3" "@types/node@20"
copies=$(find node_modules -type f -path '*/constructs/package.json' | wc -l)
version=$(node -p 'require("constructs/package.json").version')
[[ $copies == 1 ]] || { echo "expected one copy of constructs, found $copies:" >&2; find node_modules -path '*/constructs/package.json' >&2; exit 1; }
for optional in cdktf-spark-aws @cdktf/provider-aws; do
  [[ ! -d node_modules/$optional ]] || { echo "$optional was installed although a local-bucket app does not need it" >&2; exit 1; }
done
log "one copy of constructs ($version); no cdktf-spark-aws, no @cdktf/provider-aws"

node check-exports.js
log "tsc --strict"
npx --no-install tsc -p .
# What `npm i -D typescript` installs today (7.x) type-checks the same app, without emitting.
log "tsc 7 --strict --noEmit"
mkdir ts7 && (cd ts7 && npm init -y >/dev/null && npm install --no-audit --no-fund --loglevel=error "typescript@^7")
./ts7/node_modules/.bin/tsc -p . --noEmit
log "synth"
node out/main.js
node check.js
node out/hosts.js
node check-hosts.js
node out/aws-without-package.js
log "the same apps on cdktn"
bash "$ROOT/test/consumer/cdktn.sh" "$APP"
log "the README's new-user steps"
bash "$ROOT/test/consumer/new-user.sh" "$APP/$TARBALL" "$APP/$AWS_TARBALL"
