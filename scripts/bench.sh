#!/usr/bin/env bash
# make bench: the embedded store (memstore) and Neo4j side by side, on the
# same generated graphs and the same questions, and this tree ("after")
# beside a baseline commit ("before"), all measured in one run and printed
# as one markdown table with the ratios.
#
#   1. builds linkchart and the graph/storebench test binary of this tree and
#      of the baseline (checked out with `git worktree add --detach` into
#      $BENCH_DIR, removed on exit), generates the graphs with `linkchart gen`
#      (seed 1) and installs Debian's wrk when it is missing
#   2. HTTP load on memstore: `linkchart import` of the CSV by each binary,
#      both `linkchart serve --seed=false` up at once on loopback, wrk on the
#      1-hop neighborhood and search endpoints against one then the other
#      (fixed duration and connections, a fixed list of 1000 requests
#      cycled through); RSS of each server
#   3. the Go benchmarks of graph/storebench on memstore, before then after,
#      per graph
#   4. Neo4j (started here, on its own port, a fresh database per version):
#      the same HTTP load and Go benchmarks, before on the baseline's small
#      graph, after on that graph and on Neo4j's graph (the main graph)
#   5. the table; everything started here is stopped on exit (trap)
#
# Environment (defaults in brackets):
#   BENCH_NODES, BENCH_EDGES        main graph [100000, 1000000]
#   BENCH_NEO4J_NODES/_EDGES        Neo4j's graph [the main graph; nodes in
#                                   proportion when only _EDGES is given];
#                                   memstore is measured on it too, so that
#                                   every memstore/Neo4j ratio compares the
#                                   two stores on one graph (at 1M edges
#                                   Neo4j's part takes about 10 minutes: two
#                                   imports of ~2.5 min and the questions)
#   BENCH_BASELINE [52f1863]        the "before" commit (the state before the
#                                   issue 9 tuning); none: no before columns
#   BENCH_BASELINE_NEO4J_EDGES [20000]  the graph of the baseline's Neo4j
#                                   runs (its import was 2-6k edges/s with
#                                   stalls); this tree's Neo4j runs on it too,
#                                   so that Neo4j's before/after is one graph
#   BENCH_LARGE [1]                 also memstore (Go benchmarks, before and
#                                   after, oversight left out) on
#                                   BENCH_LARGE_NODES / _EDGES [1000000,
#                                   5000000]; 0 skips it; BENCH_LARGE_QUESTIONS
#                                   [Import|Open|Search|Neighborhood1Hop|
#                                   Neighborhood2HopLimit500|ShortestPath]
#                                   (a regexp) the sub-benchmarks asked there
#   BENCH_TIME [3s]                 go test -benchtime per question; questions
#                                   slower than that get few samples, and the
#                                   table says how many (n=) when under 100
#   BENCH_DURATION [10s], BENCH_THREADS [1], BENCH_CONNS [8]   wrk; the 1-hop
#                                   endpoint on memstore is also loaded with
#                                   BENCH_ALT_THREADS [2] / BENCH_ALT_CONNS [16]
#                                   (the configuration of the earlier tables);
#                                   BENCH_ALT_CONNS=0 skips that
#   BENCH_NEO4J_PORT [7691], BENCH_HTTP_PORT [18091] (and the port after it)
#   NEO4J_HEAP [2g], NEO4J_PAGECACHE_MB [1024]; Neo4j runs with the C2 JIT
#   BENCH_DIR [/tmp/linkchart-bench]  graphs, databases, logs, raw results
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

