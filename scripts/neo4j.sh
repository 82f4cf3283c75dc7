#!/usr/bin/env bash
# Start and stop the real Neo4j that linkchart's tests run against.
#
#   scripts/neo4j.sh start     build the launcher (tools/neo4j) if needed, start
#                              Neo4j Community 5.26 on bolt://127.0.0.1:$NEO4J_PORT
#                              (auth off, empty database) and return when Bolt
#                              answers a handshake; exit 1 with the log's tail if
#                              it does not within $NEO4J_START_TIMEOUT seconds
#   scripts/neo4j.sh stop      SIGTERM, wait, SIGKILL if needed; delete the data
#   scripts/neo4j.sh restart   stop then start (a fresh, empty database)
#   scripts/neo4j.sh status    exit 0 when it runs and Bolt answers
#   scripts/neo4j.sh build     only build the launcher and its classpath
#
# Environment: NEO4J_PORT (default 7687; one instance per port, so several can
# run side by side), NEO4J_HEAP (default 512m), NEO4J_PAGECACHE_MB (default
# 128), NEO4J_START_TIMEOUT (default 180), NEO4J_JAVA_OPTS (more JVM options,
# appended), NEO4J_TX_MEMORY_MB (caps dbms.memory.transaction.total.max, by
# default 70% of the heap), JAVA (default: java on PATH).
# State lives in .neo4j/$NEO4J_PORT/: neo4j.pid, neo4j.log, build.log, home/.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PORT=${NEO4J_PORT:-7687}
TOOL=$ROOT/tools/neo4j
TARGET=$TOOL/target
STATE=$ROOT/.neo4j/$PORT
PIDFILE=$STATE/neo4j.pid
LOG=$STATE/neo4j.log
HOME_DIR=$STATE/home
TIMEOUT=${NEO4J_START_TIMEOUT:-180}
HEAP=${NEO4J_HEAP:-512m}
JAVA=${JAVA:-java}
MAIN=linkchart.neo4j.Launcher
JAR=$TARGET/linkchart-neo4j.jar
# Class data sharing: the first start records the classes Neo4j loads into an
# archive (written when that JVM exits), later starts map it: about half the
# start-up CPU. NEO4J_CDS=0 turns it off.
CDS=${NEO4J_CDS:-1}
JSA=$TARGET/neo4j-cds.jsa
JSA_NEW=$STATE/cds.jsa

case $PORT in
'' | *[!0-9]*) echo "neo4j.sh: NEO4J_PORT must be a number, got '$PORT'" >&2; exit 2 ;;
esac

say() { echo "neo4j.sh[$PORT]: $*" >&2; }
die() { say "$*"; exit 1; }

# lock FD FILE: hold an exclusive lock on FILE through file descriptor FD.
# (The JVM is started with these descriptors closed. A JVM started by an
# older version of this script may still hold the lock: then go on without it.)
lock() {
	mkdir -p "$(dirname "$2")"
	eval "exec $1>\"\$2\""
	local i pid
	for ((i = 0; i < 600; i++)); do
		flock -w 1 "$1" && return 0
		pid=$(running_pid)
		if [[ -n $pid ]] && ls -l "/proc/$pid/fd" 2>/dev/null | grep -qF -- "$2"; then
			return 0
		fi
	done
	die "could not lock $2 within 600s"
}

# The pid of our launcher on this port, or nothing.
running_pid() {
	[[ -f $PIDFILE ]] || return 0
	local pid
	pid=$(<"$PIDFILE")
	[[ $pid =~ ^[0-9]+$ ]] || return 0
	# Only a live JVM running our launcher for this state dir counts.
	if [[ -r /proc/$pid/cmdline ]] && tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -- "$MAIN $HOME_DIR"; then
		echo "$pid"
	fi
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; }

# A real Bolt handshake: the magic 0x6060B017 and four version proposals
# (5.0-5.4, 4.4); a Bolt server answers with four bytes naming the version it
# chose. Prints that version.
bolt_handshake() {
	local reply
	reply=$(
		exec 3<>"/dev/tcp/127.0.0.1/$PORT" || exit 1
		printf '\x60\x60\xb0\x17\x00\x04\x04\x05\x00\x00\x04\x04\x00\x00\x00\x00\x00\x00\x00\x00' >&3
		timeout 5 head -c 4 <&3 | od -An -tu1
	) 2>/dev/null || return 1
	read -r _ _ minor major <<<"$reply" || true
	[[ -n ${major:-} && $major != 0 ]] || return 1
	echo "$major.$minor"
}

