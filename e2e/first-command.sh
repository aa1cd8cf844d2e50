#!/usr/bin/env bash
# The README's first command, verbatim, as a new user runs it on this machine;
# then JupyterLab must answer with the token the command printed and refuse
# without it, and `npm run down` must take the stack away again; after each,
# the state (which holds that token) is the user's only.
set -euo pipefail
cd "$(dirname "$0")/.."
command=$(awk '/^```bash$/ {inside = 1; next} inside {print; exit}' README.md | sed 's/ *#.*$//')
[[ $command == *"npm run up"* ]] || { echo "README's first command is not the up command: $command" >&2; exit 1; }
echo "[first-command] $command" >&2
start=$SECONDS
# tee -a: opening /dev/stderr without it truncates a CI log that is a file (everything before this was lost).
output=$(bash -c "$command" 2>&1 | tee -a /dev/stderr)
echo "[first-command] took $((SECONDS - start)) s" >&2
# private AFTER: state/ 0700, the state file and its backup 0600.
private() {
  local modes
  modes=$(stat -c '%n %a' state state/terraform.local-stack.tfstate state/terraform.local-stack.tfstate.backup)
  [[ $modes == $'state 700\nstate/terraform.local-stack.tfstate 600\nstate/terraform.local-stack.tfstate.backup 600' ]] ||
    { echo "after $1 the state is not the user's only:" >&2; echo "$modes" >&2; exit 1; }
  echo "[first-command] after $1: state/ 700, its files 600" >&2
}
private "npm run up"
url=$(grep -oE 'http://127\.0\.0\.1:[0-9]+/lab\?token=[A-Za-z0-9]+' <<<"$output" | head -1)
[[ -n $url ]] || { echo "the command printed no Jupyter URL with a token" >&2; exit 1; }
base=${url%%/lab*} token=${url##*token=}
with=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: token $token" "$base/api/status")
without=$(curl -s -o /dev/null -w '%{http_code}' "$base/api/status")
[[ $with == 200 && $without == 403 ]] || { echo "JupyterLab answered $with with the printed token and $without without (want 200 and 403)" >&2; exit 1; }
echo "[first-command] JupyterLab answers with the printed token (200) and refuses without (403)" >&2
# Nothing left to change after the deploy: the plan is empty (exit 0), with the providers `up` chose.
# shellcheck disable=SC1091
(source .workbench.env && terraform -chdir=cdktf.out/stacks/local-stack plan -detailed-exitcode -input=false -no-color -lock=false >/dev/null) ||
  { echo "terraform plan after npm run up is not empty" >&2; exit 1; }
echo "[first-command] terraform plan after it: no changes" >&2
npm run down
if docker ps --format '{{.Names}}' | grep -q '^local-stack-'; then echo "npm run down left containers running" >&2; exit 1; fi
echo "[first-command] npm run down removed the stack" >&2
private "npm run down"
# A port the stack publishes held by another container (here a stand-in for cluster-stack's S3 endpoint): the
# command stops before the apply and names the holder.
holder=first-command-port-holder
docker run -d --rm --name "$holder" -p 127.0.0.1:8333:80 local/debian:bookworm sleep 300 >/dev/null
if refused=$(npm run up 2>&1); then docker rm -f "$holder" >/dev/null; echo "npm run up deployed with port 8333 held" >&2; exit 1; fi
docker rm -f "$holder" >/dev/null
grep -q "127.0.0.1:8333 is held by container $holder" <<<"$refused" ||
  { echo "npm run up with port 8333 held did not name the holder:" >&2; tail -5 <<<"$refused" >&2; exit 1; }
if docker ps -a --format '{{.Names}}' | grep -q '^local-stack-'; then echo "the refused npm run up created containers" >&2; exit 1; fi
echo "[first-command] with 127.0.0.1:8333 held, npm run up stops before the apply and names the holder" >&2