NODES=${BENCH_NODES:-100000}
EDGES=${BENCH_EDGES:-1000000}
NEO_EDGES=${BENCH_NEO4J_EDGES:-$EDGES}
((NEO_EDGES > EDGES)) && NEO_EDGES=$EDGES
NEO_NODES=${BENCH_NEO4J_NODES:-$((NODES * NEO_EDGES / EDGES))}
((NEO_NODES < 1)) && NEO_NODES=1
BASELINE=${BENCH_BASELINE:-52f1863}
BASE_NEO_EDGES=${BENCH_BASELINE_NEO4J_EDGES:-20000}
((BASE_NEO_EDGES > EDGES)) && BASE_NEO_EDGES=$EDGES
BASE_NEO_NODES=$((NODES * BASE_NEO_EDGES / EDGES))
((BASE_NEO_NODES < 1)) && BASE_NEO_NODES=1
LARGE=${BENCH_LARGE:-1}
LARGE_NODES=${BENCH_LARGE_NODES:-1000000}
LARGE_EDGES=${BENCH_LARGE_EDGES:-5000000}
LARGE_QUESTIONS=${BENCH_LARGE_QUESTIONS:-'Import|Open|Search|Neighborhood1Hop|Neighborhood2HopLimit500|ShortestPath'}
BENCHTIME=${BENCH_TIME:-3s}
DURATION=${BENCH_DURATION:-10s}
THREADS=${BENCH_THREADS:-1}
CONNS=${BENCH_CONNS:-8}
ALT_THREADS=${BENCH_ALT_THREADS:-2}
ALT_CONNS=${BENCH_ALT_CONNS:-16}
NEO_PORT=${BENCH_NEO4J_PORT:-7691}
HTTP_PORT=${BENCH_HTTP_PORT:-18091}
DIR=${BENCH_DIR:-${TMPDIR:-/tmp}/linkchart-bench}
export NEO4J_HEAP=${NEO4J_HEAP:-2g} NEO4J_PAGECACHE_MB=${NEO4J_PAGECACHE_MB:-1024}
# The launcher's default is the C1 JIT only (quick starts for tests); a
# benchmark gives Neo4j its full JIT.
export NEO4J_JAVA_OPTS="-XX:TieredStopAtLevel=4 ${NEO4J_JAVA_OPTS:-}"
RESULTS=$DIR/results.tsv # kind, version, store, graph, measure, value...
BASE_SRC=$DIR/baseline-src

say() { echo "bench: $(date +%T) $*" >&2; }
die() { say "$*"; exit 1; }

SERVE_PIDS=()
NEO_STARTED=
BASE_ADDED=
cleanup() {
	stop_serves
	if [[ -n $NEO_STARTED ]]; then
		NEO4J_PORT=$NEO_PORT bash scripts/neo4j.sh stop || true
	fi
	if [[ -n $BASE_ADDED ]]; then
		git -C "$ROOT" worktree remove --force "$BASE_SRC" || true
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
BNEO=$(graph_name "$BASE_NEO_NODES" "$BASE_NEO_EDGES")
[[ $BASELINE == none ]] && BNEO=$NEO

mkdir -p "$DIR"
: >"$RESULTS"
rm -f "$DIR"/go-*.txt
t_start=$SECONDS

# --- 1. tools, binaries, graphs ---------------------------------------------------
if ! command -v wrk >/dev/null; then
	say "installing wrk (Debian)"
	apt-get install -y wrk >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y wrk >/dev/null; }
fi
command -v python3 >/dev/null || die "python3 is needed for the request lists and the table"

# build VERSION SRC: $DIR/linkchart-VERSION and $DIR/storebench-VERSION.test
# (the latter only when SRC has graph/storebench).
build() {
	say "building $1 in $2"
	(cd "$2" && go build -o "$DIR/linkchart-$1" ./cmd/linkchart)
	rm -f "$DIR/storebench-$1.test"
	if [[ -d $2/graph/storebench ]]; then
		(cd "$2" && go test -c -o "$DIR/storebench-$1.test" ./graph/storebench)
	fi
}
build after "$ROOT"
VERSIONS=(after)
if [[ $BASELINE != none ]]; then
	BASE_COMMIT=$(git rev-parse --verify "$BASELINE^{commit}") || die "BENCH_BASELINE=$BASELINE is not a commit"
	git worktree remove --force "$BASE_SRC" 2>/dev/null || rm -rf "$BASE_SRC"
	git worktree prune
	git worktree add --detach "$BASE_SRC" "$BASE_COMMIT" >&2
	BASE_ADDED=1
	build before "$BASE_SRC"
	VERSIONS=(before after)
fi
BIN=$DIR/linkchart-after

