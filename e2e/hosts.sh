#!/usr/bin/env bash
# e2e/hosts.sh: extra Docker hosts on this machine for the e2e, each a network
# namespace with a veth link into a bridge and its own dockerd, whose API
# listens on the namespace's address over TCP with TLS (as a remote machine's
# would). Traffic stays on the bridge's private test network.
#
#   up [IMAGE...]          bridge, namespaces, certificates, dockerds; loads IMAGEs (from this
#                          host's engine) into every host lacking them; writes .e2e/hosts.env
#   down                   stops the dockerds, removes namespaces, links, bridge (keeps data roots, certs)
#   link-down|link-up H    cuts host H off the network / brings it back
#   dockerd-stop|dockerd-start H
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
CACHE=${CDKTF_SPARK_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/cdktf-spark}/hosts
TLS=$CACHE/tls
LOGS=$ROOT/.e2e/logs
BRIDGE=spkbr0
MAIN_ADDRESS=10.77.0.1
HOSTS=${E2E_HOSTS:-2}

log() { printf '[hosts] %s\n' "$*" >&2; }
names() { for ((i = 1; i <= HOSTS; i++)); do echo "h$i"; done; }
address() { echo "10.77.0.1${1#h}"; }
socket() { echo "unix:///run/spk-$1/docker.sock"; }
pidfile() { echo "/run/spk-$1/docker.pid"; }
answers() { timeout 10 docker -H "$(socket "$1")" info >/dev/null 2>&1; }

network_up() {
  ip link show "$BRIDGE" >/dev/null 2>&1 || ip link add "$BRIDGE" type bridge
  ip addr show dev "$BRIDGE" | grep -q "$MAIN_ADDRESS/" || ip addr add "$MAIN_ADDRESS/24" dev "$BRIDGE"
  ip link set "$BRIDGE" up
  # Docker's FORWARD policy is DROP and br_netfilter sends bridged frames through it: let hosts talk to each other.
  iptables -C DOCKER-USER -i "$BRIDGE" -o "$BRIDGE" -j ACCEPT 2>/dev/null || iptables -I DOCKER-USER -i "$BRIDGE" -o "$BRIDGE" -j ACCEPT
  local h
  for h in $(names); do
    ip netns list | grep -qw "spk-$h" || ip netns add "spk-$h"
    if ! ip link show "spk-$h" >/dev/null 2>&1; then
      ip link add "spk-$h" type veth peer name "spk-$h-in"
      ip link set "spk-$h-in" netns "spk-$h"
      ip -n "spk-$h" link set "spk-$h-in" name eth0
      ip -n "spk-$h" addr add "$(address "$h")/24" dev eth0
    fi
    ip link set "spk-$h" master "$BRIDGE" up
    ip -n "spk-$h" link set lo up
    ip -n "spk-$h" link set eth0 up
  done
}

