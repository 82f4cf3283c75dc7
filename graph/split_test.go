package graph

import (
	"fmt"
	"strings"
	"testing"
)

func TestBatchSplit(t *testing.T) {
	b := Batch{
		Sources: []Source{{ID: "s0"}, {ID: "s1"}},
		Nodes:   []Node{{ID: "n0"}, {ID: "n1"}, {ID: "n2"}},
		Edges:   []Edge{{ID: "e0"}, {ID: "e1"}, {ID: "e2"}, {ID: "e3"}},
	}
	// Each batch written as "sources/nodes/edges" ids.
	tests := []struct {
		n    int
		want []string
	}{
		{0, []string{"s0 s1/n0 n1 n2/e0 e1 e2 e3"}},
		{9, []string{"s0 s1/n0 n1 n2/e0 e1 e2 e3"}},
		{100, []string{"s0 s1/n0 n1 n2/e0 e1 e2 e3"}},
		{4, []string{"s0 s1/n0 n1/", "/n2/e0 e1 e2", "//e3"}},
		{2, []string{"s0 s1//", "/n0 n1/", "/n2/e0", "//e1 e2", "//e3"}},
		{1, []string{"s0 s1//", "/n0/", "/n1/", "/n2/", "//e0", "//e1", "//e2", "//e3"}},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.n), func(t *testing.T) {
			parts := b.Split(tt.n)
			var got []string
			for _, p := range parts {
				got = append(got, ids(p))
				if tt.n > 0 && len(p.Nodes)+len(p.Edges) > tt.n {
					t.Errorf("a batch holds %d nodes and edges, more than %d", len(p.Nodes)+len(p.Edges), tt.n)
				}
			}
			if fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Errorf("Split(%d) = %q, want %q", tt.n, got, tt.want)
			}
			if len(parts) > 1 {
				// Appending to one batch must not overwrite the next.
				first := parts[0]
				_ = append(first.Nodes, Node{ID: "x"})
				_ = append(first.Edges, Edge{ID: "x"})
				if fmt.Sprint(ids(parts[1])) != fmt.Sprint(tt.want[1]) {
					t.Errorf("appending to the first batch changed the second: %q", ids(parts[1]))
				}
			}
		})
	}
}

func ids(b Batch) string {
	var s, n, e []string
	for _, x := range b.Sources {
		s = append(s, x.ID)
	}
	for _, x := range b.Nodes {
		n = append(n, x.ID)
	}
	for _, x := range b.Edges {
		e = append(e, x.ID)
	}
	return strings.Join(s, " ") + "/" + strings.Join(n, " ") + "/" + strings.Join(e, " ")
}
