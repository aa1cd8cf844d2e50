#!/usr/bin/env bash
# docs/getting-started.md's "Use it in your own project" (the README's install section in full),
# followed literally by a new user in an empty folder
# (run.sh calls it with the two tarballs it packed; alone, it packs this checkout itself):
# new-user.js turns the section into a script, which installs the tarball from ../cdktf-spark/
# (where the walkthrough's clone would have packed it) beside the registry packages, writes cdktf.json
# and main.ts as the README shows them, type-checks main.ts under `strict`, runs `npx cdktf synth`
# and checks the stack (check-new-user.js) — then the same for the AWS-mode main.ts. Then docs/cdktn.md's
# section the same way on CDK Terrain (cdktn-spark's tarballs from scripts/cdktn.sh), whose two stacks must be
# the cdktf walkthrough's Terraform but for the framework and provider versions (test/cdktn/same-terraform.js).
# npm prefers its cache (everything but the tarball is a devDependency of this repository, so
# cached): run.sh's own install is the one that takes the newest constructs 10.x.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
HERE=$ROOT/test/consumer
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
mkdir "$WORK/cdktf-spark"
if [[ ${1:-} ]]; then
  cp "$1" "$2" "$WORK/cdktf-spark/"
else
  (cd "$ROOT" && npm pack --silent --pack-destination "$WORK/cdktf-spark" . ./packages/aws >/dev/null)
fi
export npm_config_prefer_offline=true npm_config_audit=false npm_config_fund=false npm_config_loglevel=error
export CI=true CHECKPOINT_DISABLE=1
typecheck="$ROOT/node_modules/.bin/tsc --noEmit --strict --noUnusedLocals --skipLibCheck --target ES2022 --module node16 --moduleResolution node16"
# walkthrough PAGE FOLDER: the page's new-user section run in FOLDER (which holds the clone's tarballs).
walkthrough() {
  local page=$1 folder=$2 start=$SECONDS checked
  node "$HERE/new-user.js" "$ROOT/$page" "node $HERE/check-new-user.js" "$typecheck" >"$folder/steps.sh"
  (cd "$folder" && NEW_USER_CHECKED=$folder/checked NEW_USER_KEEP=$folder/kept bash "$folder/steps.sh")
  checked=$(sort "$folder/checked" | tr '\n' ' ')
  [[ $checked == "my-spark my-spark-aws " ]] || { echo "$page's new-user section synthesized and checked: ${checked:-nothing}; expected my-spark and my-spark-aws" >&2; exit 1; }
  echo "[new user] ok: $page's steps from an empty folder, in $((SECONDS - start)) s"
}
walkthrough docs/getting-started.md "$WORK"

CDKTN=$WORK/cdktn
mkdir -p "$CDKTN/cdktf-spark/packages/cdktn/build"
bash "$ROOT/scripts/cdktn.sh" pack
cp "$ROOT"/packages/cdktn/build/cdktn-spark-*.tgz "$CDKTN/cdktf-spark/packages/cdktn/build/"
walkthrough docs/cdktn.md "$CDKTN"
for stack in my-spark my-spark-aws; do
  node "$ROOT/test/cdktn/same-terraform.js" "$WORK/kept/$stack" "$CDKTN/kept/$stack" "new user"
done
