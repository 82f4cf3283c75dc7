package memstore

import (
	"testing"

	"linkchart/graph"
)

func init() { checkPlan = true }

func openTemp(t *testing.T, path string) *Store {
	t.Helper()
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// openLoaded opens a store at path and writes b into it.
func openLoaded(t *testing.T, path string, b graph.Batch) *Store {
	t.Helper()
	s := openTemp(t, path)
	if err := s.Upsert(t.Context(), b); err != nil {
		t.Fatal(err)
	}
	return s
}

// prefixIDs puts p before the id of every node and edge of b and before
// the ends of every edge, so that b can be written beside the batch it
// was generated as.
func prefixIDs(b *graph.Batch, p string) {
	for i := range b.Nodes {
		b.Nodes[i].ID = p + b.Nodes[i].ID
	}
	for i := range b.Edges {
		e := &b.Edges[i]
		e.ID, e.From, e.To = p+e.ID, p+e.From, p+e.To
	}
}

// nodesByID maps the id of every node of ns to the node.
func nodesByID(ns []graph.Node) map[string]graph.Node {
	m := make(map[string]graph.Node, len(ns))
	for _, n := range ns {
		m[n.ID] = n
	}
	return m
}

// reopenOrdered is reopen that checks that the index is in id order (the
// fast paths of sorts and walks), as it is after Open of a log of inserts.
func reopenOrdered(t *testing.T, s *Store, path string) *Store {
	t.Helper()
	s = reopen(t, s, path)
	if !s.nodesOrdered || !s.edgesOrdered || !s.sourcesOrdered {
		t.Fatalf("reopened store: ordered nodes %v, edges %v, sources %v", s.nodesOrdered, s.edgesOrdered, s.sourcesOrdered)
	}
	return s
}
