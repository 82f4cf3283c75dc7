#!/usr/bin/env bash
# make bench: the embedded store (memstore) and Neo4j side by side, on the
# same generated graphs and the same questions, printed as one markdown table.
#
#   1. builds bin/linkchart-bench, generates the graphs with `linkchart gen`
#      (seed 1) and installs Debian's wrk when it is missing
#   2. starts Neo4j Community 5.26 on its own port (scripts/neo4j.sh)
#   3. HTTP load: for each store, `linkchart import` of the CSV, then
#      `linkchart serve --seed=false` on loopback and wrk on the 1-hop
#      neighborhood and search endpoints (fixed duration and connections,
#      a fixed list of 1000 requests cycled through); RSS of the server
#   4. the Go benchmarks of graph/storebench (both stores in one run)
#   5. the table; everything started here is stopped on exit (trap)
#
# Environment (defaults in brackets):
#   BENCH_NODES, BENCH_EDGES        main graph [100000, 1000000]
#   BENCH_NEO4J_NODES/_EDGES        Neo4j's graph [same nodes per edge, 20000
#                                   edges]: the Neo4j store's batched import
#                                   is 2-6k edges/s and at times quadratic
#                                   (a plan that scans every relation per row),
#                                   so 100k edges could run past 10 minutes;
#                                   memstore is measured on that graph too, and
#                                   every ratio compares the two stores on one
#                                   graph
#   BENCH_LARGE=1                   also memstore alone (Go benchmarks only) on
#                                   BENCH_LARGE_NODES / _EDGES [1000000, 5000000]
#   BENCH_TIME [3s]                 go test -benchtime per question; questions
#                                   slower than that get few samples, and the
#                                   table says how many (n=) when under 100
#   BENCH_DURATION [10s], BENCH_CONNS [16], BENCH_THREADS [2]   wrk
#   BENCH_NEO4J_PORT [7691], BENCH_HTTP_PORT [18091]
#   NEO4J_HEAP [1g], NEO4J_PAGECACHE_MB [512]
#   BENCH_DIR [/tmp/linkchart-bench]  graphs, databases, logs, raw results
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

NODES=${BENCH_NODES:-100000}
EDGES=${BENCH_EDGES:-1000000}
NEO_EDGES=${BENCH_NEO4J_EDGES:-20000}
((NEO_EDGES > EDGES)) && NEO_EDGES=$EDGES
NEO_NODES=${BENCH_NEO4J_NODES:-$((NODES * NEO_EDGES / EDGES))}
((NEO_NODES < 1)) && NEO_NODES=1
BENCHTIME=${BENCH_TIME:-3s}
DURATION=${BENCH_DURATION:-10s}
CONNS=${BENCH_CONNS:-16}
THREADS=${BENCH_THREADS:-2}
NEO_PORT=${BENCH_NEO4J_PORT:-7691}
HTTP_PORT=${BENCH_HTTP_PORT:-18091}
DIR=${BENCH_DIR:-${TMPDIR:-/tmp}/linkchart-bench}
BIN=$DIR/linkchart
RESULTS=$DIR/results.tsv # kind, store, graph, measure, value...

say() { echo "bench: $*" >&2; }
die() { say "$*"; exit 1; }

SERVE_PID=
NEO_STARTED=
cleanup() {
	if [[ -n $SERVE_PID ]]; then
		kill -TERM "$SERVE_PID" 2>/dev/null || true
		wait "$SERVE_PID" 2>/dev/null || true
	fi
	if [[ -n $NEO_STARTED ]]; then
		NEO4J_PORT=$NEO_PORT bash scripts/neo4j.sh stop || true
	fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# label N: 100000 -> 100k, 1000000 -> 1M.
label() {
	local n=$1
	if ((n >= 1000000 && n % 1000000 == 0)); then echo "$((n / 1000000))M"
	elif ((n >= 1000 && n % 1000 == 0)); then echo "$((n / 1000))k"
	else echo "$n"; fi
}
graph_name() { echo "g$(label "$1")-$(label "$2")"; }

MAIN=$(graph_name "$NODES" "$EDGES")
NEO=$(graph_name "$NEO_NODES" "$NEO_EDGES")

mkdir -p "$DIR"
: >"$RESULTS"
t_start=$SECONDS

# --- 1. tools, binary, graphs -------------------------------------------------
if ! command -v wrk >/dev/null; then
	say "installing wrk (Debian)"
	apt-get install -y wrk >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y wrk >/dev/null; }
