#!/usr/bin/env bash
# Runs every fuzz target for a bounded number of executions (FUZZTIME,
# default 50000x each) and prints how long each took. A count, not a
# duration: Go 1.26's fuzz coordinator can report a spurious "context
# deadline exceeded" when a duration runs out mid-execution (go.dev/issue/75804,
# fixed in Go 1.27). Seed corpora live in each package's testdata/fuzz; a
# crash there fails the ordinary go test too.
set -euo pipefail
cd "$(dirname "$0")/.."
FUZZTIME="${FUZZTIME:-50000x}"
for pkg in $(go list ./...); do
  dir=$(go list -f '{{.Dir}}' "$pkg")
  for target in $(grep -ho '^func Fuzz[A-Za-z0-9_]*' "$dir"/*_test.go 2>/dev/null | sed 's/^func //' | sort -u); do
    start=$(date +%s)
    out=$(go test -run='^$' -fuzz="^${target}\$" -fuzztime="$FUZZTIME" "$pkg" 2>&1) || { echo "$out" | tail -40; echo "FUZZ FAIL: $pkg $target"; exit 1; }
    echo "fuzz $pkg $target: ok, ${FUZZTIME%x} executions in $(( $(date +%s) - start ))s"
  done
done
