package analysis

import (
	"fmt"
	"math/rand/v2"
	"syscall"
	"testing"
	"time"

	"linkchart/graph"
)

// scaleFree is a seeded preferential-attachment graph of n nodes, each new
// node linking to two earlier ones: the hubs and brokers of a chart.
func scaleFree(n int) graph.Subgraph {
	rng := rand.New(rand.NewPCG(22, 22))
	var g graph.Subgraph
	var ends []string
	for i := 0; i < n; i++ {
		id := fmt.Sprintf("n%05d", i)
		g.Nodes = append(g.Nodes, graph.Node{ID: id})
		for k := 0; k < 2 && len(ends) > 0; k++ {
			to := ends[rng.IntN(len(ends))]
			g.Edges = append(g.Edges, graph.Edge{ID: fmt.Sprintf("e%05d-%d", i, k), From: id, To: to})
			ends = append(ends, to)
		}
		ends = append(ends, id)
	}
	return g
}

func benchmarkAnalyze(b *testing.B, n int) {
	g := scaleFree(n)
	opt := Options{Measures: Measures, Communities: true}
	b.ResetTimer()
	cpu := cpuTime()
	for i := 0; i < b.N; i++ {
		res := Analyze(g, opt)
		if len(res.Nodes) != n {
			b.Fatalf("%d nodes scored, want %d", len(res.Nodes), n)
		}
	}
	reportCPU(b, cpu)
}

// cpuTime is the process's user and system CPU time so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// reportCPU adds the CPU milliseconds per operation since start: on a
// shared machine wall time also counts the waits for a core.
func reportCPU(b *testing.B, start time.Duration) {
	b.ReportMetric(float64(cpuTime()-start)/float64(time.Millisecond)/float64(b.N), "cpu-ms/op")
}

// Every measure and the communities of a 2,000-node view.
func BenchmarkAnalyze2k(b *testing.B) { benchmarkAnalyze(b, 2000) }

// The same over 20,000 nodes: betweenness and closeness sampled.
func BenchmarkAnalyze20k(b *testing.B) { benchmarkAnalyze(b, 20000) }

// Each part alone, to see where the time goes.
func BenchmarkMeasures2k(b *testing.B)  { benchmarkParts(b, 2000) }
func BenchmarkMeasures20k(b *testing.B) { benchmarkParts(b, 20000) }

func benchmarkParts(b *testing.B, n int) {
	g := scaleFree(n)
	for _, m := range Measures {
		b.Run(string(m), func(b *testing.B) {
			cpu := cpuTime()
			for i := 0; i < b.N; i++ {
				Analyze(g, Options{Measures: []Measure{m}})
			}
			reportCPU(b, cpu)
		})
	}
	b.Run("communities", func(b *testing.B) {
		cpu := cpuTime()
		for i := 0; i < b.N; i++ {
			Analyze(g, Options{Communities: true})
		}
		reportCPU(b, cpu)
	})
}
