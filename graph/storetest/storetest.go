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
// checks it.
package storetest

import (
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
		{"Entity", testEntity},
		{"Relation", testRelation},
		{"Search", testSearch},
		{"Neighborhood", testNeighborhood},
		{"Paths", testPaths},
		{"Oversight", testOversight},
		{"Subgraph", testSubgraph},
		{"Schema", testSchema},
		{"Random", testRandom},
	}
	for _, g := range groups {
		run(t, g.name, func(t *testing.T) { g.run(t, newStore) })
	}
}

// run is t.Run that turns a panic in the store into a failure of that case
// alone, so one broken method does not hide the results of the others.
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
