#!/usr/bin/env bash
# npm run build:jsii: the jsii assemblies (the API as every language sees it) and the Python
# packages built from them: cdktf-spark from lib/ (.jsii-build/dist/python/cdktf_spark-<version>-…whl)
# and cdktf-spark-aws from packages/aws/lib/ (.jsii-build-aws/dist/python/cdktf_spark_aws-<version>-…whl).
# One source: jsii compiles a copy of each lib/ with a package.json derived from the package's
# own (scripts/jsii-package.js); the npm packages keep their own builds (dist/). Fails on any
# jsii error or warning. jsii-pacmak builds the wheels in a venv of its own (pip, PyPI).
#   --assembly-only: cdktf-spark's assembly alone (for the API reference and the API diff).
#   --cdktn: the same for CDK Terrain, from the source scripts/cdktn-rewrite.js rewrites (--docker=package):
#     cdktn-spark (.jsii-build-cdktn/dist/python/cdktn_spark-…whl) and cdktn-spark-aws (.jsii-build-cdktn-aws/…),
#     compiled against the cdktn toolchain (packages/cdktn/node_modules) and @cdktn/provider-docker, which npm
#     lacks: its jsii npm tarball comes out of PyPI's cdktn-provider-docker wheel (hash-pinned below).
# A build of the same sources is reused (CI's Python test, API reference and API diff share one).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
CACHE=${CDKTF_SPARK_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/cdktf-spark}
want=wheel
framework=cdktf
for arg in "$@"; do
  case $arg in
    --assembly-only) want=assembly ;;
    --cdktn) framework=cdktn ;;
    *) echo "usage: scripts/jsii.sh [--assembly-only] [--cdktn]" >&2 && exit 2 ;;
  esac
done
# The wheel whose jsii tarball is @cdktn/provider-docker (the release cdktn-rewrite.js's peer range and
# packages/cdktn/framework.ts name; the sha256 of PyPI's cdktn_provider_docker-16.1.0-py3-none-any.whl).
DOCKER_WHEEL="cdktn-provider-docker==16.1.0 --hash=sha256:a99cc4ad745a5c1293113bdd961a7ed8eac6d5838463149b9c7fd65997090088"
if [[ $framework == cdktf ]]; then
  OUT=$ROOT/.jsii-build
  AWS_OUT=$ROOT/.jsii-build-aws
  inputs=(README.md packages/aws/README.md)
else
  OUT=$ROOT/.jsii-build-cdktn
  AWS_OUT=$ROOT/.jsii-build-cdktn-aws
  inputs=(packages/cdktn/{README.md,framework.ts,package-lock.json} packages/aws/README.md scripts/cdktn-rewrite.js)
fi
inputs+=(lib docker packages/aws/lib package.json package-lock.json LICENSE CHANGELOG.md packages/aws/package.json scripts/jsii-package.js scripts/jsii.sh)
key=$(cd "$ROOT" && find "${inputs[@]}" -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum | sha256sum | cut -c1-16)
built() { [[ -f $OUT/.built-$1 && $(cat "$OUT/.built-$1") == "$key" ]]; }
if built "$want"; then
  echo "jsii: the $want of these sources is already in $OUT"
  exit 0
fi
PATH=$(bash "$ROOT/scripts/node.sh"):$PATH
export PATH
PACMAK=$ROOT/node_modules/.bin/jsii-pacmak
# jsii --fail-on-warnings, and a warning it lets pass all the same (jsii 5.9.54 exits 0 on JSII6, a package.json's
# devDependency) fails too.
jsii() {
  local log
  log=$("$ROOT/node_modules/.bin/jsii" --fail-on-warnings 2>&1) || { echo "$log" >&2 && return 1; }
  echo "$log"
  if [[ $log == *"Successful with warnings"* ]]; then
    echo "jsii: the warnings above fail the build" >&2
    return 1
  fi
}

