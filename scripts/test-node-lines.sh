#!/usr/bin/env bash
# The engine's tests (core/) on every other Node LTS line than the one `npm test` ran on: each line gets a
# hard-linked copy of the checkout whose better-sqlite3 is rebuilt for that Node (the rest are N-API or pure JS).
# Usage: scripts/test-node-lines.sh [LINE…] (default: the LTS lines of node-lts.sh other than the current one).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/node-lts.sh
current=$(node -p 'process.versions.node.split(".")[0]')
lines=("$@")
if [ ${#lines[@]} -eq 0 ]; then for l in "${LTS_LINES[@]}"; do [ "$l" != "$current" ] && lines+=("$l"); done; fi
for line in "${lines[@]}"; do
  dir=$(lts_node_dir "$line")
  copy=".cache/lines/$line"
  rm -rf "$copy" && mkdir -p "$copy"
  # Hard links: instant and small. Only better-sqlite3's build is replaced, never written through a link.
  git ls-files -z --cached --others --exclude-standard | xargs -0 cp -al --parents -t "$copy"
  cp -al node_modules dist resources "$copy/"
  rm -rf "$copy/node_modules/better-sqlite3" && cp -r node_modules/better-sqlite3 "$copy/node_modules/"
  rm -rf "$copy/node_modules/better-sqlite3/build"
  echo "test:node-lines: Node $("$dir/bin/node" --version): rebuilding better-sqlite3, then core's tests"
  (
    cd "$copy"
    export PATH="$dir/bin:$PATH" npm_config_nodedir="$dir"
    npm rebuild better-sqlite3 --no-audit --no-fund >/dev/null
    node scripts/run-tests.mjs core
  )
  rm -rf "$copy"
done
