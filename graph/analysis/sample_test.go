package analysis

import (
	"cmp"
	"math"
	"slices"
	"testing"
)

// Above SampleAbove, betweenness and closeness are estimated from Samples
// sources, say so, and stay close to the exact scores.
func TestSampledShortestPathMeasures(t *testing.T) {
	o := loadOracle(t)["random"]
	g := o.subgraph(false)
	exact := Analyze(g, Options{Measures: []Measure{Betweenness, Closeness, Degree}})
	est := Analyze(g, Options{Measures: []Measure{Betweenness, Closeness, Degree}, SampleAbove: 100, Samples: 150})
	s := est.Sampled
	if s == nil || s.Sources != 150 || s.Nodes != 300 || !slices.Equal(s.Measures, []Measure{Betweenness, Closeness}) {
		t.Fatalf("sampled = %+v, want 150 of 300 sources for betweenness and closeness", s)
	}
	top := func(r Result, m Measure) []string {
		ns := slices.Clone(r.Nodes)
		slices.SortFunc(ns, func(a, b NodeScore) int {
			return cmp.Compare(b.Scores[string(m)], a.Scores[string(m)])
		})
		out := make([]string, 20)
		for i := range out {
			out[i] = ns[i].ID
		}
		return out
	}
	shared := 0
	want := top(exact, Betweenness)
	for _, id := range top(est, Betweenness) {
		if slices.Contains(want, id) {
			shared++
		}
	}
	if shared < 14 {
		t.Errorf("sampled betweenness shares %d of the exact top 20, want >= 14", shared)
	}
	for i, ns := range est.Nodes {
		x, y := ns.Scores["closeness"], exact.Nodes[i].Scores["closeness"]
		if math.Abs(x-y) > 0.05*y {
			t.Errorf("%s: sampled closeness %g, exact %g", ns.ID, x, y)
		}
		if ns.Scores["degree"] != exact.Nodes[i].Scores["degree"] {
			t.Errorf("%s: degree changed by sampling", ns.ID)
		}
	}
}