# A CA, a server certificate per host (its address as subjectAltName), one client certificate.
certificates() {
  mkdir -p "$TLS/client"
  if [[ ! -f $TLS/ca-key.pem ]] || ! openssl x509 -checkend 86400 -noout -in "$TLS/client/ca.pem" >/dev/null 2>&1; then
    openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj "/CN=cdktf-spark e2e CA" -keyout "$TLS/ca-key.pem" -out "$TLS/client/ca.pem" 2>/dev/null
    rm -f "$TLS"/server-*.pem "$TLS/client/cert.pem"
  fi
  sign() { # $1 name, $2 extensions
    openssl req -newkey rsa:2048 -nodes -subj "/CN=$1" -keyout "$TLS/$1-key.pem" -out "$TLS/$1.csr" 2>/dev/null
    openssl x509 -req -days 30 -in "$TLS/$1.csr" -CA "$TLS/client/ca.pem" -CAkey "$TLS/ca-key.pem" -CAcreateserial \
      -extfile <(echo "$2") -out "$TLS/$1-cert.pem" 2>/dev/null
    rm -f "$TLS/$1.csr"
  }
  local h
  for h in $(names); do
    [[ -f $TLS/server-$h-cert.pem ]] || sign "server-$h" "subjectAltName = IP:$(address "$h")
extendedKeyUsage = serverAuth"
  done
  if [[ ! -f $TLS/client/cert.pem ]]; then
    sign client "extendedKeyUsage = clientAuth"
    mv "$TLS/client-cert.pem" "$TLS/client/cert.pem"
    mv "$TLS/client-key.pem" "$TLS/client/key.pem"
  fi
  chmod 600 "$TLS"/*key.pem "$TLS/client/key.pem"
}

dockerd_start() {
  local h=$1
  answers "$h" && return 0
  mkdir -p "/run/spk-$h" "$CACHE/$h" "$LOGS"
  # Own socket, data root, exec root (its own containerd), cgroup parent and bridge subnet: nothing shared with this host's engine.
  # nsenter, not `ip netns exec`: that also remounts /sys, hiding the cgroup mounts dockerd needs.
  nsenter --net="/run/netns/spk-$h" setsid dockerd \
    --host "$(socket "$h")" --host "tcp://$(address "$h"):2376" \
    --tlsverify --tlscacert "$TLS/client/ca.pem" --tlscert "$TLS/server-$h-cert.pem" --tlskey "$TLS/server-$h-key.pem" \
    --data-root "$CACHE/$h/docker" --exec-root "/run/spk-$h/exec" --pidfile "$(pidfile "$h")" \
    --cgroup-parent "spk-$h" --bip "172.31.1${h#h}.1/24" \
    >>"$LOGS/host-$h-dockerd.log" 2>&1 </dev/null &
  local start=$SECONDS pid=$!
  until answers "$h"; do
    if ((SECONDS - start > 60)) || ! kill -0 "$pid" 2>/dev/null; then
      tail -n 30 "$LOGS/host-$h-dockerd.log" >&2
      log "dockerd of $h did not answer (exited, or not within 60 s)"
      return 1
    fi
    sleep 0.5
  done
  log "$h: dockerd answers after $((SECONDS - start)) s"
}

dockerd_stop() {
  local h=$1 pid
  pid=$(cat "$(pidfile "$h")" 2>/dev/null) || return 0
  kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid"
  for _ in $(seq 60); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.5; done
  kill -KILL "$pid" 2>/dev/null || true
}

image_id() { docker "${@:2}" image inspect -f '{{.Id}}' "$1" 2>/dev/null || true; }

# One `docker save` of what any host lacks, loaded into every host that lacks it at once.
load_images() {
  (($#)) || return 0
  local missing=() targets=() h image
  for image in "$@"; do
    local id
    id=$(image_id "$image")
    [[ -n $id ]] || { log "$image is not in this host's engine"; return 1; }
    for h in $(names); do
      if [[ $(image_id "$image" -H "$(socket "$h")") != "$id" ]]; then
        [[ " ${missing[*]} " == *" $image "* ]] || missing+=("$image")
        [[ " ${targets[*]} " == *" $h "* ]] || targets+=("$h")
      fi
    done
  done
  ((${#missing[@]})) || { log "images already on every host: $*"; return 0; }
  local start=$SECONDS tar pids=()
  tar=$(mktemp "$CACHE/images-XXXX.tar")
  docker save -o "$tar" "${missing[@]}"
  for h in "${targets[@]}"; do docker -H "$(socket "$h")" load -q -i "$tar" >&2 & pids+=($!); done
  for pid in "${pids[@]}"; do wait "$pid" || { rm -f "$tar"; return 1; }; done
  rm -f "$tar"
  log "loaded ${missing[*]} into ${targets[*]} in $((SECONDS - start)) s"
}

write_env() {
  {
    echo "export E2E_MAIN_ADDRESS=$MAIN_ADDRESS"
    echo "export E2E_HOST_NAMES=\"$(names | xargs)\""
    echo "export E2E_HOSTS_CERT_PATH=$TLS/client"
    local h
    for h in $(names); do
      local H=${h^^}
      echo "export E2E_${H}_ADDRESS=$(address "$h")"
      echo "export E2E_${H}_DOCKER_HOST=tcp://$(address "$h"):2376"
      echo "export E2E_${H}_SOCKET=$(socket "$h")"
    done
  } >"$ROOT/.e2e/hosts.env"
}

up() {
  network_up
  certificates
  local h
  for h in $(names); do dockerd_start "$h"; done
  load_images "$@"
  write_env
}

down() {
  local h
  for h in $(names); do
    dockerd_stop "$h"
    ip link del "spk-$h" 2>/dev/null || true
    ip netns del "spk-$h" 2>/dev/null || true
  done
  ip link del "$BRIDGE" 2>/dev/null || true
  while iptables -D DOCKER-USER -i "$BRIDGE" -o "$BRIDGE" -j ACCEPT 2>/dev/null; do :; done
}

command=${1:?usage: hosts.sh up [IMAGE...] | down | link-down H | link-up H | dockerd-stop H | dockerd-start H}
shift
case $command in
  up) up "$@" ;;
  down) down ;;
  link-down) ip link set "spk-${1:?host}" down ;;
  link-up) ip link set "spk-${1:?host}" up ;;
  dockerd-stop) dockerd_stop "${1:?host}" ;;
  dockerd-start) dockerd_start "${1:?host}" ;;
  *) echo "unknown command $command" >&2; exit 2 ;;
esac