fi
command -v python3 >/dev/null || die "python3 is needed for the request lists and the table"
say "building $BIN"
go build -o "$BIN" ./cmd/linkchart

gen_graph() { # NAME NODES EDGES
	local out=$DIR/$1
	if [[ ! -s $out/edges.csv || ! -f $out/.done-$2-$3 ]]; then
		rm -rf "$out"
		"$BIN" gen --nodes "$2" --edges "$3" --seed 1 --out "$out" >&2
		touch "$out/.done-$2-$3"
	fi
}
gen_graph "$MAIN" "$NODES" "$EDGES"
[[ $NEO == "$MAIN" ]] || gen_graph "$NEO" "$NEO_NODES" "$NEO_EDGES"

# Request lists: 1000 fixed requests per endpoint, drawn like storebench's
# questions (search: a third exact names, a third prefixes, a third with one
# letter replaced).
requests() { # GRAPH
	python3 - "$DIR/$1" <<'EOF'
import csv, random, sys, urllib.parse
d = sys.argv[1]
with open(d + "/nodes.csv", newline="") as f:
    rows = list(csv.DictReader(f))
r = random.Random(1)
with open(d + "/req-hop1.txt", "w") as f:
    for _ in range(1000):
        f.write("/api/v1/entities/%s/neighborhood?depth=1\n" % r.choice(rows)["id"])
def typo(name):
    words = name.split(" ")
    spots = [(i, j) for i, w in enumerate(words) if len(w) >= 4 for j in range(1, len(w) - 1)]
    if not spots:
        return name
    i, j = r.choice(spots)
    w = words[i]
    c = r.choice([x for x in "abcdefghijklmnopqrstuvwxyz" if x != w[j]])
    words[i] = w[:j] + c + w[j + 1:]
    return " ".join(words)
with open(d + "/req-search.txt", "w") as f:
    for k in range(1000):
        name = r.choice(rows)["name"]
        if k % 3 == 1:
            name = name[:max(3, len(name) * 2 // 3)]
        elif k % 3 == 2:
            name = typo(name)
        f.write("/api/v1/entities?q=%s\n" % urllib.parse.quote(name))
EOF
}
requests "$MAIN"
[[ $NEO == "$MAIN" ]] || requests "$NEO"

cat >"$DIR/wrk.lua" <<'EOF'
-- Cycles through the request paths of the file named after "--"; each
-- thread starts at its own offset. done prints one parsable line.
local paths, i = {}, 0
local threads = 0
function setup(thread)
	threads = threads + 1
	thread:set("offset", threads * 250)
end
function init(args)
	for line in io.lines(args[1]) do paths[#paths + 1] = line end
	i = (offset or 0) % #paths
end
function request()
	i = i % #paths + 1
	return wrk.format("GET", paths[i])
end
function done(summary, latency, requests)
	local e = summary.errors
	io.write(string.format("WRKRESULT %d %d %d %d %d %d\n", summary.requests, summary.duration,
		latency:percentile(50), latency:percentile(99), e.status, e.connect + e.read + e.write + e.timeout))
end
EOF

# --- 2. Neo4j -------------------------------------------------------------------
say "starting Neo4j on port $NEO_PORT"
NEO_STARTED=1
NEO4J_PORT=$NEO_PORT NEO4J_HEAP=${NEO4J_HEAP:-1g} NEO4J_PAGECACHE_MB=${NEO4J_PAGECACHE_MB:-512} \
	bash scripts/neo4j.sh restart
NEO_URI=bolt://127.0.0.1:$NEO_PORT
NEO_PID=$(<"$ROOT/.neo4j/$NEO_PORT/neo4j.pid")

# --- 3. HTTP load -----------------------------------------------------------------
# rss_kb PID: resident KiB, and of that the anonymous (heap) KiB, tab-separated.
rss_kb() { awk '/^VmRSS:/ {r = $2} /^RssAnon:/ {a = $2} END {print r "\t" a}' "/proc/$1/status"; }

# http_store STORE GRAPH EDGES STOREFLAGS...: import, serve, wrk both endpoints.
http_store() {
	local store=$1 g=$2 edges=$3
	shift 3
	local csv=$DIR/$g
	say "HTTP $store $g: linkchart import"
	local t0=$EPOCHREALTIME
	"$BIN" import "$@" "$csv/nodes.csv" "$csv/edges.csv" "$csv/sources.csv" >&2
	local secs
	secs=$(python3 -c "print($EPOCHREALTIME - $t0)")
	printf 'cli\t%s\t%s\timport\t%s\n' "$store" "$g" "$(python3 -c "print($edges / $secs)")" >>"$RESULTS"
	# The bench token is cleared for TLP:RED, like storebench's questions:
	# every generated node is visible (anonymous callers see TLP:CLEAR only).
	LINKCHART_TOKENS=bench=viewer:red "$BIN" serve --addr "127.0.0.1:$HTTP_PORT" --seed=false "$@" \
		>"$DIR/serve-$store-$g.log" 2>&1 &
	SERVE_PID=$!
	local i
	for ((i = 0; i < 600; i++)); do
		curl -fsS "http://127.0.0.1:$HTTP_PORT/readyz" >/dev/null 2>&1 && break
		kill -0 "$SERVE_PID" 2>/dev/null || { tail "$DIR/serve-$store-$g.log" >&2; die "serve exited"; }
		sleep 0.2
	done
	local ep line
	for ep in hop1 search; do
		# A short warm-up pass, then the measured run.
		wrk -t1 -c2 -d2s -H 'Authorization: Bearer bench' -s "$DIR/wrk.lua" "http://127.0.0.1:$HTTP_PORT" -- "$csv/req-$ep.txt" >/dev/null
		say "HTTP $store $g: wrk $ep (-t$THREADS -c$CONNS -d$DURATION)"
		line=$(wrk --latency -t"$THREADS" -c"$CONNS" -d"$DURATION" --timeout 10s -H 'Authorization: Bearer bench' -s "$DIR/wrk.lua" \
			"http://127.0.0.1:$HTTP_PORT" -- "$csv/req-$ep.txt" | tee "$DIR/wrk-$store-$g-$ep.txt" | grep '^WRKRESULT')
		printf 'http\t%s\t%s\t%s\t%s\n' "$store" "$g" "$ep" "${line#WRKRESULT }" | tr ' ' '\t' >>"$RESULTS"
	done
	printf 'rss\t%s\t%s\tserve\t%s\t%s\n' "$store" "$g" "$(rss_kb "$SERVE_PID")" "$edges" >>"$RESULTS"
	if [[ $store == neo4j ]]; then
		printf 'rss\t%s\t%s\tjvm\t%s\t%s\n' "$store" "$g" "$(rss_kb "$NEO_PID")" "$edges" >>"$RESULTS"
	fi
	kill -TERM "$SERVE_PID"
	wait "$SERVE_PID" 2>/dev/null || true
	SERVE_PID=
}

rm -f "$DIR"/*.db
http_store memstore "$MAIN" "$EDGES" --db "$DIR/$MAIN.db"
[[ $NEO == "$MAIN" ]] || http_store memstore "$NEO" "$NEO_EDGES" --db "$DIR/$NEO.db"
http_store neo4j "$NEO" "$NEO_EDGES" --neo4j-uri "$NEO_URI"
rm -f "$DIR"/*.db

# --- 4. Go benchmarks ---------------------------------------------------------------
# A fresh database for the Go benchmarks: the HTTP part's import left the
# graph in it, and the store's Reset followed by a re-import has run into
# plans that scan every relation per row.
NEO4J_PORT=$NEO_PORT NEO4J_HEAP=${NEO4J_HEAP:-1g} NEO4J_PAGECACHE_MB=${NEO4J_PAGECACHE_MB:-512} \
	bash scripts/neo4j.sh restart
say "go benchmarks ($MAIN on memstore, $NEO on both)"
NEO4J_URI=$NEO_URI BENCH_NODES=$NODES BENCH_EDGES=$EDGES \
	BENCH_NEO4J_NODES=$NEO_NODES BENCH_NEO4J_EDGES=$NEO_EDGES \
	go test -run '^$' -bench . -benchtime "$BENCHTIME" -timeout 60m ./graph/storebench | tee "$DIR/go-bench.txt" >&2
if [[ ${BENCH_LARGE:-0} == 1 ]]; then
	say "go benchmarks, large: memstore alone"
	env -u NEO4J_URI BENCH_NODES=${BENCH_LARGE_NODES:-1000000} BENCH_EDGES=${BENCH_LARGE_EDGES:-5000000} \
		go test -run '^$' -bench Memstore -benchtime "$BENCHTIME" -timeout 60m ./graph/storebench | tee -a "$DIR/go-bench.txt" >&2
fi
NEO4J_PORT=$NEO_PORT bash scripts/neo4j.sh stop
NEO_STARTED=

# --- 5. the table ---------------------------------------------------------------------
python3 - "$DIR/go-bench.txt" "$RESULTS" "$MAIN" "$NEO" "$DURATION" "$CONNS" "$THREADS" "$((SECONDS - t_start))" <<'EOF'
import os, re, sys
gofile, results, main, neo, duration, conns, threads, took = sys.argv[1:]
# BenchmarkMemstore/g100k-1M/Search-2  N  ns/op  v unit  v unit ...
go = {}
for line in open(gofile):
    m = re.match(r"Benchmark(Memstore|Neo4j)/([^/\s]+)/(\S+?)(-\d+)?\s+(\d+)\s+(.*)", line)
    if not m:
        continue
    store, g, q, _, n, rest = m.groups()
    f = rest.split()
    go[(store.lower(), g, q)] = {f[i + 1]: float(f[i]) for i in range(0, len(f) - 1, 2)}
    go[(store.lower(), g, q)]["n"] = int(n)
rows = [l.rstrip("\n").split("\t") for l in open(results) if l.strip()]

def us(v):
    if v is None: return ""
    if v >= 1e6: return "%.2f s" % (v / 1e6)
    if v >= 1e3: return "%.1f ms" % (v / 1e3)
    return "%.0f µs" % v if v >= 10 else "%.1f µs" % v
def num(v):
    if v is None: return ""
    for d, s in ((1e6, "M"), (1e3, "k")):
        if v >= d: return "%.3g%s" % (v / d, s)
    return "%.3g" % v
def ratio(n, m, inverse=False):
    if not n or not m: return ""
    r = m / n if inverse else n / m
    return ("%.0f×" if r >= 100 else "%.3g×") % r
def get(store, g, q, unit):
    return go.get((store, g, q), {}).get(unit)

graphs = [main] if main == neo else [main, neo]
graphs += sorted({k[1] for k in go} - set(graphs))  # BENCH_LARGE
out = ["| measure | graph | memstore p50 | memstore p99 | neo4j p50 | neo4j p99 | memstore ahead by |",
       "|---|---|---|---|---|---|---|"]
for q, name in (("Search", "search (exact/prefix/typo mix)"), ("Neighborhood1Hop", "neighborhood 1-hop"),
                ("Neighborhood2HopLimit500", "neighborhood 2-hop, limit 500"), ("ShortestPath", "shortest path k=1, connected pairs"),
                ("OversightWho", "oversight ?who="), ("OversightWhat", "oversight ?what=")):
    for g in graphs:
        m50, m99 = get("memstore", g, q, "p50-µs"), get("memstore", g, q, "p99-µs")
        n50, n99 = (get("neo4j", g, q, "p50-µs"), get("neo4j", g, q, "p99-µs")) if g == neo else (None, None)
        if m50 is None and n50 is None: continue
        nn = "—" if g != neo else ""
        def few(store, v):  # p99 of fewer than 100 samples is the max
            n = get(store, g, q, "ops") or get(store, g, q, "n")
            return "%s (n=%d)" % (us(v), n) if v is not None and n and n < 100 else us(v)
        out.append("| Go: %s | %s | %s | %s | %s | %s | %s |" % (name, g, us(m50), few("memstore", m99), us(n50) or nn, few("neo4j", n99) or nn, ratio(n50, m50)))
http = {(r[1], r[2], r[3]): r[4:] for r in rows if r[0] == "http"}
for ep, name in (("hop1", "neighborhood 1-hop"), ("search", "search")):
    for g in graphs:
        def vals(store):
            v = http.get((store, g, ep))
            if not v: return None
            req, dur, p50, p99, st, other = map(float, v)
            return req / (dur / 1e6), p50, p99, int(st + other)
        m, n = vals("memstore"), vals("neo4j")
        if not m and not n: continue
        cell = lambda v, i: (us(v[i]) if v else "—")
        errs = ", ".join("%s: %d errors/non-2xx" % (s, v[3]) for s, v in (("memstore", m), ("neo4j", n)) if v and v[3])
        out.append("| HTTP %s latency%s | %s | %s | %s | %s | %s | %s |" % (name, " (" + errs + ")" if errs else "", g, cell(m, 1), cell(m, 2), cell(n, 1), cell(n, 2), ratio(n[1], m[1]) if m and n else ""))
        out.append("| HTTP %s throughput (req/s) | %s | %s | | %s | | %s |" % (name, g, num(m[0]) if m else "—", num(n[0]) if n else "—", ratio(n[0], m[0], True) if m and n else ""))
for g in graphs:
    m, n = get("memstore", g, "Import", "edges/s"), get("neo4j", g, "Import", "edges/s")
    b = get("memstore", g, "Import", "batch") or get("neo4j", g, "Import", "batch")
    if m or n:
        out.append("| import, Go Upsert in batches of %s (edges/s) | %s | %s | | %s | | %s |" % (num(b), g, num(m), num(n) if g == neo else "—", ratio(n, m, True)))
cli = {(r[1], r[2]): float(r[4]) for r in rows if r[0] == "cli"}
for g in graphs:
    m, n = cli.get(("memstore", g)), cli.get(("neo4j", g))
    if m or n:
        out.append("| import, `linkchart import` CSV, one batch (edges/s) | %s | %s | | %s | | %s |" % (g, num(m), num(n) if n else "—", ratio(n, m, True) if m and n else ""))
for g in graphs:
    v = go.get(("memstore", g, "Open"), {}).get("ns/op")
    if v is not None:
        out.append("| memstore Open (index rebuilt from the file) | %s | %s | | | | |" % (g, us(v / 1e3)))
for g in graphs:
    v = get("memstore", g, "Open", "heap-B/edge")
    if v is not None:
        out.append("| memstore Go heap per edge after Open (bytes) | %s | %.0f | | | | |" % (g, v))
for r in rows:
    if r[0] != "rss": continue
    store, g, what, kb, anon, edges = r[1], r[2], r[3], float(r[4]), float(r[5]), float(r[6])
    label = "RSS of `linkchart serve` after load" if what == "serve" else "RSS of the Neo4j JVM (heap cap %s, page cache %s MB)" % (os.environ.get("NEO4J_HEAP", "1g"), os.environ.get("NEO4J_PAGECACHE_MB", "512"))
    cell = "%.0f MB, %.0f B/edge (anon %.0f MB)" % (kb / 1024, kb * 1024 / edges, anon / 1024)
    out.append("| %s | %s | %s | | %s | | |" % (label, g, cell if store == "memstore" else "", cell if store == "neo4j" else ""))
print("\n".join(out))
print()
print("Graphs from `linkchart gen --seed 1`; %s. Go: p50/p99 of single operations (graph/storebench, every store asked the same questions). "
      "HTTP: wrk -t%s -c%s -d%s on loopback, 1000 fixed requests cycled, server and wrk on the same 2 cores. "
      "Ratios compare the two stores on the same graph: neo4j / memstore for latencies, memstore / neo4j for rates. Took %ss."
      % ("Neo4j ran on the smaller graph " + neo + " only (memstore on both)" if neo != main else "both stores on " + main,
         threads, conns, duration, took))
EOF
