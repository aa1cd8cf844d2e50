#!/usr/bin/env bash
# e2e/hosts.sh: extra Docker hosts on this machine for the e2e. Each is a network namespace
# spk-hN with a veth link into the bridge spkbr0 (10.77.0.1 here, 10.77.0.1N there) and its
# own dockerd, reached as a remote machine's would: h1, h3, ... through its API over TCP with
# TLS, h2, h4, ... through SSH (an sshd in the namespace whose sessions talk to that dockerd).
# Traffic stays on that private network.
#
#   up [IMAGE...]                 bridge, namespaces, certificates, dockerds; loads each IMAGE
#                                 (from this host's engine) into every host lacking it (same ID);
#                                 writes .e2e/hosts.env
#   down                          stops the dockerds and sshds, removes namespaces, links, bridge, firewall
#                                 rule; keeps data roots and certificates in $CACHE/hosts
#   link-down H | link-up H       cuts host H (h1, h2, ...) off the network / brings it back
#   dockerd-stop H | dockerd-start H
# E2E_HOST_COUNT: how many hosts (default 2, at most 9).
set -euo pipefail
# shellcheck source=SCRIPTDIR/../scripts/retry.sh
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/retry.sh"

ROOT=$(cd "$(dirname "$0")/.." && pwd)
CACHE=${CDKTF_SPARK_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/cdktf-spark}/hosts
TLS=$CACHE/tls # ca-key.pem, server-hN-{cert,key}.pem; client/ is a DOCKER_CERT_PATH
SSH=$CACHE/ssh # host key, client key, authorized_keys, known_hosts, an sshd config per host
LOGS=$ROOT/.e2e/logs
BRIDGE=spkbr0
MAIN_ADDRESS=10.77.0.1
HOSTS=${E2E_HOST_COUNT:-2}
TIMEOUT=60 # seconds a dockerd may take to answer

