#!/usr/bin/env bash
# Build Terraform providers from Go source and lay them out as a Terraform
# filesystem mirror, plus a CLI config that points `terraform init` at it.
#
# Usage: build-providers.sh OUT_DIR
#   then: TF_CLI_CONFIG_FILE=OUT_DIR/terraformrc terraform init
#
# Content-cached: a provider whose binary exists and whose stamp in
# OUT_DIR/.stamps (source module@version + go version + build flags) matches
# is skipped, so a rerun takes seconds.
# Go downloads and build artefacts stay in the default GOMODCACHE / GOCACHE.
#
# Which source is built for which mirror version is set by the variables
# below (overridable from the environment).  The Go module proxy reachable
# here serves only some versions of each provider module (see README.md next
# to this script); the defaults are the builds that are obtainable.
set -euo pipefail

# ---- provider table -------------------------------------------------------
# kreuzwerker/docker: the source tree declares its module path as
# github.com/terraform-providers/terraform-provider-docker but is published
# under github.com/kreuzwerker/terraform-provider-docker.  We build inside the
# downloaded module directory, so the path mismatch does not matter.
DOCKER_SRC_MODULE="${DOCKER_SRC_MODULE:-github.com/kreuzwerker/terraform-provider-docker}"
DOCKER_SRC_VERSION="${DOCKER_SRC_VERSION:-v0.0.0-20260916201441-96d331c98ff4}"   # main, 15 days after v4.6.0
DOCKER_VERSION="${DOCKER_VERSION:-4.6.0}"                        # what the binary reports (main.version)
DOCKER_MIRROR_VERSION="${DOCKER_MIRROR_VERSION:-$DOCKER_VERSION}" # directory/file version terraform sees

# hashicorp/random: declares github.com/terraform-providers/terraform-provider-random,
# which is also a path it is published under.
RANDOM_SRC_MODULE="${RANDOM_SRC_MODULE:-github.com/terraform-providers/terraform-provider-random}"
RANDOM_SRC_VERSION="${RANDOM_SRC_VERSION:-v1.3.2-0.20260513075824-f8d869dc98d9}"  # version/VERSION = 3.9.0
RANDOM_VERSION="${RANDOM_VERSION:-3.9.0}"
RANDOM_MIRROR_VERSION="${RANDOM_MIRROR_VERSION:-$RANDOM_VERSION}"
# Setting *_MIRROR_VERSION to another version (e.g. the 3.6.2 / 3.7.2 that
# prebuilt CDKTF bindings pin) publishes this build under that label: terraform
# does not check it, but the provider's schema is that of the source built.

GO="${GO:-}"
if [[ -z "$GO" ]]; then
  if command -v go >/dev/null 2>&1; then GO="$(command -v go)"
  elif [[ -x /usr/local/go/bin/go ]]; then GO=/usr/local/go/bin/go
  else echo "error: go not found (set GO=/path/to/go)" >&2; exit 1
  fi
fi

