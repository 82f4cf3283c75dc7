package main

import (
	"log/slog"
	"os"
	"runtime"
	"runtime/debug"
)

// serve's garbage collector setting. The embedded store keeps the whole
// graph's index on the Go heap (about 100 MB at 1M edges), and each API
// answer leaves some tens of KB of garbage; with Go's default GOGC=100 a
// server of a small graph collects many times a second under load, and the
// mark phases (a share of the 2 cores, write barriers, assists) land in the
// tail latency. So serve lets the heap grow by gcHeadroom between
// collections instead: GOGC = 100 × headroom / live heap after start-up,
// never under Go's default 100 (a large graph gets the default, so never
// more memory than without this) and never over maxGCPercent. With 1M
// edges (~93 MB live) that is GOGC≈275: a collection every ~256 MB of
// garbage instead of every ~93 MB.
//
// GOGC or GOMEMLIMIT in the environment leave the setting to the operator.
const (
	gcHeadroom   = 256 << 20
	maxGCPercent = 1000
)

// gcPercent is the GOGC for a live heap of live bytes.
func gcPercent(live uint64) int {
	if live == 0 {
		return maxGCPercent
	}
	return int(min(max(100*gcHeadroom/live, 100), maxGCPercent))
}

// tuneGC sets GOGC from the live heap, unless the environment sets it.
func tuneGC(log *slog.Logger) {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		log.Info("garbage collector left to GOGC/GOMEMLIMIT")
		return
	}
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	pct := gcPercent(ms.HeapAlloc)
	debug.SetGCPercent(pct)
	log.Info("garbage collector", "gogc", pct, "live_heap_mb", ms.HeapAlloc>>20)
}
