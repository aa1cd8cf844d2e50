#!/usr/bin/env bash
# npm run bench:deploy | bench:notebook: prepares this machine as `npm run up`
# does (Docker engine, base images, providers; all cached after the e2e), then
# runs bench/<name>.ts.
set -euo pipefail
cd "$(dirname "$0")/.."
name=${1:?usage: bench/prepare.sh deploy|notebook}
bash scripts/workbench.sh prepare
# shellcheck disable=SC1091
source .workbench.env
export CI=true CHECKPOINT_DISABLE=1
if [[ $name == deploy ]] && ! command -v docker-compose >/dev/null; then
  # shellcheck source=../scripts/retry.sh
  source scripts/retry.sh
  retry 3 bash -c 'apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends docker-compose'
fi
mkdir -p .e2e/logs
exec npx --no-install tsx "bench/$name.ts"