log() { printf '[hosts] %s\n' "$*" >&2; }
die() { log "$*"; exit 1; }
names() { for ((i = 1; i <= HOSTS; i++)); do echo "h$i"; done; }
address() { echo "10.77.0.1${1#h}"; }
socket() { echo "unix:///run/spk-$1/docker.sock"; }
answers() { timeout 10 docker -H "$(socket "$1")" info >/dev/null 2>&1; }
over_ssh() { ((${1#h} % 2 == 0)); }

# Whether pid $1 runs. Not `kill -0`: that is true of a zombie, and this machine's init reaps
# orphans only after a second or so.
alive() { local stat; stat=$(ps -o stat= -p "$1") && [[ $stat != Z* ]]; }

# The pid of host $1's dockerd if it runs (a stale pidfile may name a recycled pid).
dockerd_pid() {
  local pid
  pid=$(cat "/run/spk-$1/docker.pid" 2>/dev/null) && alive "$pid" && [[ $(ps -o comm= -p "$pid") == dockerd ]] && echo "$pid"
}

# No default route anywhere: the hosts' network is on-link, and dockerd starts without one.
network_up() {
  ip link show "$BRIDGE" &>/dev/null || ip link add "$BRIDGE" type bridge
  ip addr replace "$MAIN_ADDRESS/24" dev "$BRIDGE"
  ip link set "$BRIDGE" up
  # Docker's FORWARD policy is DROP and br_netfilter sends bridged frames through FORWARD:
  # without this, hosts could reach this one but not each other.
  iptables -C DOCKER-USER -i "$BRIDGE" -o "$BRIDGE" -j ACCEPT 2>/dev/null ||
    iptables -I DOCKER-USER -i "$BRIDGE" -o "$BRIDGE" -j ACCEPT
  local h
  for h in $(names); do
    [[ -e /run/netns/spk-$h ]] || ip netns add "spk-$h"
    if ! ip -n "spk-$h" link show eth0 &>/dev/null; then
      ip link del "spk-$h" 2>/dev/null || true # a stale end, its namespace gone
      ip link add "spk-$h" type veth peer name eth0 netns "spk-$h"
    fi
    ip link set "spk-$h" master "$BRIDGE" up
    ip -n "spk-$h" addr replace "$(address "$h")/24" dev eth0
    ip -n "spk-$h" link set eth0 up
    ip -n "spk-$h" link set lo up
  done
}

# Reusable: signed by our CA and valid for at least another day.
usable() {
  openssl verify -CAfile "$TLS/client/ca.pem" "$1" &>/dev/null && openssl x509 -checkend 86400 -noout -in "$1" &>/dev/null
}

# sign NAME EXTENSIONS: a key and a certificate signed by our CA, in $TLS/NAME-{key,cert}.pem.
sign() {
  openssl req -newkey rsa:2048 -nodes -subj "/CN=$1" -keyout "$TLS/$1-key.pem" -out "$TLS/$1.csr" 2>/dev/null
  openssl x509 -req -days 30 -in "$TLS/$1.csr" -CA "$TLS/client/ca.pem" -CAkey "$TLS/ca-key.pem" \
    -CAserial "$TLS/ca.srl" -CAcreateserial -extfile <(echo "$2") -out "$TLS/$1-cert.pem" 2>/dev/null
  rm -f "$TLS/$1.csr"
}

# A CA, a server certificate per host (its address as subjectAltName), one client certificate
# in client/ as ca.pem, cert.pem, key.pem (what DOCKER_CERT_PATH and the provider's cert_path read).
certificates() {
  mkdir -p "$TLS/client"
  if [[ ! -f $TLS/ca-key.pem ]] || ! usable "$TLS/client/ca.pem"; then
    log "new certificate authority in $TLS"
    openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj "/CN=cdktf-spark e2e CA" \
      -keyout "$TLS/ca-key.pem" -out "$TLS/client/ca.pem" 2>/dev/null
  fi
  local h
  for h in $(names); do
    usable "$TLS/server-$h-cert.pem" ||
      sign "server-$h" "$(printf 'subjectAltName = IP:%s\nextendedKeyUsage = serverAuth' "$(address "$h")")"
  done
  if ! usable "$TLS/client/cert.pem"; then
    sign client "extendedKeyUsage = clientAuth"
    mv "$TLS/client-cert.pem" "$TLS/client/cert.pem"
    mv "$TLS/client-key.pem" "$TLS/client/key.pem"
  fi
  chmod 600 "$TLS"/*key.pem "$TLS/client/key.pem"
}

dockerd_start() {
  local h=$1 pid start=$SECONDS
  answers "$h" && return 0
  mkdir -p "/run/spk-$h" "$CACHE/$h" "$LOGS"
  [[ -f $CACHE/daemon.json ]] || echo '{}' >"$CACHE/daemon.json"
  if ! pid=$(dockerd_pid "$h"); then
    rm -f "/run/spk-$h/docker.pid" # stale; dockerd refuses to start while that pid exists, even as a zombie
    # Nothing shared with this host's engine: own sockets, data root, exec root (so its own
    # managed containerd), config file, cgroup parent and docker0 subnet. nsenter, not
    # `ip netns exec`: that remounts /sys, hiding the cgroup v1 mounts ("Devices cgroup isn't
    # mounted"). setsid: the daemon outlives the caller's session.
    nsenter --net="/run/netns/spk-$h" setsid dockerd \
      --host "$(socket "$h")" --host "tcp://$(address "$h"):2376" \
      --tlsverify --tlscacert "$TLS/client/ca.pem" --tlscert "$TLS/server-$h-cert.pem" --tlskey "$TLS/server-$h-key.pem" \
      --data-root "$CACHE/$h/docker" --exec-root "/run/spk-$h/exec" --pidfile "/run/spk-$h/docker.pid" \
      --config-file "$CACHE/daemon.json" --cgroup-parent "spk-$h" --bip "172.31.1${h#h}.1/24" \
      >>"$LOGS/host-$h-dockerd.log" 2>&1 </dev/null &
    pid=$!
  fi
  until answers "$h"; do
    if ((SECONDS - start >= TIMEOUT)) || ! alive "$pid"; then
      tail -n 30 "$LOGS/host-$h-dockerd.log" >&2
      die "$h: dockerd did not answer (exited, or not within $TIMEOUT s); log: $LOGS/host-$h-dockerd.log"
    fi
    sleep 0.5
  done
  log "$h: dockerd answers after $((SECONDS - start)) s"
}

# SIGTERM stops the containers with the daemon. After 30 s, KILL everything in the namespace
# (dockerd, containerd, shims, host-network containers) and under its cgroup parent (the other
# containers): a leftover process would keep the deleted namespace and its link alive.
dockerd_stop() {
  local h=$1 pid
  pid=$(dockerd_pid "$h") || return 0
  kill -TERM "$pid"
  for ((t = 0; t < 60; t++)); do
    alive "$pid" || { log "$h: dockerd stopped"; return 0; }
    sleep 0.5
  done
  log "$h: dockerd did not stop within 30 s: killing it, its containerd and containers"
  local pids
  mapfile -t pids < <(echo "$pid"; ip netns pids "spk-$h"; cat /sys/fs/cgroup/{pids/,}"spk-$h"/*/cgroup.procs 2>/dev/null)
  kill -KILL "${pids[@]}" 2>/dev/null || true
  # Until init has reaped them: a new dockerd takes the pid in its or containerd's pidfile, even a
  # zombie's, for a daemon that runs.
  for ((t = 0; t < 20; t++)); do ps -p "${pids[*]}" >/dev/null || return 0; sleep 0.5; done
}

image_id() { docker "${@:2}" image inspect -f '{{.Id}}' "$1" 2>/dev/null || true; }

# Per host, one `docker save` of the IMAGEs it lacks streamed into its `docker load` (no tar on
# disk); hosts load in parallel.
load_images() {
  (($#)) || return 0
  local h image pid start=$SECONDS pids=() loaded=()
  for image; do [[ -n $(image_id "$image") ]] || die "$image is not in this host's engine"; done
  for h in $(names); do
    local missing=()
    for image; do
      [[ $(image_id "$image" -H "$(socket "$h")") == "$(image_id "$image")" ]] || missing+=("$image")
    done
    ((${#missing[@]})) || continue
    log "$h: loading ${missing[*]}"
    docker save "${missing[@]}" | docker -H "$(socket "$h")" load -q >&2 &
    pids+=($!) loaded+=("$h")
  done
  ((${#pids[@]})) || { log "images already on every host: $*"; return 0; }
  for pid in "${pids[@]}"; do wait "$pid" || die "loading images failed"; done
  log "loaded $* into ${loaded[*]} in $((SECONDS - start)) s"
}

# The SSH server is Debian's; installed without starting the machine's own sshd (policy-rc.d).
sshd_install() {
  [[ -x /usr/sbin/sshd ]] && return 0
  log "installing openssh-server"
  local policy=/usr/sbin/policy-rc.d created=0 ok=0
  if [[ ! -e $policy ]]; then
    printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod +x "$policy" && created=1
  fi
  if retry 3 apt-get update -q >&2 &&
    retry 3 env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends openssh-server >&2; then
    ok=1
  fi
  if ((created)); then rm -f "$policy"; fi
  ((ok)) || die "installing openssh-server failed"
}

# One host key for the hosts (in known_hosts for their addresses) and one client key, kept in the cache.
ssh_keys() {
  mkdir -p "$SSH"
  [[ -f $SSH/host_key ]] || ssh-keygen -q -t ed25519 -N "" -C "cdktf-spark e2e host" -f "$SSH/host_key"
  [[ -f $SSH/client_key ]] || ssh-keygen -q -t ed25519 -N "" -C "cdktf-spark e2e client" -f "$SSH/client_key"
  cp "$SSH/client_key.pub" "$SSH/authorized_keys"
  local h
  for h in $(names); do echo "$(address "$h") $(cut -d' ' -f1,2 "$SSH/host_key.pub")"; done >"$SSH/known_hosts"
}

# What the Docker provider (and `docker -H ssh://...`) passes to ssh.
ssh_opts() { echo "-i $SSH/client_key -o IdentitiesOnly=yes -o UserKnownHostsFile=$SSH/known_hosts -o StrictHostKeyChecking=yes -o BatchMode=yes"; }

# Keys only, root only, on the host's address only; every session's docker CLI talks to that host's dockerd.
sshd_start() {
  local h=$1 pid
  pid=$(cat "/run/spk-$h/sshd.pid" 2>/dev/null) && alive "$pid" && return 0
  mkdir -p /run/sshd "/run/spk-$h"
  cat >"$SSH/sshd-$h.conf" <<CONF
ListenAddress $(address "$h"):22
HostKey $SSH/host_key
AuthorizedKeysFile $SSH/authorized_keys
PermitRootLogin prohibit-password
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
StrictModes no
PidFile /run/spk-$h/sshd.pid
SetEnv DOCKER_HOST=$(socket "$h")
CONF
  nsenter --net="/run/netns/spk-$h" /usr/sbin/sshd -f "$SSH/sshd-$h.conf" -E "$LOGS/host-$h-sshd.log" ||
    die "$h: sshd did not start; log: $LOGS/host-$h-sshd.log"
  # sshd may say "Server listening" a moment before it accepts (seen: "Connection refused" on the first try).
  local try
  for try in 1 2 3 4 5 6 7 8 9 10; do
    # shellcheck disable=SC2046 # ssh_opts are words
    timeout 20 ssh $(ssh_opts) "root@$(address "$h")" docker info >/dev/null 2>&1 && break
    ((try < 10)) || die "$h: docker over SSH does not answer; log: $LOGS/host-$h-sshd.log"
    sleep 1
  done
  log "$h: docker answers over SSH"
}

sshd_stop() {
  local pid
  pid=$(cat "/run/spk-$1/sshd.pid" 2>/dev/null) || return 0
  kill -TERM "$pid" 2>/dev/null || true
  rm -f "/run/spk-$1/sshd.pid"
}

write_env() {
  local h H
  {
    echo "export E2E_MAIN_ADDRESS=$MAIN_ADDRESS"
    echo "export E2E_HOST_NAMES=\"$(names | xargs)\""
    echo "export E2E_HOSTS_CERT_PATH=$TLS/client"
    echo "export E2E_HOSTS_SSH_OPTS=\"$(ssh_opts)\""
    for h in $(names); do
      H=${h^^}
      echo "export E2E_${H}_ADDRESS=$(address "$h")"
      if over_ssh "$h"; then
        echo "export E2E_${H}_DOCKER_HOST=ssh://root@$(address "$h")"
      else
        echo "export E2E_${H}_DOCKER_HOST=tcp://$(address "$h"):2376"
      fi
      echo "export E2E_${H}_SOCKET=$(socket "$h")"
    done
  } >"$ROOT/.e2e/hosts.env"
}

up() {
  mkdir -p "$LOGS"
  network_up
  certificates
  local h
  for h in $(names); do dockerd_start "$h"; done
  if [[ -n $(for h in $(names); do over_ssh "$h" && echo "$h"; done) ]]; then
    sshd_install
    ssh_keys
    for h in $(names); do
      if over_ssh "$h"; then sshd_start "$h"; fi
    done
  fi
  load_images "$@"
  write_env
}

present() { ip netns list | sed -n 's/^spk-\(h[0-9]\).*/\1/p' | sort; }

# Every spk-hN there is, whatever E2E_HOST_COUNT was on `up`.
down() {
  local h
  for h in $({ names; present; } | sort -u); do
    sshd_stop "$h"
    dockerd_stop "$h"
    # What a killed dockerd leaves mounted: exec/netns/default pins the namespace, a bind of the data root.
    awk '{print $2}' /proc/self/mounts | grep -E "^(/run/spk-$h|$CACHE/$h)(/|$)" | tac | xargs -r umount -l || true
    ip link del "spk-$h" 2>/dev/null || true
    ip netns del "spk-$h" 2>/dev/null || true
  done
  ip link del "$BRIDGE" 2>/dev/null || true
  while iptables -D DOCKER-USER -i "$BRIDGE" -o "$BRIDGE" -j ACCEPT 2>/dev/null; do :; done
}

[[ $HOSTS =~ ^[1-9]$ ]] || die "E2E_HOST_COUNT=$HOSTS: a number of hosts (1-9) is expected"
[[ $(id -u) -eq 0 ]] || die "must run as root"
command=${1:-} h=${2:-}
if [[ $command == link-* || $command == dockerd-* ]]; then
  [[ $h =~ ^h[1-9]$ && -e /run/netns/spk-$h ]] || die "no host '$h' is up (up: $(present | xargs))"
fi
case $command in
  up) shift; up "$@" ;;
  down) down ;;
  link-down) ip link set "spk-$h" down ;;
  link-up) ip link set "spk-$h" up ;;
  dockerd-stop) dockerd_stop "$h" ;;
  dockerd-start) dockerd_start "$h" ;;
  *) die "usage: hosts.sh up [IMAGE...] | down | link-down H | link-up H | dockerd-stop H | dockerd-start H" ;;
esac
