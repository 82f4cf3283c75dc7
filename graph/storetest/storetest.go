// Package storetest is the conformance suite that every graph.Store passes.
//
// A backend's own test is a few lines:
//
//	func TestConformance(t *testing.T) {
//		storetest.Run(t, func(t *testing.T) graph.Store {
//			s, err := memstore.Open(filepath.Join(t.TempDir(), "db"))
//			if err != nil {
//				t.Fatal(err)
//			}
//			t.Cleanup(func() { s.Close() })
//			return s
//		})
//	}
//
// Every case asks newStore for a fresh, empty store, loads its own small
// fixture with Upsert and checks the answers against the semantics written
// in package graph (doc.go, store.go, date.go, grade.go, search.go). The test
// graphs are drawn next to the fixtures. Beside the exact expectations, every
// answer is checked for the invariants that hold for all questions: records
// equal what was written (normalized), ids sorted, slices non-nil, every edge
// graded with graph.GradeOf, sources exactly those that the answer's edges
// cite, nothing above the caller's clearance.
//
// Where the graph docs leave room, the suite pins down the reading an analyst
// would expect; each such choice is written in the comment of the case that
// checks it. In short:
//
//   - Paths of one length are compared hop by hop, each hop by its next
//     node's id, then its edge's id; the first differing hop decides.
//   - Deleting a missing node or edge is ErrNotFound.
//   - Schema leaves out kinds and types with no visible record; its maps,
//     and every answer slice (hits, paths, a path's nodes and edges,
//     oversight answers, subgraph nodes, edges and sources), are empty,
//     never nil. Nodes come back with non-nil aliases and props; an edge
//     without props may come back with nil or empty props.
//   - The zero clearance is TLP:CLEAR.
//   - Upsert replaces a record whole; a replaced node keeps its edges; a
//     deleted node's sources stay; a deleted id can be created again.
//   - Create refuses a batch when any node, edge or source id in it is
//     taken, also when several Creates race for one id.
//   - Neighborhood limits count the seed; reaching exactly Limit nodes is not
//     truncated. Self loops of reached nodes are induced edges.
//   - Oversight: an overseer's several oversight edges compete, the
//     shortest path per (overseer, target) wins; a PART_OF chain through a
//     hidden node is cut; MaxPartOfHops counts the PART_OF hops only.
//
// Left open, so not checked: edges without sources at the store level,
// one id twice in one batch, until before since, oversight edges from a
// node that is not a Person.
package storetest

import (
	"context"
	"errors"
	"runtime/debug"
	"testing"

	"linkchart/graph"
)

// NewStore returns a fresh, empty store for one test case. It is expected to
// arrange for the store to be closed (t.Cleanup) and to fail the test when
// the store cannot be opened.
type NewStore func(t *testing.T) graph.Store

// Run runs the whole suite against the stores made by newStore.
func Run(t *testing.T, newStore func(t *testing.T) graph.Store) {
	groups := []struct {
		name string
		run  func(t *testing.T, newStore NewStore)
	}{
		{"Write", testWrite},
		{"Delete", testDelete},
		{"Source", testSource},
		{"EveryField", testEveryField},
		{"Entity", testEntity},
		{"Relation", testRelation},
		{"Search", testSearch},
		{"Neighborhood", testNeighborhood},
		{"Paths", testPaths},
		{"Oversight", testOversight},
		{"Window", testWindow},
		{"Subgraph", testSubgraph},
		{"Schema", testSchema},
		{"EachNode", testEachNode},
		{"Random", testRandom},
		{"Limits", testLimits},
		{"Clearance", testClearance},
		{"Charts", testCharts},
		{"PathOptions", testPathOptions},
		{"History", testHistory},
		{"Merge", testMerge},
		{"TopConnected", testTopConnected},
		{"UpdateEdgeSources", testUpdateEdgeSources},
	}
	for _, g := range groups {
		run(t, g.name, func(t *testing.T) { g.run(t, newStore) })
	}
}

// run is t.Run that turns a panic in the store into a failure of that case
// alone, so one broken method does not hide the results of the others.
// runQuery runs one query case as a subtest: ask(q) must fail wrapping
// wantErr when that is set, else succeed and pass check. what names the
// query in messages.
func runQuery[Q, A any](t *testing.T, name, what string, q Q, wantErr error,
	ask func(context.Context, Q) (A, error), check func(t *testing.T, a A)) {
	t.Helper()
	run(t, name, func(t *testing.T) {
		a, err := ask(t.Context(), q)
		if wantErr != nil {
			if !errors.Is(err, wantErr) {
				t.Fatalf("%s(%+v) = %s, want %v", what, q, describe(err), wantErr)
			}
			return
		}
		if err != nil {
			t.Fatalf("%s(%+v) = %v", what, q, err)
		}
		check(t, a)
	})
}

func run(t *testing.T, name string, f func(t *testing.T)) bool {
	t.Helper()
	return t.Run(name, func(t *testing.T) {
		defer func() {
			if r := recover(); r != nil {
				t.Errorf("panic: %v\n%s", r, debug.Stack())
			}
		}()
		f(t)
	})
}
