#!/usr/bin/env bash
# Fuzzes the real server against its own OpenAPI document: builds the
# binary, serves each store named (embedded: a fresh file with the seed
# dataset; neo4j: the database at $NEO4J_URI, seeded when empty, which the
# fuzzer's writes change) and runs schemathesis
# (requirements-test.txt) with scripts/schemathesis.toml's checks, once with
# an editor's token and once without one (writes must then answer 401).
# Bounded: a few examples per operation, a fixed seed. Any failure fails.
#   scripts/apifuzz.sh [embedded] [neo4j]      (default: both)
set -euo pipefail
cd "$(dirname "$0")/.."

stores=("$@")
[ ${#stores[@]} -eq 0 ] && stores=(embedded neo4j)
examples="${APIFUZZ_EXAMPLES:-10}"

work=$(mktemp -d)
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

go build -o "$work/linkchart" ./cmd/linkchart
config="$PWD/scripts/schemathesis.toml"
token="apifuzz-$RANDOM$RANDOM"

for store in "${stores[@]}"; do
  case "$store" in
    embedded) args=(--db "$work/fuzz.db") ;;
    neo4j)
      [ -n "${NEO4J_URI:-}" ] || { echo "apifuzz: neo4j needs NEO4J_URI" >&2; exit 1; }
      args=(--neo4j-uri "$NEO4J_URI" --neo4j-wait 30s) ;;
    *) echo "apifuzz: unknown store $store (want embedded or neo4j)" >&2; exit 2 ;;
  esac
  port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  base="http://127.0.0.1:$port"
  LINKCHART_TOKENS="fuzz:$token=editor:red" NEO4J_URI="" "$work/linkchart" serve --addr "127.0.0.1:$port" "${args[@]}" \
    --write-rate 100000 --write-burst 100000 >"$work/server-$store.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 150); do
    curl -fsS "$base/readyz" >/dev/null 2>&1 && break
    kill -0 "$server_pid" 2>/dev/null || { cat "$work/server-$store.log" >&2; exit 1; }
    sleep 0.2
  done
  curl -fsS "$base/readyz" >/dev/null || { echo "apifuzz: the server on $store did not become ready" >&2; cat "$work/server-$store.log" >&2; exit 1; }

  run() {
    (cd "$work" && python3 -m schemathesis.cli --config-file "$config" run "$base/api/openapi.json" --phases examples,coverage,fuzzing \
      --seed 1 --workers 1 --no-color --request-timeout 30 "$@")
  }
  echo "apifuzz: $store store, with an editor's token"
  run -n "$examples" -H "Authorization: Bearer $token"
  echo "apifuzz: $store store, writes without a token"
  run -n 5 --include-method-regex '^(POST|PATCH|DELETE)$'

  kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=""
done
echo "apifuzz: no failures"
