#!/usr/bin/env bash
# docs/getting-started.md's "Use it in your own project" (the README's install section in full),
# followed literally by a new user in an empty folder
# (run.sh calls it with the two tarballs it packed; alone, it packs this checkout itself):
# new-user.js turns the section into a script, which installs the tarball from ../cdktf-spark/
# (where the walkthrough's clone would have packed it) beside the registry packages, writes cdktf.json
# and main.ts as the README shows them, type-checks main.ts under `strict`, runs `npx cdktf synth`
# and checks the stack (check-new-user.js) — then the same for the AWS-mode main.ts.
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
export CI=true CHECKPOINT_DISABLE=1 NEW_USER_CHECKED=$WORK/checked
typecheck="$ROOT/node_modules/.bin/tsc --noEmit --strict --noUnusedLocals --skipLibCheck --target ES2022 --module node16 --moduleResolution node16"
node "$HERE/new-user.js" "$ROOT/docs/getting-started.md" "node $HERE/check-new-user.js" "$typecheck" >"$WORK/steps.sh"
start=$SECONDS
(cd "$WORK" && bash "$WORK/steps.sh")
checked=$(sort "$WORK/checked" | tr '\n' ' ')
[[ $checked == "my-spark my-spark-aws " ]] || { echo "docs/getting-started.md's new-user section synthesized and checked: ${checked:-nothing}; expected my-spark and my-spark-aws" >&2; exit 1; }
echo "[new user] ok: docs/getting-started.md's steps from an empty folder, in $((SECONDS - start)) s"
