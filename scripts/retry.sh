# shellcheck shell=bash
# retry N CMD...: runs CMD up to N times, 5 s, 10 s, ... apart. Only for steps
# that talk to a package registry; every other failure must stop the run.
retry() {
  local n=$1 i; shift
  for ((i = 1; i <= n; i++)); do
    "$@" && return 0
    echo "[retry] attempt $i/$n failed: $*" >&2
    if ((i < n)); then sleep $((i * 5)); fi
  done
  return 1
}
