#!/usr/bin/env bash
# npm run release: makes this commit release <package.json's version>. Refuses a dirty tree, a version already in
# releases.json, and a version whose dated CHANGELOG section ("## 0.11.0 (2026-12-06)") lacks the "Upgrade from
# <previous> replaces: …." line the e2e's upgrade scenario holds the plan to; makes the current API the API-diff
# gate's baseline, and records the release's commit in releases.json, committed: the e2e's upgrade scenario checks
# the previous release out by it. (Tags would not do: only the branch reaches the repository.)
set -euo pipefail
cd "$(dirname "$0")/.."
die() { echo "release: $*" >&2; exit 1; }
version=$(node -p 'require("./package.json").version')
[[ -z $(git status --porcelain) ]] || die "commit your changes first"
# cdktf-spark-aws is released with cdktf-spark, at the same version, which the core also names as its peer.
node -e 'const p = require("./package.json"), a = require("./packages/aws/package.json");
  process.exit(a.version === p.version && p.peerDependencies["cdktf-spark-aws"] === p.version ? 0 : 1)' \
  || die "packages/aws/package.json's version and package.json's cdktf-spark-aws peer must be $version"
node -e 'const r = require("./releases.json"); if (r.some((x) => x.version === process.argv[1])) process.exit(1)' "$version" \
  || die "$version is in releases.json already: bump the version in package.json"
section=$(awk -v v="## $version" '$0 == v || index($0, v " (") == 1 {on = 1; next} /^## / {on = 0} on' CHANGELOG.md)
[[ -n $section ]] || die "CHANGELOG.md has no \"## $version (YYYY-MM-DD)\" section"
previous=$(node -p 'require("./releases.json").map((r) => r.version).pop() ?? ""')
if [[ -n $previous ]]; then
  grep -qE "Upgrade from ${previous} replaces: [^.]+\." <<<"$section" \
    || die "CHANGELOG $version says nothing of the form \"Upgrade from ${previous} replaces: nothing.\" (or what the plan replaces)"
fi
npm run --silent api:diff -- --accept
if ! git diff --quiet -- api/baseline.jsii; then
  git add api/baseline.jsii && git commit -q -m "API baseline: $version"
fi
commit=$(git rev-parse HEAD)
node -e 'const fs = require("fs"); const r = require("./releases.json");
  r.push({ version: process.argv[1], date: new Date().toISOString().slice(0, 10), commit: process.argv[2] });
  fs.writeFileSync("releases.json", JSON.stringify(r, null, 2) + "\n")' "$version" "$commit"
git add releases.json && git commit -q -m "Release $version: releases.json names its commit"
echo "released $version at ${commit:0:12}"