# ---- args ------------------------------------------------------------------
if [[ $# -ne 1 ]]; then
  echo "usage: $0 OUT_DIR" >&2
  exit 2
fi
mkdir -p "$1"
OUT="$(cd "$1" && pwd)"

OS_ARCH="$("$GO" env GOOS)_$("$GO" env GOARCH)"
T0=$SECONDS
log() { printf '[build-providers %4ss] %s\n' "$((SECONDS - T0))" "$*" >&2; }

# Keep whatever GOFLAGS the environment sets (e.g. -buildvcs=false) and make
# the build itself read-only with respect to go.mod/go.sum.
export GOFLAGS="${GOFLAGS:+$GOFLAGS }-mod=readonly"
export CGO_ENABLED=0
# Never let `go` try to fetch a different toolchain.
export GOTOOLCHAIN="${GOTOOLCHAIN:-local}"

# version_ge A B: true if Go version A >= B (both like 1.25.8)
version_ge() { [[ "$(printf '%s\n%s\n' "$1" "$2" | sort -V | head -n1)" == "$2" ]]; }

# shellcheck source=../retry.sh
source "$(dirname "${BASH_SOURCE[0]}")/../retry.sh"

# build_provider NAMESPACE TYPE SRC_MODULE SRC_VERSION VERSION MIRROR_VERSION
build_provider() {
  local ns=$1 type=$2 mod=$3 ver=$4 rver=$5 mver=$6
  local dir="$OUT/registry.terraform.io/$ns/$type/$mver/$OS_ARCH"
  local bin="$dir/terraform-provider-${type}_v${mver}"
  local ldflags="-s -w -X main.version=${rver}"
  local stamp="source=${mod}@${ver} go=$("$GO" env GOVERSION) ldflags=${ldflags} cgo=0 trimpath"
  local stampf="$OUT/.stamps/${ns}_${type}_${mver}_${OS_ARCH}"  # kept outside the package dir
  local t=$SECONDS

  if [[ -x "$bin" && -f "$stampf" && "$(cat "$stampf")" == "$stamp" ]]; then
    log "$ns/$type $mver: cached ($(du -h "$bin" | cut -f1)), skipping"
    return 0
  fi
  log "$ns/$type $mver: building $rver from ${mod}@${ver}"

  # 1. download the provider source and the modules its main package needs
  local json srcdir
  if ! json="$(retry 3 "$GO" mod download -json "${mod}@${ver}")"; then
    log "error: could not download ${mod}@${ver}:"
    printf '%s\n' "$json" | sed -n 's/^[[:space:]]*"Error": "\(.*\)",*$/    \1/p' | sort -u >&2
    return 1
  fi
  srcdir="$(printf '%s\n' "$json" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",*$/\1/p' | head -n1)"
  if [[ -z "$srcdir" || ! -f "$srcdir/go.mod" ]]; then
    log "error: no source directory for ${mod}@${ver}"; return 1
  fi
  local need have
  need="$(sed -n 's/^go \([0-9.]*\).*/\1/p' "$srcdir/go.mod" | head -n1)"
  have="$("$GO" env GOVERSION)"; have="${have#go}"
  if [[ -n "$need" ]] && ! version_ge "$have" "$need"; then
    log "error: ${mod}@${ver} needs go >= $need, have $have (GOTOOLCHAIN=$GOTOOLCHAIN)"; return 1
  fi
  # `go list -deps` fetches exactly the modules the main package imports
  # (not the linters and doc tools listed in go.mod).
  ( cd "$srcdir" && retry 3 "$GO" list -deps . >/dev/null )
  log "$ns/$type $mver: sources ready in $((SECONDS - t))s (go directive $need)"

  # 2. compile offline: everything needed was fetched above
  mkdir -p "$dir"
  local tmp="$bin.tmp.$$"
  ( cd "$srcdir" && GOPROXY=off "$GO" build -trimpath -ldflags "$ldflags" -o "$tmp" . )
  mv -f "$tmp" "$bin"
  mkdir -p "$OUT/.stamps"
  printf '%s\n' "$stamp" > "$stampf"
  log "$ns/$type $mver: built in $((SECONDS - t))s ($(du -h "$bin" | cut -f1)) -> $bin"
}

build_provider kreuzwerker docker "$DOCKER_SRC_MODULE" "$DOCKER_SRC_VERSION" "$DOCKER_VERSION" "$DOCKER_MIRROR_VERSION"
build_provider hashicorp   random "$RANDOM_SRC_MODULE" "$RANDOM_SRC_VERSION" "$RANDOM_VERSION" "$RANDOM_MIRROR_VERSION"

# ---- CLI config ------------------------------------------------------------
RC="$OUT/terraformrc"
RC_NEW="$(cat <<EOF
provider_installation {
  filesystem_mirror {
    path    = "$OUT"
    include = ["registry.terraform.io/kreuzwerker/docker", "registry.terraform.io/hashicorp/random"]
  }
  direct {
    exclude = ["registry.terraform.io/kreuzwerker/docker", "registry.terraform.io/hashicorp/random"]
  }
}
EOF
)"
if [[ ! -f "$RC" || "$(cat "$RC")" != "$RC_NEW" ]]; then
  printf '%s\n' "$RC_NEW" > "$RC"
fi
# The versions a stack must require to use this mirror.
printf '%s\n' "$DOCKER_MIRROR_VERSION" > "$OUT/docker.version"
printf '%s\n' "$RANDOM_MIRROR_VERSION" > "$OUT/random.version"
log "done in $((SECONDS - T0))s; use: export TF_CLI_CONFIG_FILE=$RC"
