#!/usr/bin/env bash
# make bench-page: the page at scale (issue 16's targets) in headless
# Chromium, this tree ("after") beside a baseline commit ("before"), both
# measured in one run and printed as one markdown table
# (frontend/bench/page.mjs), screenshots in frontend/test-output/.
#
#   1. checks the baseline out with `git worktree add --detach` into a
#      temporary directory (removed on exit), installs its npm packages,
#      bundles its page and builds its binary; bundles and builds this tree
#   2. for each build: the seed's 11th Corps depth-2 view, the depth-2 view
#      of the best-connected node of `linkchart gen --nodes 2000 --edges
#      6000 --seed 1` (then Hierarchy), and 10,000/30,000 handed to the page
#      at once; a fresh browser per view
#
# Environment: BENCH_PAGE_BASELINE [6f7a386] the "before" commit (none: no
# before column); BENCH_ONLY [seed,2k,10k]; HIER_TIMEOUT_MS [90000] how long
# a frozen Hierarchy is waited for before it is reported as frozen.
set -euo pipefail
cd "$(dirname "$0")/.."
REPO=$(pwd)
BASE=${BENCH_PAGE_BASELINE:-6f7a386}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/linkchart-bench-page.XXXXXX")
cleanup() {
  if [ -d "$WORK/base" ]; then git -C "$REPO" worktree remove --force "$WORK/base" >/dev/null 2>&1 || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

npm --prefix frontend ci --no-audit --no-fund --loglevel=error
npm --prefix frontend run build >/dev/null
go build -o "$WORK/after" ./cmd/linkchart
builds=()
if [ "$BASE" != none ]; then
  git worktree add --detach "$WORK/base" "$BASE" >/dev/null
  npm --prefix "$WORK/base/frontend" ci --no-audit --no-fund --loglevel=error
  npm --prefix "$WORK/base/frontend" run build >/dev/null
  (cd "$WORK/base" && go build -o "$WORK/before" ./cmd/linkchart)
  builds+=("before=$WORK/before")
fi
builds+=("after=$WORK/after")
node frontend/bench/page.mjs "${builds[@]}"
