#!/usr/bin/env bash
# Release dry run: everything `npm run release` does except publishing, in a
# temporary copy of the work tree so that nothing here changes. Versions the
# packages with Changesets (the pending changesets, or a made-up patch one when
# there are none), builds, packs each package (`npm pack --dry-run`) and checks
# the tarballs: versions applied, internal dependency ranges updated, only
# dist/, README, LICENSE, CHANGELOG and package.json shipped, publint clean.
# No network, no publish.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
tmp="$(mktemp -d "${TMPDIR:-/tmp}/s3verless-release.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
packages=(packages/cache packages/express-cache)

echo "== copy of the work tree in $tmp"
cd "$root"
git ls-files -z --cached --others --exclude-standard | while IFS= read -r -d '' f; do
  [ -e "$f" ] && printf '%s\0' "$f"
done | (cd "$root" && xargs -0 cp --parents -t "$tmp")
# node_modules: the installed packages, except the workspace links, which must
# point at the copy's packages.
mkdir -p "$tmp/node_modules/@s3verless" "$tmp/node_modules/.bin"
for entry in "$root"/node_modules/* "$root"/node_modules/.bin/*; do
  name="${entry#"$root"/node_modules/}"
  case "$name" in @s3verless) continue ;; esac
  [ -e "$tmp/node_modules/$name" ] || ln -s "$entry" "$tmp/node_modules/$name"
done
for entry in "$root"/node_modules/@s3verless/*; do
  ln -s "$(readlink -f "$entry")" "$tmp/node_modules/@s3verless/$(basename "$entry")"
done
for pkg in "${packages[@]}"; do
  name="$(node -p "require('$root/$pkg/package.json').name")"
  rm "$tmp/node_modules/$name" && ln -s "$tmp/$pkg" "$tmp/node_modules/$name"
done
cd "$tmp"

if ! ls .changeset/*.md 2>/dev/null | grep -qv '/README.md$'; then
  echo "== no pending changeset: a made-up patch release of every package"
  {
    echo '---'
    for pkg in "${packages[@]}"; do echo "\"$(node -p "require('./$pkg/package.json').name")\": patch"; done
    echo '---'
    echo
    echo 'Release dry run.'
  } > .changeset/release-dry-run.md
fi


echo "== changeset version"
npx changeset version

echo "== build"
npx tsc -b packages/cache packages/express-cache

echo "== pack and check"
node "$root/scripts/check-release-packs.js" "$root" "${packages[@]}"
echo "== release dry run passed (nothing published)"
