package storetest

import (
	"fmt"
	"maps"
	"reflect"
	"slices"
	"testing"

	"linkchart/graph"
)

// fixture is a test graph and the suite's own model of what a store holds
// after it is loaded: every record normalized as a store must return it,
// every edge with its grade. Cases that write more keep the model in step
// with apply and remove.
type fixture struct {
	nodes   map[string]graph.Node
	edges   map[string]graph.Edge
	sources map[string]graph.Source
}

func newFixture(b graph.Batch) *fixture {
	f := &fixture{
		nodes:   map[string]graph.Node{},
		edges:   map[string]graph.Edge{},
		sources: map[string]graph.Source{},
	}
	f.apply(b)
	return f
}

// apply records a batch the store accepted.
func (f *fixture) apply(b graph.Batch) {
	for _, s := range b.Sources {
		s.Normalize()
		f.sources[s.ID] = s
	}
	for _, n := range b.Nodes {
		n.Aliases = slices.Clone(n.Aliases)
		n.Props = maps.Clone(n.Props)
		n.Normalize()
		f.nodes[n.ID] = n
	}
	for _, e := range b.Edges {
		e.Sources = slices.Clone(e.Sources)
		e.Props = maps.Clone(e.Props)
		e.Normalize()
		f.edges[e.ID] = e
	}
	f.regrade()
}

// regrade derives every edge's grade from the current sources.
func (f *fixture) regrade() {
	for id, e := range f.edges {
		e.Grade = graph.GradeOf(e.Credibility, e.Sources, f.sources).String()
		f.edges[id] = e
	}
}

// removeNode records DeleteNode: the node and every edge touching it.
func (f *fixture) removeNode(id string) {
	delete(f.nodes, id)
	for eid, e := range f.edges {
		if e.From == id || e.To == id {
			delete(f.edges, eid)
		}
	}
}

// load writes b into a fresh store and returns the fixture that models it.
func load(t *testing.T, newStore NewStore, b graph.Batch) (graph.Store, *fixture) {
	t.Helper()
	s := newStore(t)
	if err := s.Upsert(t.Context(), b); err != nil {
		t.Fatalf("Upsert(fixture): %v", err)
	}
	return s, newFixture(b)
}

// nodeVisible reports whether node id exists for a caller cleared for c.
func (f *fixture) nodeVisible(id string, c graph.Marking) bool {
	n, ok := f.nodes[id]
	return ok && c.Allows(n.Marking)
}

// edgeVisible reports whether edge id and both its ends exist for c.
func (f *fixture) edgeVisible(id string, c graph.Marking) bool {
	e, ok := f.edges[id]
	return ok && c.Allows(e.Marking) && f.nodeVisible(e.From, c) && f.nodeVisible(e.To, c)
}

// checkSubgraph checks the invariants every subgraph answer keeps, whatever
// the question: non-nil slices (they encode as [], never null), ids sorted
// and unique, every record equal to what was written (normalized) and
// visible at clearance c, every edge graded with graph.GradeOf and joining
// two nodes of the answer, and sources exactly those the edges cite.
func checkSubgraph(t *testing.T, f *fixture, g graph.Subgraph, c graph.Marking) {
	t.Helper()
	if g.Nodes == nil || g.Edges == nil || g.Sources == nil {
		t.Errorf("answer has a nil slice (nodes %v, edges %v, sources %v): want [] for none",
			g.Nodes == nil, g.Edges == nil, g.Sources == nil)
	}
	inAnswer := map[string]bool{}
	for i, n := range g.Nodes {
		if i > 0 && g.Nodes[i-1].ID >= n.ID {
			t.Errorf("nodes not sorted by id: %q before %q", g.Nodes[i-1].ID, n.ID)
		}
		inAnswer[n.ID] = true
		want, ok := f.nodes[n.ID]
		switch {
		case !ok:
			t.Errorf("answer holds node %q, which does not exist", n.ID)
		case !c.Allows(want.Marking):
			t.Errorf("answer at clearance %s holds node %q marked %s", c, n.ID, want.Marking)
		case !reflect.DeepEqual(n, want):
			t.Errorf("node %q:\n got %+v\nwant %+v", n.ID, n, want)
		}
	}
	cited := map[string]bool{}
	for i, e := range g.Edges {
		if i > 0 && g.Edges[i-1].ID >= e.ID {
			t.Errorf("edges not sorted by id: %q before %q", g.Edges[i-1].ID, e.ID)
		}
		want, ok := f.edges[e.ID]
		switch {
		case !ok:
			t.Errorf("answer holds edge %q, which does not exist", e.ID)
			continue
		case !f.edgeVisible(e.ID, c):
			t.Errorf("answer at clearance %s holds edge %q, which is not visible at it", c, e.ID)
		default:
			checkEdge(t, e, want)
		}
		if !inAnswer[e.From] || !inAnswer[e.To] {
			t.Errorf("edge %q (%s→%s) has an end that is not among the answer's nodes", e.ID, e.From, e.To)
		}
		for _, s := range e.Sources {
			cited[s] = true
		}
	}
	var got []string
	for i, s := range g.Sources {
		if i > 0 && g.Sources[i-1].ID >= s.ID {
			t.Errorf("sources not sorted by id: %q before %q", g.Sources[i-1].ID, s.ID)
		}
		got = append(got, s.ID)
		if want, ok := f.sources[s.ID]; !ok {
			t.Errorf("answer holds source %q, which does not exist", s.ID)
		} else if !reflect.DeepEqual(s, want) {
			t.Errorf("source %q:\n got %+v\nwant %+v", s.ID, s, want)
		}
	}
	want := slices.Sorted(maps.Keys(cited))
	if !equalIDs(got, want) {
		t.Errorf("sources = %v, want exactly those cited by the answer's edges: %v", got, want)
	}
}

