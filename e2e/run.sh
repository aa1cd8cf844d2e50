#!/usr/bin/env bash
# npm run e2e: prepares this machine with the product's own `scripts/workbench.sh
# prepare` (the first half of `npm run up`: Docker engine, base images,
# Terraform providers), measures the library images cold once, then runs the
# scenarios in e2e/main.ts (TypeScript: deploys through cdktf, talks to Spark,
# JupyterLab and Terraform), which write docs/e2e-results.md.
#
# Where no image or Terraform registry answers (as here), every piece comes
# from package registries; docs/offline.md says how and which versions. The
# stacks are pointed at what prepare chose through the same CDKTF_SPARK_*
# settings a user has; no test-only code path exists in lib/.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
# Caches live outside the clone (shared with `npm run up`), so a second run on this machine rebuilds nothing.
WORK=${CDKTF_SPARK_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/cdktf-spark}
LOGS=$ROOT/.e2e/logs
rm -rf "$LOGS"
mkdir -p "$LOGS" "$WORK"
T_START=$SECONDS

log() { printf '[e2e %4ss] %s\n' "$((SECONDS - T_START))" "$*" >&2; }
fail() { log "FAILED: $*"; exit 1; }

# run NAME CMD...: runs a setup step with its output in a log; on failure shows the log and stops.
run() {
  local name=$1; shift
  log "$name"
  if ! "$@" >"$LOGS/$name.log" 2>&1; then
    tail -n 60 "$LOGS/$name.log" >&2
    fail "$name (full log: $LOGS/$name.log)"
  fi
}

# ---- the machine: Docker engine, base images, providers (the product's own `npm run up` steps) ----
# Stop at the end only an engine this run started.
STARTED_DOCKER=0
timeout 10 docker info >/dev/null 2>&1 || STARTED_DOCKER=1
cleanup() {
  local rc=$?
  if ((rc != 0)); then
    log "collecting container logs into $LOGS/containers"
    mkdir -p "$LOGS/containers"
    for c in $(docker ps -a --format '{{.Names}}' 2>/dev/null | grep -E '^((cluster|local|lines|hosts|aws)-stack|upgrade-(cluster|local))-' || true); do
      docker logs "$c" >"$LOGS/containers/$c.log" 2>&1 || true
    done
  fi
  bash e2e/hosts.sh down >>"$LOGS/hosts-down.log" 2>&1 || true
  if ((STARTED_DOCKER)); then bash scripts/docker-down.sh >>"$LOGS/docker-down.log" 2>&1 || true; fi
  exit "$rc"
}
trap cleanup EXIT
run prepare bash scripts/workbench.sh prepare
# The cdktn build of the same stacks (cached; local.ts deploys local-stack through it).
run cdktn-build bash scripts/cdktn.sh
# The newest release of every other supported line (the default, 4.1, is prepared above): 3.5 and 4.0 run as
# Databricks Runtime 16.4 LTS and 17.3 LTS, each prepared as a user would by choosing CDKTF_SPARK_VERSION, into
# its own state file for e2e/scenarios/lines.ts.
export E2E_LINE_VERSIONS="3.5.9 4.0.5 4.2.1 4.3.0" E2E_CACHE=$WORK
for version in $E2E_LINE_VERSIONS; do
  run "prepare-$version" env -u CDKTF_SPARK_BASE_IMAGE -u CDKTF_SPARK_CLOUD_COMMITTER_VERSION -u CDKTF_SPARK_AWS_SDK_VERSION \
    CDKTF_SPARK_VERSION="$version" WORKBENCH_STATE="$ROOT/.e2e/line-$version.env" bash scripts/workbench.sh prepare
done
t=$SECONDS
run prepare-again bash scripts/workbench.sh prepare
PREPARE_WARM=$((SECONDS - t))
# shellcheck disable=SC1091
source .workbench.env
export CI=true CHECKPOINT_DISABLE=1 WORKBENCH_DEPLOY_FLAGS=${WORKBENCH_DEPLOY_FLAGS:-}

# A browser for the browser scenario: Debian's Chromium (playwright-core drives it; no browser download).
if [[ ! -x /usr/bin/chromium ]]; then
  # shellcheck source=../scripts/retry.sh
  source scripts/retry.sh
  run chromium retry 3 bash -c 'apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends chromium'
fi

record_cold() { echo "$2 s (measured $(date -u +%Y-%m-%d))" >"$WORK/cold-$1"; }
cold() { cat "$WORK/cold-$1" 2>/dev/null || echo "not measured on this machine"; }

# The library's images once without any cache, for the cold figure (first run
# on a machine only): same Dockerfiles and build args as the synthesized stack.
# Keyed by what the images are built from: the Dockerfiles and the base image.
LIBRARY_IMAGES_KEY=library-images-$( { find docker -type f | sort | xargs sha256sum; docker image inspect -f '{{.Id}}' "$CDKTF_SPARK_BASE_IMAGE"; } | sha256sum | cut -c1-12)
if [[ ! -f $WORK/cold-$LIBRARY_IMAGES_KEY ]]; then
  run synth npx --no-install cdktf synth
  t=$SECONDS
  run library-images-cold python3 - <<'PY'
import json, os, subprocess
stack_dir = "cdktf.out/stacks/cluster-stack"
stack = json.load(open(f"{stack_dir}/cdk.tf.json"))
images = sorted(stack["resource"]["docker_image"].values(), key=lambda i: "jupyter" in i["build"]["context"])
for image in images:
    args = [a for k, v in image["build"]["build_args"].items() for a in ("--build-arg", f"{k}={v}")]
    # Contexts are relative to the stack's directory, where Terraform runs.
    subprocess.run(["docker", "build", "--no-cache", "-t", image["name"], *args, os.path.join(stack_dir, image["build"]["context"])], check=True)
PY
  record_cold "$LIBRARY_IMAGES_KEY" $((SECONDS - t))
fi

cat >"$ROOT/.e2e/setup.json" <<JSON
{"baseImagesCold": "$(cold "base-images-$(node -p 'require("./dist/databricks-runtime").stackSparkVersion(process.env.CDKTF_SPARK_RUNTIME, process.env.CDKTF_SPARK_VERSION)')")", "prepareWarm": "$PREPARE_WARM", "libraryImagesCold": "$(cold "$LIBRARY_IMAGES_KEY")"}
JSON
log "machine ready; scenarios follow"

# ---- scenarios (TypeScript) ----------------------------------------------------------
npx --no-install tsx e2e/main.ts