gen_graph() { # NAME NODES EDGES
	local out=$DIR/$1
	if [[ ! -s $out/edges.csv || ! -f $out/.done-$2-$3 ]]; then
		rm -rf "$out"
		"$BIN" gen --nodes "$2" --edges "$3" --seed 1 --out "$out" >&2
		touch "$out/.done-$2-$3"
	fi
}

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
declare -A SIZE=(["$MAIN"]="$NODES $EDGES" ["$NEO"]="$NEO_NODES $NEO_EDGES" ["$BNEO"]="$BASE_NEO_NODES $BASE_NEO_EDGES")
for g in "${!SIZE[@]}"; do
	# shellcheck disable=SC2086
	gen_graph "$g" ${SIZE[$g]}
	requests "$g"
done

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

# --- HTTP helpers -------------------------------------------------------------------
# rss_kb PID: resident KiB, and of that the anonymous (heap) KiB, tab-separated.
rss_kb() { awk '/^VmRSS:/ {r = $2} /^RssAnon:/ {a = $2} END {print r "\t" a}' "/proc/$1/status"; }

# import VERSION STORE GRAPH EDGES STOREFLAGS...: `linkchart import` of the
# CSV, timed.
import_csv() {
	local v=$1 store=$2 g=$3 edges=$4
	shift 4
	local csv=$DIR/$g t0=$EPOCHREALTIME
	say "HTTP $v $store $g: linkchart import"
	"$DIR/linkchart-$v" import "$@" "$csv/nodes.csv" "$csv/edges.csv" "$csv/sources.csv" >&2
	printf 'cli\t%s\t%s\t%s\timport\t%s\n' "$v" "$store" "$g" "$(python3 -c "print($edges / ($EPOCHREALTIME - $t0))")" >>"$RESULTS"
}

# serve VERSION PORT STOREFLAGS...: starts `linkchart serve` and waits
# until it is ready; its pid is appended to SERVE_PIDS.
serve() {
	local v=$1 port=$2
	shift 2
	if curl -s -o /dev/null "http://127.0.0.1:$port/"; then
		die "port $port is taken by another program; choose another BENCH_HTTP_PORT"
	fi
	# The bench token is cleared for TLP:RED, like storebench's questions:
	# every generated node is visible (anonymous callers see TLP:CLEAR only).
	LINKCHART_TOKENS=bench=viewer:red "$DIR/linkchart-$v" serve --addr "127.0.0.1:$port" --seed=false "$@" \
		>"$DIR/serve-$v-$port.log" 2>&1 &
	local pid=$! i
	SERVE_PIDS+=("$pid")
	for ((i = 0; i < 600; i++)); do
		curl -fsS "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && return 0
		kill -0 "$pid" 2>/dev/null || { tail "$DIR/serve-$v-$port.log" >&2; die "serve exited"; }
		sleep 0.2
	done
	die "serve on port $port not ready within 120s"
}

stop_serves() {
	local pid
	for pid in "${SERVE_PIDS[@]}"; do
		kill -TERM "$pid" 2>/dev/null || true
		wait "$pid" 2>/dev/null || true
	done
	SERVE_PIDS=()
}

# cpu_ticks PID...: user + system CPU of the processes so far, in clock ticks.
cpu_ticks() {
	local pid sum=0 f
	for pid in "$@"; do
		read -r -a f <"/proc/$pid/stat"
		# Fields 14 and 15 (utime, stime); the command name (field 2) has no
		# spaces here.
		sum=$((sum + f[13] + f[14]))
	done
	echo "$sum"
}
TICKS=$(getconf CLK_TCK)

