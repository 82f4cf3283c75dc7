package memstore

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"sync"
	"testing"

	"linkchart/graph"
	"linkchart/graph/gen"
)

// snapshot is v encoded: a copy of every string it holds.
func snapshot(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestHeldAnswersSurviveLaterCalls holds answers (edge ids in numeric
// form, dates, names) across every later call that reuses a buffer: id
// lookups and writes (writeKey's idBuf), searches (topK's norms and
// searchNames), log compaction (compactLog's block and dates), arena and
// node-record compaction.
func TestHeldAnswersSurviveLaterCalls(t *testing.T) {
	path := filepath.Join(t.TempDir(), "db")
	b := gen.Generate(300, 3000, 11)
	for i := range b.Edges {
		b.Edges[i].Since, b.Edges[i].Until = graph.Date(fmt.Sprintf("20%02d-03", i%30)), ""
	}
	s := openLoaded(t, path, b)
	defer func() { s.Close() }()
	ctx := t.Context()
	entity, err := s.Entity(ctx, "n7", graph.Red)
	if err != nil {
		t.Fatal(err)
	}
	hood, err := s.Neighborhood(ctx, graph.NeighborhoodQuery{Seed: "n3", Depth: 2, Limit: 200, Clearance: graph.Red})
	if err != nil {
		t.Fatal(err)
	}
	hits, err := s.Search(ctx, graph.SearchQuery{Text: b.Nodes[5].Name, Limit: 20, Clearance: graph.Red})
	if err != nil {
		t.Fatal(err)
	}
	rel, err := s.Relation(ctx, b.Edges[17].ID, graph.Red)
	if err != nil {
		t.Fatal(err)
	}
	held := []any{entity, hood, hits, rel}
	want := snapshot(t, held)

	for round := range 3 {
		for i := 0; i < 40; i++ {
			if _, err := s.Search(ctx, graph.SearchQuery{Text: b.Nodes[(i*7+round)%len(b.Nodes)].Name, Limit: 10, Clearance: graph.Red}); err != nil {
				t.Fatal(err)
			}
			if _, ok := s.lookupEdge(b.Edges[(i*31+round)%len(b.Edges)].ID); !ok {
				t.Fatal("edge lost")
			}
		}
		// Rewrite every edge (new records, the old ones dead) with new
		// dates, and add edges with new numeric ids out of order.
		for i := range b.Edges {
			b.Edges[i].Since = graph.Date(fmt.Sprintf("19%02d-0%d", i%90, round+1))
		}
		more := make([]graph.Edge, 50)
		for i := range more {
			more[i] = b.Edges[i]
			more[i].ID = fmt.Sprintf("e%d", 1_000_000-round*1000-i)
		}
		if err := s.Upsert(ctx, graph.Batch{Edges: append(more, b.Edges...)}); err != nil {
			t.Fatal(err)
		}
		if err := s.DeleteEdge(ctx, more[0].ID); err != nil {
			t.Fatal(err)
		}
		s.mu.Lock()
		err := s.compactLog()
		s.compactArena()
		s.mu.Unlock()
		if err != nil {
			t.Fatal(err)
		}
		if got := snapshot(t, held); got != want {
			t.Fatalf("round %d: an answer held across later calls changed", round)
		}
	}
}

// TestConcurrentViews runs readers beside a writer (for the race
// detector, which make test runs this package under): every edge an
// answer holds is one the writer wrote, with its ends, and every hit's
// name is its node's.
func TestConcurrentViews(t *testing.T) {
	b := gen.Generate(200, 2000, 5)
	s := openLoaded(t, filepath.Join(t.TempDir(), "db"), b)
	defer s.Close()
	ends := map[string][2]string{}
	for _, e := range b.Edges {
		ends[e.ID] = [2]string{e.From, e.To}
	}
	names := map[string]string{}
	for _, n := range b.Nodes {
		names[n.ID] = n.Name
	}
	extra := make([]graph.Edge, 400) // written by the writer, fresh numeric ids
	for i := range extra {
		extra[i] = b.Edges[i]
		extra[i].ID = fmt.Sprintf("e%d", 900_000+i*7)
		ends[extra[i].ID] = [2]string{extra[i].From, extra[i].To}
	}
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	stop := make(chan struct{})
	wg.Add(1)
	go func() {
		defer wg.Done()
		defer close(stop)
		for i := 0; i < len(extra); i += 20 {
			if err := s.Upsert(t.Context(), graph.Batch{Edges: extra[i : i+20]}); err != nil {
				errs <- err
				return
			}
			if err := s.DeleteEdge(t.Context(), extra[i].ID); err != nil {
				errs <- err
				return
			}
		}
	}()
	for r := range 3 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				g, err := s.Neighborhood(t.Context(), graph.NeighborhoodQuery{Seed: b.Nodes[(i+r)%len(b.Nodes)].ID, Depth: 1, Limit: 100, Clearance: graph.Red})
				if err != nil {
					errs <- err
					return
				}
				for _, e := range g.Edges {
					if ends[e.ID] != [2]string{e.From, e.To} {
						errs <- fmt.Errorf("edge %q: %s -> %s, written %v", e.ID, e.From, e.To, ends[e.ID])
						return
					}
				}
				hits, err := s.Search(t.Context(), graph.SearchQuery{Text: b.Nodes[(i*3+r)%len(b.Nodes)].Name, Limit: 5, Clearance: graph.Red})
				if err != nil {
					errs <- err
					return
				}
				for _, h := range hits {
					if names[h.Node.ID] != h.Node.Name {
						errs <- fmt.Errorf("hit %q named %q, written %q", h.Node.ID, h.Node.Name, names[h.Node.ID])
						return
					}
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}
