#!/usr/bin/env bash
# docker-up.sh - make sure a Docker engine answers on this machine.
#
#  * installs Debian's docker.io (dockerd + containerd + runc) if dockerd is missing
#  * starts dockerd in the background (log + pidfile) unless `docker info` already answers
#  * waits until `docker info` answers (DOCKER_UP_TIMEOUT, default 60 s)
#
# Only a dockerd started by this script is stopped by docker-down.sh (marker file).
# Env knobs:
#   DOCKERD_FLAGS       extra flags for dockerd (none are needed on this machine)
#   DOCKERD_LOG         log file          (default /var/log/dockerd-up.log)
#   DOCKERD_PIDFILE     dockerd pidfile   (default /var/run/docker-up.pid)
#   DOCKER_UP_TIMEOUT   seconds to wait   (default 60)
set -euo pipefail

DOCKERD_LOG=${DOCKERD_LOG:-/var/log/dockerd-up.log}
DOCKERD_PIDFILE=${DOCKERD_PIDFILE:-/var/run/docker-up.pid}
DOCKER_UP_MARKER=${DOCKER_UP_MARKER:-/var/run/docker-up.started}
DOCKER_UP_TIMEOUT=${DOCKER_UP_TIMEOUT:-60}
DOCKERD_FLAGS=${DOCKERD_FLAGS:-}

log() { echo "[docker-up] $*" >&2; }

# shellcheck source=retry.sh
source "$(dirname "${BASH_SOURCE[0]}")/retry.sh"

answers() { timeout 10 docker info >/dev/null 2>&1; }

if [[ $(id -u) -ne 0 ]]; then
  log "must run as root"; exit 1
fi

# 1. engine binaries -----------------------------------------------------------
if ! command -v dockerd >/dev/null 2>&1; then
  log "dockerd missing: installing Debian docker.io"
  export DEBIAN_FRONTEND=noninteractive
  retry 3 apt-get update -q
  retry 3 apt-get install -y -q --no-install-recommends docker.io
fi
if ! command -v docker >/dev/null 2>&1; then
  log "no docker client on PATH"; exit 1
fi

# 2. already up? ---------------------------------------------------------------
if answers; then
  log "docker already answers ($(docker version --format '{{.Server.Version}}' 2>/dev/null))"
  exit 0
fi

# 3. start dockerd -------------------------------------------------------------
# A stale pidfile of a dead dockerd is harmless (dockerd overwrites it), but a
# live dockerd that does not answer is an error we should not paper over.
if [[ -f $DOCKERD_PIDFILE ]]; then
  oldpid=$(cat "$DOCKERD_PIDFILE" 2>/dev/null || true)
  if [[ -n $oldpid ]] && kill -0 "$oldpid" 2>/dev/null; then
    log "dockerd pid $oldpid from $DOCKERD_PIDFILE is alive but does not answer yet; waiting"
  else
    rm -f "$DOCKERD_PIDFILE" "$DOCKER_UP_MARKER"
  fi
fi

if ! { [[ -f $DOCKERD_PIDFILE ]] && kill -0 "$(cat "$DOCKERD_PIDFILE")" 2>/dev/null; }; then
  mkdir -p "$(dirname "$DOCKERD_LOG")"
  log "starting dockerd (log: $DOCKERD_LOG)"
  # setsid: own session, so the daemon survives the caller's shell / job control
  # shellcheck disable=SC2086
  setsid dockerd --pidfile "$DOCKERD_PIDFILE" $DOCKERD_FLAGS >>"$DOCKERD_LOG" 2>&1 </dev/null &
  echo $! >"$DOCKER_UP_MARKER"
fi

# 4. wait ----------------------------------------------------------------------
start=$SECONDS
until answers; do
  if ((SECONDS - start >= DOCKER_UP_TIMEOUT)); then
    log "docker did not answer within ${DOCKER_UP_TIMEOUT}s; last log lines:"
    tail -n 30 "$DOCKERD_LOG" >&2 || true
    exit 1
  fi
  if [[ -f $DOCKER_UP_MARKER ]] && ! kill -0 "$(cat "$DOCKER_UP_MARKER")" 2>/dev/null; then
    log "dockerd exited; last log lines:"
    tail -n 30 "$DOCKERD_LOG" >&2 || true
    rm -f "$DOCKER_UP_MARKER"
    exit 1
  fi
  sleep 0.5
done
log "docker answers after $((SECONDS - start))s: server $(docker version --format '{{.Server.Version}}'), storage $(docker info --format '{{.Driver}}'), cgroup v$(docker info --format '{{.CgroupVersion}}')"
