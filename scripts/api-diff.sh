#!/usr/bin/env bash
# npm run api:diff: the API-diff gate. Compares the jsii assembly of lib/ with api/baseline.jsii
# (the released API) using jsii-diff, in every language's terms. A breaking change passes only
# with a new version in package.json and a CHANGELOG section for it that says what users must
# change; `npm run api:diff -- --accept` makes the current assembly the baseline (at a release).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BASELINE=$ROOT/api/baseline.jsii
bash "$ROOT/scripts/jsii.sh" --assembly-only >/dev/null
if [[ ${1:-} == --accept ]]; then
  mkdir -p "$ROOT/api" && cp "$ROOT/.jsii-build/.jsii" "$BASELINE"
  echo "api/baseline.jsii is now the API of $(node -p 'JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).version' "$BASELINE")"
  exit 0
fi
released=$(node -p 'JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).version' "$BASELINE")
current=$(node -p 'require(process.argv[1]).version' "$ROOT/package.json")
# jsii-diff reads an assembly as a package: the baseline beside this checkout's dependencies.
OLD=$(mktemp -d)
trap 'rm -rf "$OLD"' EXIT
cp "$BASELINE" "$OLD/.jsii"
node -e 'const p = JSON.parse(require("fs").readFileSync(0, "utf8")); p.version = process.argv[1]; console.log(JSON.stringify(p))' "$released" \
  <"$ROOT/.jsii-build/package.json" >"$OLD/package.json"
ln -s "$ROOT/node_modules" "$OLD/node_modules"
cd "$ROOT/.jsii-build"
if report=$(npx --no-install jsii-diff --error-on all "$OLD" . 2>&1); then
  echo "API: no breaking change against $released"
  exit 0
fi
echo "$report" | grep -v '^!!' >&2
if [[ $current == "$released" ]]; then
  echo "breaking API change, but package.json still says $released: bump the version (minor while 0.x) and say in CHANGELOG.md what users must change" >&2
  exit 1
fi
section=$(awk -v v="## $current" '$0 == v || index($0, v " (") == 1 {on = 1; next} /^## / {on = 0} on' "$ROOT/CHANGELOG.md")
if ! grep -q "What you must change" <<<"$section"; then
  echo "breaking API change in $current: CHANGELOG.md needs a \"## $current\" section with \"What you must change\"" >&2
  exit 1
fi
echo "API: breaking changes against $released, released as $current with what users must change in CHANGELOG.md"