# load VERSION STORE GRAPH PORT PIDS ENDPOINT MEASURE THREADS CONNS: one wrk
# run (after a short warm-up) recorded as MEASURE, with the CPU time that
# the server's processes (PIDS, comma-separated: serve, and Neo4j's JVM)
# spent per request.
load() {
	local v=$1 store=$2 g=$3 port=$4 pids=${5//,/ } ep=$6 measure=$7 t=$8 c=$9 line c0 c1
	local lua=(-H 'Authorization: Bearer bench' -s "$DIR/wrk.lua" "http://127.0.0.1:$port" -- "$DIR/$g/req-$ep.txt")
	wrk -t1 -c2 -d2s "${lua[@]}" >/dev/null
	say "HTTP $v $store $g: wrk $ep (-t$t -c$c -d$DURATION)"
	# shellcheck disable=SC2086
	c0=$(cpu_ticks $pids)
	line=$(wrk --latency -t"$t" -c"$c" -d"$DURATION" --timeout 10s "${lua[@]}" |
		tee "$DIR/wrk-$v-$store-$g-$measure.txt" | grep '^WRKRESULT')
	# shellcheck disable=SC2086
	c1=$(cpu_ticks $pids)
	printf 'http\t%s\t%s\t%s\t%s\t%s\t%s\n' "$v" "$store" "$g" "$measure" "${line#WRKRESULT }" "$(((c1 - c0) * 1000000 / TICKS))" |
		tr ' ' '\t' >>"$RESULTS"
}

# load_all STORE GRAPH EDGES PID_OF_JVM VERSION:PORT...: each endpoint
# against every version in turn (same time window; the order flips from
# one run to the next, so that neither version always goes first), then RSS.
load_all() {
	local store=$1 g=$2 edges=$3 jvm=$4 vp
	shift 4
	local runs=("hop1 hop1 $THREADS $CONNS")
	[[ $store == memstore && $ALT_CONNS != 0 ]] && runs+=("hop1 hop1-alt $ALT_THREADS $ALT_CONNS")
	runs+=("search search $THREADS $CONNS")
	local -a order=() pid=()
	local i=0 r k
	for vp in "$@"; do
		order+=("$i")
		pid+=("${SERVE_PIDS[$i]}${jvm:+,$jvm}")
		i=$((i + 1))
	done
	for r in "${runs[@]}"; do
		for k in "${order[@]}"; do
			vp=${*:k+1:1}
			# shellcheck disable=SC2086
			load "${vp%%:*}" "$store" "$g" "${vp#*:}" "${pid[$k]}" $r
		done
		mapfile -t order < <(printf '%s\n' "${order[@]}" | tac)
	done
	i=0
	for vp in "$@"; do
		printf 'rss\t%s\t%s\t%s\tserve\t%s\t%s\n' "${vp%%:*}" "$store" "$g" "$(rss_kb "${SERVE_PIDS[$i]}")" "$edges" >>"$RESULTS"
		i=$((i + 1))
	done
	if [[ -n $jvm ]]; then
		printf 'rss\t%s\t%s\t%s\tjvm\t%s\t%s\n' "${vp%%:*}" "$store" "$g" "$(rss_kb "$jvm")" "$edges" >>"$RESULTS"
	fi
	stop_serves
}

# gobench VERSION STORE GRAPH [NEO4J_URI [QUESTIONS]]: the Go benchmarks of
# one store on one graph (QUESTIONS: a regexp of the sub-benchmarks, all by
# default), appended to go-VERSION.txt. A failure is reported, not fatal
# (the table then lacks those rows).
gobench() {
	local v=$1 store=$2 g=$3 uri=${4:-} only=${5:-} src=$ROOT
	[[ $v == before ]] && src=$BASE_SRC
	local test=$DIR/storebench-$v.test
	if [[ ! -x $test ]]; then
		say "go $v: $src has no graph/storebench; skipped"
		return 0
	fi
	local -a sz
	read -r -a sz <<<"${SIZE[$g]:-$LARGE_NODES $LARGE_EDGES}"
	local bench=BenchmarkMemstore
	[[ $store == neo4j ]] && bench=BenchmarkNeo4j
	say "go $v: $store on $g"
	# Only one graph per run: both sizes are this graph's.
	(cd "$src/graph/storebench" && env -u NEO4J_URI ${uri:+NEO4J_URI=$uri} \
		BENCH_NODES="${sz[0]}" BENCH_EDGES="${sz[1]}" BENCH_NEO4J_NODES="${sz[0]}" BENCH_NEO4J_EDGES="${sz[1]}" \
		"$test" -test.run '^$' -test.bench "^$bench\$${only:+/^$g\$/^($only)\$}" -test.benchtime "$BENCHTIME" -test.timeout 20m) \
		>>"$DIR/go-$v.txt" 2>&1 || say "go $v: $store on $g FAILED (see $DIR/go-$v.txt)"
	grep -E "^Benchmark$bench/" "$DIR/go-$v.txt" | grep -F "/$g/" >&2 || true
}

# --- 2. HTTP on memstore, before and after side by side ----------------------------
rm -f "$DIR"/*.db
ports=()
for v in "${VERSIONS[@]}"; do import_csv "$v" memstore "$MAIN" "$EDGES" --db "$DIR/$v-$MAIN.db"; done
i=0
for v in "${VERSIONS[@]}"; do
	serve "$v" $((HTTP_PORT + i)) --db "$DIR/$v-$MAIN.db"
	ports+=("$v:$((HTTP_PORT + i))")
	i=$((i + 1))
done
load_all memstore "$MAIN" "$EDGES" "" "${ports[@]}"
if [[ $NEO != "$MAIN" ]]; then
	import_csv after memstore "$NEO" "$NEO_EDGES" --db "$DIR/after-$NEO.db"
	serve after "$HTTP_PORT" --db "$DIR/after-$NEO.db"
	load_all memstore "$NEO" "$NEO_EDGES" "" "after:$HTTP_PORT"
fi
rm -f "$DIR"/*.db

# --- 3. Go benchmarks on memstore ------------------------------------------------------
for v in "${VERSIONS[@]}"; do gobench "$v" memstore "$MAIN"; done
[[ $NEO == "$MAIN" ]] || gobench after memstore "$NEO"
if [[ $LARGE == 1 ]]; then
	LG=$(graph_name "$LARGE_NODES" "$LARGE_EDGES")
	# The oversight questions are left out here: one ?what= takes tens of
	# seconds at 5M edges, and they are measured on the main graph.
	for v in "${VERSIONS[@]}"; do gobench "$v" memstore "$LG" "" "$LARGE_QUESTIONS"; done
fi

# --- 4. Neo4j -------------------------------------------------------------------------
NEO_URI=bolt://127.0.0.1:$NEO_PORT
# neo4j_fresh: a restarted Neo4j with an empty database (the Go benchmarks
# empty it themselves; `linkchart import` needs it empty to time an import).
neo4j_fresh() {
	say "Neo4j on port $NEO_PORT: a fresh database"
	NEO_STARTED=1
	NEO4J_PORT=$NEO_PORT bash scripts/neo4j.sh restart
	NEO_PID=$(<"$ROOT/.neo4j/$NEO_PORT/neo4j.pid")
}
# neo4j_http VERSION GRAPH EDGES: import into the fresh database, serve, load.
# A graph of more than 100k edges is imported in transactions of 100k
# records (--batch, like the Go benchmarks' Upserts): one transaction of 1M
# edges needs more than Neo4j's transaction memory (70% of a 2 GB heap).
neo4j_http() {
	local batch=()
	(($3 > 100000)) && batch=(--batch 100000)
	import_csv "$1" neo4j "$2" "$3" --neo4j-uri "$NEO_URI" "${batch[@]}"
	serve "$1" "$HTTP_PORT" --neo4j-uri "$NEO_URI"
	load_all neo4j "$2" "$3" "$NEO_PID" "$1:$HTTP_PORT"
}
# neo4j_both VERSION GRAPH EDGES: HTTP, then the Go benchmarks, each on a
# fresh database (the Go benchmarks' Reset and re-import of a graph the CLI
# just imported has run into plans that scan every relation per row).
neo4j_both() {
	neo4j_fresh
	neo4j_http "$1" "$2" "$3"
	neo4j_fresh
	gobench "$1" neo4j "$2" "$NEO_URI"
}
# shellcheck disable=SC2206
NEO_SIZE=(${SIZE[$NEO]})
# shellcheck disable=SC2206
BNEO_SIZE=(${SIZE[$BNEO]})
if [[ $BASELINE != none ]]; then
	neo4j_both before "$BNEO" "${BNEO_SIZE[1]}"
	[[ $BNEO == "$NEO" ]] || neo4j_both after "$BNEO" "${BNEO_SIZE[1]}"
fi
neo4j_both after "$NEO" "${NEO_SIZE[1]}"
NEO4J_PORT=$NEO_PORT bash scripts/neo4j.sh stop
NEO_STARTED=

# --- 5. the table -----------------------------------------------------------------------
TOOK=$((SECONDS - t_start))
python3 - "$DIR" "$MAIN" "$NEO" "$BNEO" "${BASE_COMMIT:-none}" "$DURATION" "$THREADS" "$CONNS" "$ALT_THREADS" "$ALT_CONNS" "$TOOK" \
	<<'EOF' | tee "$DIR/table.md"
import os, re, sys
d, main, neo, bneo, base, duration, threads, conns, athreads, aconns, took = sys.argv[1:]
took = int(took)
# go[(version, store, graph, question)] = {unit: value}
go = {}
for v in ("before", "after"):
    path = os.path.join(d, "go-%s.txt" % v)
    if not os.path.exists(path):
        continue
    for line in open(path):
        m = re.match(r"Benchmark(Memstore|Neo4j)/([^/\s]+)/(\S+?)(-\d+)?\s+(\d+)\s+(.*)", line)
        if not m:
            continue
        store, g, q, _, n, rest = m.groups()
        f = rest.split()
        vals = {f[i + 1]: float(f[i]) for i in range(0, len(f) - 1, 2)}
        vals["n"] = int(n)
        go[(v, store.lower(), g, q)] = vals
rows = [l.rstrip("\n").split("\t") for l in open(os.path.join(d, "results.tsv")) if l.strip()]

def us(v):
    if v is None: return ""
    if v >= 1e6: return "%.2f s" % (v / 1e6)
    if v >= 1e3: return "%.1f ms" % (v / 1e3)
    return "%.0f µs" % v if v >= 10 else "%.1f µs" % v
def num(v):
    if v is None: return ""
    for k, s in ((1e6, "M"), (1e3, "k")):
        if v >= k: return "%.3g%s" % (v / k, s)
    return "%.3g" % v
def ratio(a, b):
    """a/b, or blank."""
    if not a or not b: return ""
    r = a / b
    return ("%.0f×" if r >= 100 else "%.3g×") % r

# A row: measure, graph, cells[(version, store)] as (text, number), and
# whether larger is better (rates) for the ratios.
out_rows = []
def row(measure, g, cells, higher_better=False, compare=True):
    if not any(v is not None and v[1] is not None for v in cells.values()):
        return
    def cell(v, s):
        c = cells.get((v, s))
        return c[0] if c and c[1] is not None else ""
    def val(v, s):
        c = cells.get((v, s))
        return c[1] if c else None
    def gain(s):
        b, a = val("before", s), val("after", s)
        return ratio(a, b) if higher_better else ratio(b, a)
    ahead = ratio(val("after", "memstore"), val("after", "neo4j")) if higher_better else ratio(val("after", "neo4j"), val("after", "memstore"))
    if not compare:
        ahead = ""
    out_rows.append("| %s | %s | %s | %s | %s | %s | %s | %s | %s |" % (
        measure, g, cell("before", "memstore"), cell("after", "memstore"), gain("memstore"),
        cell("before", "neo4j"), cell("after", "neo4j"), gain("neo4j"), ahead))

graphs = []
for g in [main, neo, bneo] + sorted({k[2] for k in go}):
    if g not in graphs:
        graphs.append(g)

def gocells(q, unit, fmt):
    def f(g):
        cells = {}
        for v in ("before", "after"):
            for s in ("memstore", "neo4j"):
                x = go.get((v, s, g, q), {})
                val = x.get(unit)
                if val is None:
                    continue
                n = x.get("ops") or x.get("n")
                text = fmt(val)
                if unit == "p99-µs" and n and n < 100:  # p99 of fewer than 100 samples is the max
                    text += " (n=%d)" % n
                cells[(v, s)] = (text, val)
        return cells
    return f

for q, name in (("Search", "search (exact/prefix/typo mix)"), ("Neighborhood1Hop", "neighborhood 1-hop"),
                ("Neighborhood2HopLimit500", "neighborhood 2-hop, limit 500"), ("ShortestPath", "shortest path k=1, connected pairs"),
                ("OversightWho", "oversight ?who="), ("OversightWhat", "oversight ?what=")):
    for g in graphs:
        row("Go: %s, p50" % name, g, gocells(q, "p50-µs", us)(g))
        row("Go: %s, p99" % name, g, gocells(q, "p99-µs", us)(g))

http = {(r[1], r[2], r[3], r[4]): r[5:] for r in rows if r[0] == "http"}
def hvals(v, s, g, m):
    x = http.get((v, s, g, m))
    if not x: return None
    req, dur, p50, p99, st, other, cpu = map(float, x)
    if req == 0:  # nothing answered within the run
        return None
    return req / (dur / 1e6), p50, p99, int(st + other), cpu / max(req, 1)
for m, name, t, c in (("hop1", "neighborhood 1-hop", threads, conns), ("hop1-alt", "neighborhood 1-hop", athreads, aconns),
                      ("search", "search", threads, conns)):
    for g in graphs:
        vals = {(v, s): hvals(v, s, g, m) for v in ("before", "after") for s in ("memstore", "neo4j")}
        errs = ", ".join("%s %s: %d errors/non-2xx" % (s, v, x[3]) for (v, s), x in vals.items() if x and x[3])
        label = "HTTP %s, wrk -t%s -c%s%s" % (name, t, c, " (" + errs + ")" if errs else "")
        for i, what, fmt, hb in ((1, "p50", us, False), (2, "p99", us, False), (0, "req/s", num, True),
                                 (4, "server CPU per request" + (" (serve + JVM)" if vals.get(("after", "neo4j")) or vals.get(("before", "neo4j")) else ""), us, False)):
            row("%s, %s" % (label, what), g, {k: (fmt(x[i]), x[i]) for k, x in vals.items() if x}, hb)

for g in graphs:
    row("import, Go Upsert in batches of 100k (edges/s)", g, gocells("Import", "edges/s", num)(g), True)
cli = {(r[1], r[2], r[3]): float(r[5]) for r in rows if r[0] == "cli"}
for g in graphs:
    row("import, `linkchart import` CSV (edges/s)", g, {(v, s): (num(x), x) for (v, s, gg), x in cli.items() if gg == g}, True)
for g in graphs:
    row("memstore Open (index rebuilt from the file)", g, gocells("Open", "ns/op", lambda v: us(v / 1e3))(g))
for g in graphs:
    row("memstore Go heap per edge after Open (bytes)", g, gocells("Open", "heap-B/edge", lambda v: "%.0f" % v)(g))
for what, label in (("serve", "RSS of `linkchart serve` after load (MB)"), ("jvm", "RSS of the Neo4j JVM after load (MB)")):
    for g in graphs:
        cells = {}
        for r in rows:
            if r[0] == "rss" and r[3] == g and r[4] == what:
                kb = float(r[5])
                cells[(r[1], r[2])] = ("%.0f (%.0f B/edge)" % (kb / 1024, kb * 1024 / float(r[7])), kb)
        row(label, g, cells, compare=False)  # Neo4j's memory is mostly its JVM's

print("| measure | graph | memstore before | memstore after | gain | neo4j before | neo4j after | gain | memstore ahead of neo4j |")
print("|---|---|---|---|---|---|---|---|---|")
print("\n".join(out_rows))
print()
notes = ["Graphs from `linkchart gen --seed 1`."]
if base != "none":
    notes.append("before = commit %s (built from a detached worktree, measured in the same run); after = this tree. "
                 "gain = before/after for latencies, times and memory, after/before for rates (above 1× is better)." % base[:7])
    if bneo != neo:
        notes.append("Neo4j before ran on %s only (the baseline's Neo4j import was 2-6k edges/s with stalls); Neo4j after on %s and %s." % (bneo, bneo, neo))
notes.append("memstore ahead of neo4j = neo4j/memstore for latencies, memstore/neo4j for rates, both after, on the same graph.")
notes.append("Go: p50/p99 of single operations (graph/storebench, every store asked the same questions). "
             "HTTP: wrk on loopback for %s, 1000 fixed requests cycled, server and wrk on the same 2 cores; "
             "the versions loaded in turn in the same time window (the order flipping from one run to the next); "
             "server CPU per request: user + system time of the server processes over the run (robust to the load of other programs, unlike p99)." % duration)
notes.append("Neo4j Community 5.26, heap %s, page cache %s MB, C2 JIT." % (os.environ.get("NEO4J_HEAP"), os.environ.get("NEO4J_PAGECACHE_MB")))
notes.append("Took %dm%02ds." % (took // 60, took % 60))
print(" ".join(notes))
EOF
say "done in $((TOOK / 60))m$((TOOK % 60))s; table in $DIR/table.md"