// checkEdge compares a returned edge with the model's. An edge's props may
// come back nil or empty when none were written (both encode the same).
func checkEdge(t *testing.T, got, want graph.Edge) {
	t.Helper()
	if got.Grade != want.Grade {
		t.Errorf("edge %q: grade %q, want %q (graph.GradeOf)", got.ID, got.Grade, want.Grade)
	}
	if len(got.Props) == 0 && len(want.Props) == 0 {
		got.Props, want.Props = nil, nil
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("edge %q:\n got %+v\nwant %+v", got.ID, got, want)
	}
}

func nodeIDs(g graph.Subgraph) []string {
	ids := []string{}
	for _, n := range g.Nodes {
		ids = append(ids, n.ID)
	}
	return ids
}

func edgeIDs(g graph.Subgraph) []string {
	ids := []string{}
	for _, e := range g.Edges {
		ids = append(ids, e.ID)
	}
	return ids
}

// equalIDs compares id lists, treating nil and empty alike.
func equalIDs(a, b []string) bool {
	return len(a) == len(b) && (len(a) == 0 || slices.Equal(a, b))
}

// ids is a readable way to write a sorted id list in a table.
func ids(s ...string) []string {
	out := slices.Clone(s)
	slices.Sort(out)
	return out
}

// checkIDs compares the node and edge ids of an answer with the expected
// ones (given in any order).
func checkIDs(t *testing.T, g graph.Subgraph, wantNodes, wantEdges []string) {
	t.Helper()
	if got, want := nodeIDs(g), ids(wantNodes...); !equalIDs(got, want) {
		t.Errorf("nodes = %v, want %v", got, want)
	}
	if got, want := edgeIDs(g), ids(wantEdges...); !equalIDs(got, want) {
		t.Errorf("edges = %v, want %v", got, want)
	}
}

// Small constructors that keep the fixtures readable.

func node(id string, kind graph.Kind, name string) graph.Node {
	return graph.Node{ID: id, Kind: kind, Name: name}
}

func markedNode(m graph.Marking, n graph.Node) graph.Node {
	n.Marking = m
	return n
}

func edge(id, from, typ, to string, sources ...string) graph.Edge {
	return graph.Edge{ID: id, From: from, Type: typ, To: to, Sources: sources}
}

func markedEdge(m graph.Marking, e graph.Edge) graph.Edge {
	e.Marking = m
	return e
}

func datedEdge(since, until graph.Date, e graph.Edge) graph.Edge {
	e.Since, e.Until = since, until
	return e
}

func credEdge(c int, e graph.Edge) graph.Edge {
	e.Credibility = c
	return e
}

func source(id string, r graph.Reliability) graph.Source {
	return graph.Source{ID: id, Title: "Source " + id, Reliability: r}
}

// describe names an error for a failure message.
func describe(err error) string {
	if err == nil {
		return "nil"
	}
	return fmt.Sprintf("%q", err.Error())
}
