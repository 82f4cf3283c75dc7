package memstore

import (
	"context"
	"fmt"
	"path/filepath"
	"sync"
	"testing"

	"linkchart/graph"
	"linkchart/graph/gen"
)

// The benchmarks of this file compare the two paths of each mechanism that
// has two (package doc), on one graph of 50k nodes and 500k edges, opened
// from its file as a server opens it.

var (
	pathsOnce  sync.Once
	pathsStore *Store
	pathsBatch graph.Batch
)

func openPathsBench(b *testing.B) (*Store, graph.Batch) {
	b.Helper()
	pathsOnce.Do(func() {
		checkPlan = false
		pathsBatch = gen.Generate(50_000, 500_000, 1)
		path := filepath.Join(b.TempDir(), "db")
		s, err := Open(path)
		if err == nil {
			err = s.Upsert(context.Background(), pathsBatch)
			s.Close()
		}
		if err == nil {
			pathsStore, err = Open(path)
		}
		if err != nil {
			b.Fatal(err)
		}
	})
	if pathsStore == nil {
		b.Fatal("no store")
	}
	return pathsStore, pathsBatch
}

// BenchmarkWalk: a 2-hop neighbourhood cut at 500, by walkScan (any index)
// and by walkSorted (index order is id order).
func BenchmarkWalk(b *testing.B) {
	s, bt := openPathsBench(b)
	for _, w := range []struct {
		name string
		walk func(context.Context, *scratch, *edgeFilter, uint8, uint32, int, int) ([]uint32, []uint32, bool, error)
	}{{"scan", s.walkScan}, {"sorted", s.walkSorted}} {
		b.Run(w.name, func(b *testing.B) {
			f := s.newFilter(nil, "", graph.MinGrade{}, graph.Red)
			for i := range b.N {
				seed, _ := s.lookupNode(bt.Nodes[(i*7919)%len(bt.Nodes)].ID)
				sc := s.getScratch()
				if _, _, _, err := w.walk(context.Background(), sc, f, 0, seed, 2, 500); err != nil {
					b.Fatal(err)
				}
				s.putScratch(sc)
			}
		})
	}
}

// BenchmarkLookup: finding a node id through sparseKeys' binary search
// (no table, index order is id order) and through an idTable; bytes/id is
// what each keeps per node.
func BenchmarkLookup(b *testing.B) {
	s, bt := openPathsBench(b)
	var table idTable
	table.seed = newIDTable(0).seed
	table.build(len(s.nodes), func(uint32) bool { return true }, s.nodeID)
	b.Run("sparse", func(b *testing.B) {
		for i := range b.N {
			if _, ok := s.nodeKeys.search(len(s.nodes), bt.Nodes[(i*7919)%len(bt.Nodes)].ID, s.nodeID); !ok {
				b.Fatal("not found")
			}
		}
		b.ReportMetric(float64(8*cap(s.nodeKeys))/float64(len(s.nodes)), "bytes/id")
	})
	b.Run("table", func(b *testing.B) {
		for i := range b.N {
			if _, ok := table.find(bt.Nodes[(i*7919)%len(bt.Nodes)].ID, s.nodeID); !ok {
				b.Fatal("not found")
			}
		}
		b.ReportMetric(float64(4*len(table.slots))/float64(len(s.nodes)), "bytes/id")
	})
}

// BenchmarkSmallWrite: an upsert of 10 new edges, the adjacency kept by
// moving the touched nodes' pairs out (moved), or packed again whole
// after each write (what a store without moved lists would do).
func BenchmarkSmallWrite(b *testing.B) {
	s, bt := openPathsBench(b)
	for _, repack := range []bool{false, true} {
		b.Run(map[bool]string{false: "moved", true: "repack"}[repack], func(b *testing.B) {
			for i := range b.N {
				edges := make([]graph.Edge, 10)
				for k := range edges {
					edges[k] = graph.Edge{ID: fmt.Sprintf("bench-%v-%d-%d", repack, i, k), Type: graph.Commands,
						From: bt.Nodes[(i*31+k)%len(bt.Nodes)].ID, To: bt.Nodes[(i*17+k*3)%len(bt.Nodes)].ID,
						Sources: []string{bt.Sources[0].ID}}
				}
				if err := s.Upsert(context.Background(), graph.Batch{Edges: edges}); err != nil {
					b.Fatal(err)
				}
				if repack {
					s.mu.Lock()
					s.buildAdjacency()
					s.mu.Unlock()
				}
			}
		})
	}
}

// BenchmarkLargeWrite: a batch of 20k nodes and 200k edges into an empty
// store, by the two-core pipeline that Upsert takes from 4096 records on
// (writeLarge), and by the steps of the small-write path done in order on
// one core.
func BenchmarkLargeWrite(b *testing.B) {
	bt := gen.Generate(20_000, 200_000, 2)
	for _, pipeline := range []bool{true, false} {
		b.Run(map[bool]string{true: "pipeline", false: "serial"}[pipeline], func(b *testing.B) {
			for range b.N {
				b.StopTimer()
				s, err := Open(filepath.Join(b.TempDir(), "db"))
				if err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
				if pipeline {
					err = s.Upsert(context.Background(), bt)
				} else {
					err = s.writeSerial(bt)
				}
				if err != nil {
					b.Fatal(err)
				}
				b.StopTimer()
				s.Close()
				b.StartTimer()
			}
		})
	}
}

// writeSerial is write's small-batch path for any batch.
func (s *Store) writeSerial(b graph.Batch) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	hasNode := func(id string) bool { _, ok := s.lookupNode(id); return ok }
	if err := s.admit(context.Background(), b, false, graph.CheckBatch(b, hasNode, s.hasSource)); err != nil {
		return err
	}
	inserts := s.onlyInserts(b)
	w := encodeBatch(b, nil)
	w.setFlags(inserts)
	if err := s.appendLog(s.log.next, w.chunks); err != nil {
		return err
	}
	s.logged(w)
	s.apply(b, nil, inserts)
	return nil
}
