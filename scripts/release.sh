#!/usr/bin/env bash
# npm run release: makes this commit release <package.json's version>. Refuses a dirty tree, an existing tag,
# and a version whose CHANGELOG section lacks the "Upgrade from <previous> replaces: …." line the e2e's upgrade
# scenario holds the plan to; makes the current API the API-diff gate's baseline (committed), then tags
# v<version>, annotated: the name that scenario checks the previous release out by.
set -euo pipefail
cd "$(dirname "$0")/.."
die() { echo "release: $*" >&2; exit 1; }
version=$(node -p 'require("./package.json").version')
[[ -z $(git status --porcelain) ]] || die "commit your changes first"
! git rev-parse -q --verify "refs/tags/v$version" >/dev/null || die "v$version is tagged already: bump the version in package.json"
section=$(awk -v v="## $version" '$0 == v || index($0, v " (") == 1 {on = 1; next} /^## / {on = 0} on' CHANGELOG.md)
[[ -n $section ]] || die "CHANGELOG.md has no \"## $version (YYYY-MM-DD)\" section"
previous=$(git tag --list 'v*' --merged HEAD --sort=-version:refname | head -1)
if [[ -n $previous ]]; then
  grep -qE "Upgrade from ${previous#v} replaces: [^.]+\." <<<"$section" \
    || die "CHANGELOG $version says nothing of the form \"Upgrade from ${previous#v} replaces: nothing.\" (or what the plan replaces)"
fi
npm run --silent api:diff -- --accept
if ! git diff --quiet -- api/baseline.jsii; then
  git add api/baseline.jsii && git commit -q -m "API baseline: $version"
fi
git tag -a "v$version" -m "cdktf-spark $version"
echo "tagged v$version at $(git rev-parse --short HEAD)"
