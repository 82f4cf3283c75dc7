package memstore

import (
	"context"
	"maps"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"linkchart/graph"
	"linkchart/graph/gen"
)

// TestAnswersAreIndependent edits an answer's slices and maps (answers
// carve them from shared blocks) and checks that neither the store, nor
// another answer, nor the answer's other elements change.
func TestAnswersAreIndependent(t *testing.T) {
	path := filepath.Join(t.TempDir(), "db")
	b := gen.Generate(400, 4000, 43)
	for i := 0; i < len(b.Edges); i += 3 {
		b.Edges[i].Props = map[string]string{"seen": "twice"}
	}
	s := openLoaded(t, path, b)
	s = reopenOrdered(t, s, path)
	defer s.Close()
	ask := func() graph.Subgraph {
		g, err := s.Neighborhood(context.Background(), graph.NeighborhoodQuery{Seed: "n3", Depth: 2, Limit: 300, Clearance: graph.Red})
		if err != nil {
			t.Fatal(err)
		}
		return g
	}
	deepCopy := func(g graph.Subgraph) graph.Subgraph {
		c := graph.Subgraph{Nodes: slices.Clone(g.Nodes), Edges: slices.Clone(g.Edges), Sources: slices.Clone(g.Sources), Truncated: g.Truncated}
		for i := range c.Nodes {
			c.Nodes[i].Aliases, c.Nodes[i].Props = slices.Clone(c.Nodes[i].Aliases), maps.Clone(c.Nodes[i].Props)
		}
		for i := range c.Edges {
			c.Edges[i].Sources, c.Edges[i].Props = slices.Clone(c.Edges[i].Sources), maps.Clone(c.Edges[i].Props)
		}
		return c
	}
	// Each edit is made to the lists (aliases, sources) or the props of
	// every other node and edge.
	edits := []struct {
		name  string
		list  func([]string) []string
		props func(map[string]string)
	}{
		{"append to aliases and sources", func(l []string) []string { return append(l, "scribbled") }, nil},
		{"overwrite aliases and sources", func(l []string) []string {
			if len(l) > 0 {
				l[0] = "scribbled"
			}
			return l
		}, nil},
		{"write props", nil, func(m map[string]string) {
			if m != nil {
				m["scribbled"] = "yes"
			}
		}},
	}
	for _, tc := range edits {
		t.Run(tc.name, func(t *testing.T) {
			g, other := ask(), ask()
			want := deepCopy(g)
			if len(want.Nodes) < 100 || len(want.Edges) < 100 {
				t.Fatalf("answer too small to tell: %d nodes, %d edges", len(want.Nodes), len(want.Edges))
			}
			for i := 0; i < len(g.Nodes); i += 2 {
				if tc.list != nil {
					g.Nodes[i].Aliases = tc.list(g.Nodes[i].Aliases)
				} else {
					tc.props(g.Nodes[i].Props)
				}
			}
			for i := 0; i < len(g.Edges); i += 2 {
				if tc.list != nil {
					g.Edges[i].Sources = tc.list(g.Edges[i].Sources)
				} else {
					tc.props(g.Edges[i].Props)
				}
			}
			for i := 1; i < len(g.Nodes); i += 2 {
				if !reflect.DeepEqual(g.Nodes[i], want.Nodes[i]) {
					t.Fatalf("editing node %d changed node %d: %+v", i-1, i, g.Nodes[i])
				}
			}
			for i := 1; i < len(g.Edges); i += 2 {
				if !reflect.DeepEqual(g.Edges[i], want.Edges[i]) {
					t.Fatalf("editing edge %d changed edge %d: %+v", i-1, i, g.Edges[i])
				}
			}
			if !reflect.DeepEqual(other, want) {
				t.Fatal("editing an answer changed another answer")
			}
			if again := ask(); !reflect.DeepEqual(again, want) {
				t.Fatal("editing an answer changed the store's next answer")
			}
		})
	}
}

// TestCutView reads node-record fields, whole and cut short: a short
// record reads as empty rather than past its end.
func TestCutView(t *testing.T) {
	long := strings.Repeat("x", 200) // a two-byte length
	var e encoder
	e.str("Kim")
	e.str(long)
	rec := e.b
	tests := []struct {
		name string
		rec  []byte
		want []string // the two fields
	}{
		{"whole", rec, []string{"Kim", long}},
		{"second cut short", rec[:len(rec)-1], []string{"Kim", ""}},
		{"second length cut", rec[:5], []string{"Kim", ""}},
		{"first cut short", rec[:3], []string{"", ""}},
		{"empty", nil, []string{"", ""}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a, rest := cutView(tc.rec)
			b, _ := cutView(rest)
			if a != tc.want[0] || b != tc.want[1] {
				t.Errorf("fields %q, %q; want %q", a, b, tc.want)
			}
		})
	}
}
