#!/usr/bin/env bash
# Runs every fuzz target for a bounded time (FUZZTIME, default 10s each) and
# prints the executions of each. Seed corpora live in each package's
# testdata/fuzz; a crash there fails the ordinary go test too.
set -euo pipefail
cd "$(dirname "$0")/.."
FUZZTIME="${FUZZTIME:-10s}"
for pkg in $(go list ./...); do
  dir=$(go list -f '{{.Dir}}' "$pkg")
  for target in $(grep -ho '^func Fuzz[A-Za-z0-9_]*' "$dir"/*_test.go 2>/dev/null | sed 's/^func //' | sort -u); do
    out=$(go test -run='^$' -fuzz="^${target}\$" -fuzztime="$FUZZTIME" "$pkg" 2>&1) || { echo "$out" | tail -40; echo "FUZZ FAIL: $pkg $target"; exit 1; }
    execs=$(echo "$out" | grep -o 'execs: [0-9]*' | tail -1 | grep -o '[0-9]*' || echo '?')
    echo "fuzz $pkg $target: ok, $execs executions in $FUZZTIME"
  done
done