# What went wrong: the launcher's output and the errors of Neo4j's own log.
show_logs() {
	echo "---- $LOG (last 40 lines)" >&2
	tail -n 40 "$LOG" >&2 || true
	local debug=$HOME_DIR/logs/debug.log
	if [[ -f $debug ]]; then
		echo "---- $debug (last 20 ERROR/WARN lines)" >&2
		grep -E ' (ERROR|WARN) ' "$debug" | tail -n 20 >&2 || true
	fi
	echo "----" >&2
}

build_needed() {
	local cp=$TARGET/classpath.txt
	[[ -s $cp && -f $JAR ]] || return 0
	[[ $cp -nt $TOOL/pom.xml && $JAR -nt $TOOL/src/main/java/linkchart/neo4j/Launcher.java ]] || return 0
	# Every jar must still be in the local Maven repository.
	local jar
	while IFS= read -r -d: jar; do
		[[ -f $jar ]] || return 0
	done < <(tr -d '\n' <"$cp"; echo :)
	return 1
}

build() {
	command -v mvn >/dev/null || die "mvn not found (apt-get install maven)"
	mkdir -p "$TARGET" "$STATE"
	lock 8 "$TARGET/.build.lock"
	if build_needed; then
		say "building the launcher (first time downloads Neo4j from Maven Central)"
		local blog=$STATE/build.log
		if ! mvn -B -q -f "$TOOL/pom.xml" compile jar:jar dependency:build-classpath >"$blog" 2>&1; then
			say "online build failed; trying offline"
			mvn -B -q -o -f "$TOOL/pom.xml" compile jar:jar dependency:build-classpath >>"$blog" 2>&1 || {
				tail -n 40 "$blog" >&2
				die "build failed; see $blog"
			}
		fi
		touch "$TARGET/classpath.txt"
		rm -f "$JSA"
	fi
	exec 8>&-
}

