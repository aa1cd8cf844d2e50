#!/usr/bin/env bash
# docker-down.sh - stop the dockerd that docker-up.sh started (and nothing else).
set -euo pipefail

DOCKERD_PIDFILE=${DOCKERD_PIDFILE:-/var/run/docker-up.pid}
DOCKER_UP_MARKER=${DOCKER_UP_MARKER:-/var/run/docker-up.started}
log() { echo "[docker-down] $*" >&2; }

if [[ ! -f $DOCKER_UP_MARKER ]]; then
  log "no $DOCKER_UP_MARKER: dockerd was not started by docker-up.sh; leaving it alone"
  exit 0
fi
pid=$(cat "$DOCKER_UP_MARKER")
if ! kill -0 "$pid" 2>/dev/null; then
  log "dockerd pid $pid already gone"
  rm -f "$DOCKER_UP_MARKER"
  exit 0
fi
if [[ $(cat "/proc/$pid/comm" 2>/dev/null) != dockerd ]]; then
  log "pid $pid is not dockerd ($(cat "/proc/$pid/comm" 2>/dev/null)); leaving it alone"
  rm -f "$DOCKER_UP_MARKER"
  exit 1
fi
log "stopping dockerd pid $pid"
kill -TERM "$pid"
for _ in $(seq 1 60); do
  kill -0 "$pid" 2>/dev/null || break
  sleep 0.5
done
if kill -0 "$pid" 2>/dev/null; then
  log "dockerd pid $pid still alive after 30s; sending KILL"
  kill -KILL "$pid" || true
fi
rm -f "$DOCKER_UP_MARKER" "$DOCKERD_PIDFILE"
log "stopped"
