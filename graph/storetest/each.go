package storetest

import (
	"reflect"
	"slices"
	"testing"

	"linkchart/graph"
)

// testEachNode covers graph.NodeLister, which both stores implement: every
// visible node of the kind asked (all kinds for ""), each once, equal to
// what was written; nothing above the clearance.
func testEachNode(t *testing.T, newStore NewStore) {
	s, f := load(t, newStore, coreGraph())
	l, ok := s.(graph.NodeLister)
	if !ok {
		t.Fatalf("%T does not implement graph.NodeLister", s)
	}
	for _, c := range []graph.Marking{graph.Clear, graph.Amber, graph.Red} {
		for _, kind := range append([]graph.Kind{""}, graph.Kinds...) {
			var got []string
			err := l.EachNode(t.Context(), kind, c, func(n graph.Node) error {
				want, ok := f.nodes[n.ID]
				if !ok || !reflect.DeepEqual(n, want) {
					t.Errorf("EachNode(%q, %s) gave %+v, want %+v", kind, c, n, want)
				}
				got = append(got, n.ID)
				return nil
			})
			if err != nil {
				t.Fatalf("EachNode(%q, %s) = %v", kind, c, err)
			}
			var want []string
			for id, n := range f.nodes {
				if f.nodeVisible(id, c) && (kind == "" || n.Kind == kind) {
					want = append(want, id)
				}
			}
			slices.Sort(got)
			slices.Sort(want)
			if !slices.Equal(got, want) {
				t.Errorf("EachNode(%q, %s) = %v, want %v", kind, c, got, want)
			}
		}
	}
}