start() {
	lock 9 "$ROOT/.neo4j/$PORT.lock"
	local pid v
	pid=$(running_pid)
	if [[ -n $pid ]]; then
		if v=$(bolt_handshake); then
			say "already running (pid $pid), Bolt $v on bolt://127.0.0.1:$PORT"
			return 0
		fi
		say "pid $pid runs but Bolt does not answer; restarting it"
		stop_locked
	fi
	if port_open; then
		die "port $PORT is taken by another program; choose another NEO4J_PORT"
	fi
	command -v "$JAVA" >/dev/null || die "java not found (a JDK 17 or 21 is needed)"
	build
	rm -rf "$HOME_DIR"
	mkdir -p "$STATE"
	local cp
	cp="$JAR:$(<"$TARGET/classpath.txt")"
	local -a jvm=(
		-Xms128m "-Xmx$HEAP" -XX:+UseSerialGC
		# C1 only: half the start-up CPU of full tiering, ample for test data.
		# NEO4J_JAVA_OPTS=-XX:TieredStopAtLevel=4 gives C2 back (benchmarks).
		-XX:TieredStopAtLevel=1 -XX:ReservedCodeCacheSize=240m
		-Xlog:cds*=error
		-XX:+ExitOnOutOfMemoryError -XX:-OmitStackTraceInFastThrow
		-Djava.awt.headless=true -Dio.netty.tryReflectionSetAccessible=true
		-Djdk.nio.maxCachedBufferSize=1024 -Dlog4j2.disable.jmx=true
		--add-opens=java.base/java.nio=ALL-UNNAMED
		--add-opens=java.base/java.io=ALL-UNNAMED
		--add-opens=java.base/sun.nio.ch=ALL-UNNAMED
		--add-opens=java.base/java.lang=ALL-UNNAMED
		--add-opens=java.base/java.util.concurrent=ALL-UNNAMED
		--add-opens=java.base/jdk.internal.misc=ALL-UNNAMED
		--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED
		--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED
		--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED
	)
	# Extra JVM options, split on spaces (e.g. NEO4J_JAVA_OPTS="-XX:TieredStopAtLevel=4 -Xmx1g" for benchmarks).
	local -a extra
	read -r -a extra <<<"${NEO4J_JAVA_OPTS:-}"
	rm -f "$JSA_NEW"
	if [[ $CDS == 1 ]]; then
		if [[ -s $JSA && $JSA -nt $TARGET/classpath.txt && $JSA -nt $(readlink -f "$(command -v "$JAVA")") ]]; then
			jvm+=("-XX:SharedArchiveFile=$JSA" -Xshare:auto)
		else
			jvm+=("-XX:ArchiveClassesAtExit=$JSA_NEW")
		fi
	fi
	jvm+=("${extra[@]}")
	local t0=$SECONDS
	# setsid: the JVM gets its own session, so it outlives the shell that
	# started it and is not hit by that shell's job-control signals.
	NEO4J_PAGECACHE_MB=${NEO4J_PAGECACHE_MB:-128} setsid bash -c \
		'echo $$ >"$1"; shift; exec "$@"' _ "$PIDFILE" \
		"$JAVA" "${jvm[@]}" -cp "$cp" "$MAIN" "$HOME_DIR" "$PORT" \
		</dev/null >"$LOG" 2>&1 8>&- 9>&- &
	local waited=0
	while ((waited < 50)) && [[ ! -s $PIDFILE ]]; do sleep 0.1; waited=$((waited + 1)); done
	pid=$(<"$PIDFILE")
	say "started pid $pid; waiting for Bolt (timeout ${TIMEOUT}s, log $LOG)"
	while :; do
		if ! kill -0 "$pid" 2>/dev/null; then
			show_logs
			rm -f "$PIDFILE"
			die "Neo4j exited during start-up; log above ($LOG)"
		fi
		if grep -q '^READY ' "$LOG" && v=$(bolt_handshake); then
			say "ready in $((SECONDS - t0))s: bolt://127.0.0.1:$PORT (Bolt $v, no auth)"
			grep '^READY ' "$LOG" >&2
			return 0
		fi
		if ((SECONDS - t0 >= TIMEOUT)); then
			show_logs
			say "Bolt did not answer within ${TIMEOUT}s; stopping pid $pid"
			stop_locked
			exit 1
		fi
		sleep 0.5
	done
}

stop_locked() {
	local pid
	pid=$(running_pid)
	if [[ -n $pid ]]; then
		kill -TERM "$pid" 2>/dev/null || true
		local i
		for ((i = 0; i < 180; i++)); do
			kill -0 "$pid" 2>/dev/null || break
			sleep 0.5
		done
		if kill -0 "$pid" 2>/dev/null; then
			say "pid $pid ignored SIGTERM for 90s; sending SIGKILL"
			kill -KILL "$pid" 2>/dev/null || true
			sleep 0.5
			rm -f "$JSA_NEW"
		fi
		# Keep the class archive a clean exit wrote (atomic rename: other
		# instances may be starting from the old one).
		if [[ -s $JSA_NEW ]] && ! grep -q '^\[[^]]*\]\[error *\]\[cds' "$LOG"; then
			mv -f "$JSA_NEW" "$JSA" && say "saved the class archive for faster starts"
		fi
		rm -f "$JSA_NEW"
		say "stopped pid $pid"
	else
		say "not running"
	fi
	rm -f "$PIDFILE"
	rm -rf "$HOME_DIR"
}

stop() {
	lock 9 "$ROOT/.neo4j/$PORT.lock"
	stop_locked
}

status() {
	local pid v
	pid=$(running_pid)
	if [[ -n $pid ]] && v=$(bolt_handshake); then
		echo "running: pid $pid, bolt://127.0.0.1:$PORT (Bolt $v)"
		return 0
	fi
	if [[ -n $pid ]]; then
		echo "pid $pid runs but Bolt does not answer on $PORT"
	else
		echo "not running on $PORT"
	fi
	return 1
}

case ${1:-} in
start) start ;;
stop) stop ;;
restart) stop && start ;;
status) status ;;
build) build ;;
*)
	echo "usage: $0 start|stop|restart|status|build   (NEO4J_PORT=${PORT})" >&2
	exit 2
	;;
esac