if [[ $framework == cdktn ]]; then
  TOOLS=$ROOT/packages/cdktn
  if [[ "$(cat "$TOOLS/node_modules/.lock-sha256" 2>/dev/null)" != "$(sha256sum "$TOOLS/package-lock.json" | cut -c1-64)" ]]; then
    bash "$ROOT/scripts/cdktn.sh"
  fi
  # @cdktn/provider-docker as npm would install it: the wheel's jsii tarball, unpacked once per wheel hash.
  DOCKER=$CACHE/cdktn-provider-docker-jsii-$(sed 's/.*sha256://' <<<"$DOCKER_WHEEL" | cut -c1-16)
  if [[ ! -f $DOCKER/.done ]]; then
    echo "jsii: @cdktn/provider-docker from PyPI's ${DOCKER_WHEEL%% *}"
    rm -rf "$DOCKER"
    mkdir -p "$DOCKER"
    echo "$DOCKER_WHEEL" >"$DOCKER/requirements.txt"
    python3 -m pip download --quiet --disable-pip-version-check --no-deps --only-binary=:all: --require-hashes \
      -r "$DOCKER/requirements.txt" -d "$DOCKER/wheel"
    python3 - "$DOCKER"/wheel/*.whl "$DOCKER" <<'PY'
import io, sys, tarfile, zipfile
wheel, out = sys.argv[1:]
with zipfile.ZipFile(wheel) as z:
    [name] = [n for n in z.namelist() if n.endswith(".jsii.tgz")]
    with tarfile.open(fileobj=io.BytesIO(z.read(name))) as t:
        t.extractall(out, filter="data")
PY
    rm -rf "$DOCKER/wheel"
    touch "$DOCKER/.done"
  fi
  # The rewritten source; its manifests are what jsii-package.js derives the cdktn packages' from.
  SRC=$(mktemp -d)
  trap 'rm -rf "$SRC"' EXIT
  node "$ROOT/scripts/cdktn-rewrite.js" "$SRC" --docker=package
fi

# node_modules for a cdktn build (DIR): the toolchain's packages (not its links to the npm builds of cdktn-spark),
# and in cdktn-spark's the Docker bindings copied in, so their own imports (cdktn, constructs) resolve here.
cdktn_modules() {
  mkdir -p "$1/node_modules/@cdktn"
  for dep in "$TOOLS"/node_modules/*; do
    case ${dep##*/} in @cdktn | cdktn-spark | cdktn-spark-aws) ;; *) ln -s "$dep" "$1/node_modules/" ;; esac
  done
  for dep in "$TOOLS"/node_modules/@cdktn/*; do ln -s "$dep" "$1/node_modules/@cdktn/"; done
  [[ ${2:-} == docker ]] && cp -r "$DOCKER/package" "$1/node_modules/@cdktn/provider-docker"
  return 0
}

rm -rf "$OUT"
mkdir -p "$OUT"
if [[ $framework == cdktf ]]; then
  cp -r "$ROOT/lib" "$ROOT/docker" "$ROOT/README.md" "$ROOT/LICENSE" "$ROOT/CHANGELOG.md" "$OUT/"
  ln -s "$ROOT/node_modules" "$OUT/node_modules"
  node "$ROOT/scripts/jsii-package.js" >"$OUT/package.json"
else
  cp -r "$SRC"/core/{lib,docker,README.md,LICENSE,CHANGELOG.md} "$OUT/"
  cdktn_modules "$OUT" docker
  node "$ROOT/scripts/jsii-package.js" --cdktn="$SRC" >"$OUT/package.json"
fi
cd "$OUT"
jsii
echo "$key" >.built-assembly
[[ $want == assembly ]] && exit 0
"$PACMAK" --targets python --outdir dist
ls dist/python/*.whl
# The AWS package: jsii reads the core package's assembly from the build above.
rm -rf "$AWS_OUT"
mkdir -p "$AWS_OUT/node_modules"
if [[ $framework == cdktf ]]; then
  cp -r "$ROOT/packages/aws/lib" "$ROOT/packages/aws/README.md" "$ROOT/LICENSE" "$AWS_OUT/"
  for dep in "$ROOT"/node_modules/* "$ROOT"/node_modules/.bin; do ln -s "$dep" "$AWS_OUT/node_modules/"; done
  rm -f "$AWS_OUT/node_modules/cdktf-spark-aws"
  ln -s "$OUT" "$AWS_OUT/node_modules/cdktf-spark"
  node "$ROOT/scripts/jsii-package.js" aws >"$AWS_OUT/package.json"
else
  cp -r "$SRC"/aws/{lib,LICENSE,README.md} "$AWS_OUT/"
  cdktn_modules "$AWS_OUT"
  ln -s "$OUT" "$AWS_OUT/node_modules/cdktn-spark"
  node "$ROOT/scripts/jsii-package.js" aws --cdktn="$SRC" >"$AWS_OUT/package.json"
fi
(cd "$AWS_OUT" && jsii && "$PACMAK" --targets python --outdir dist && ls dist/python/*.whl)
echo "$key" >.built-wheel
