#!/usr/bin/env bash
# The test command of README.md: installs what the tests need (Chromium,
# Python consumers of the exports, the page's npm packages, Neo4j's jars),
# starts a real Neo4j, runs go vet, staticcheck, every Go test, an OpenAPI
# fuzzer against the real server on both stores, the fuzz targets for a
# bounded time and the page's end-to-end tests in headless Chromium, then
# stops Neo4j.
# With --deps-only it only installs.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n== %s ==\n' "$*"; }

install_deps() {
  step "installing test dependencies"
  # Chromium for the page's tests and the brief's PNG; poppler-utils to read
  # the PDF brief back; the PDF's fonts (README, "PDF fonts"): Liberation
  # for Latin and Cyrillic, Nanum for Korean, IPA Gothic for Japanese.
  if ! command -v chromium >/dev/null 2>&1 || ! command -v pdftotext >/dev/null 2>&1 \
    || ! fc-list 2>/dev/null | grep -qi nanum || ! fc-list 2>/dev/null | grep -qi ipagp \
    || ! fc-list 2>/dev/null | grep -qi 'Liberation Sans'; then
    sudo=""; [ "$(id -u)" = 0 ] || sudo=sudo
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium poppler-utils fonts-nanum fonts-ipafont-gothic fonts-liberation >/dev/null
  fi
  chromium --version
  python3 -m pip install -q --disable-pip-version-check -r requirements-test.txt
  npm --prefix frontend ci --no-audit --no-fund --loglevel=error
  npm --prefix frontend run build
}

install_deps
[ "${1:-}" = "--deps-only" ] && exit 0

step "go vet"
go vet ./...

step "staticcheck"
go run honnef.co/go/tools/cmd/staticcheck@${STATICCHECK_VERSION:-v0.8.2} ./...

step "starting Neo4j"
export NEO4J_PORT="${NEO4J_PORT:-7687}"
trap 'bash scripts/neo4j.sh stop >/dev/null 2>&1 || true' EXIT
bash scripts/neo4j.sh start
export NEO4J_URI="bolt://127.0.0.1:${NEO4J_PORT}"

# Packages that use the one Neo4j database run one at a time (each resets
# it); the others run in parallel.
neo4j_pkgs=$(go list ./... | grep -E '/(graph/neo4jstore|server|graph/export|cmd/linkchart)$' || true)
other_pkgs=$(go list ./... | grep -vE '/(graph/neo4jstore|server|graph/export|cmd/linkchart)$')

step "go test (embedded store, parsers, data)"
go test -count=1 $other_pkgs

step "go test against Neo4j ($NEO4J_URI), including Neo4j stopped and restarted under a live server"
LINKCHART_FAULT_TESTS=1 go test -count=1 -p 1 $neo4j_pkgs

step "race detector: the conformance suite on the embedded store, concurrent API readers and writers on both stores"
go test -race -count=1 ./graph/memstore ./graph/storetest
go test -race -count=1 -p 1 -run 'Concurren|Race' ./server ./graph/neo4jstore

step "OpenAPI fuzzer (schemathesis) against the real server, on both stores"
bash scripts/apifuzz.sh embedded neo4j

if [ -f scripts/fuzz.sh ]; then
  step "fuzzing (bounded)"
  bash scripts/fuzz.sh
fi

step "page end-to-end tests (headless Chromium)"
npm --prefix frontend test

step "all tests passed"
