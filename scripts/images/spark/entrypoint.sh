#!/bin/bash
# Minimal stand-in for apache/spark's /opt/entrypoint.sh: only its pass-through mode.
# (The official one also implements the Kubernetes "driver"/"executor" modes.)
set -e
if [ $# -eq 0 ]; then
  set -- bash
fi
case "$1" in
  driver | executor)
    echo "entrypoint: k8s '$1' mode is not implemented in this image" >&2
    exit 64
    ;;
esac
# tini as PID 1: forwards signals (docker stop) and reaps zombies.
if [ "$$" -eq 1 ] && [ -x /usr/bin/tini ]; then
  exec /usr/bin/tini -s -- "$@"
fi
exec "$@"
