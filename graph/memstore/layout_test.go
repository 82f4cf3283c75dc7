package memstore

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"reflect"
	"slices"
	"testing"

	"linkchart/graph"
	"linkchart/graph/gen"
)

// TestLookupWithoutIDTables checks id lookups after Open of an imported
// store, where they are binary searches (the id tables not built), and
// after each kind of write that builds a table or leaves it unbuilt.
func TestLookupWithoutIDTables(t *testing.T) {
	ctx := context.Background()
	cases := []struct {
		name                 string
		write                func(s *Store) error
		nodeTable, edgeTable bool     // built after the write
		gone                 []string // ids no longer found ("n…" nodes, "e…" edges)
	}{
		{"none", func(*Store) error { return nil }, false, false, nil},
		{"edge appended in order", func(s *Store) error {
			return s.Upsert(ctx, graph.Batch{Edges: []graph.Edge{{ID: "e999999", From: "n1", Type: "NEAR", To: "n2", Sources: []string{"s0"}}}})
		}, false, false, nil},
		{"edge replaced", func(s *Store) error {
			return s.Upsert(ctx, graph.Batch{Edges: []graph.Edge{{ID: "e10", From: "n3", Type: "NEAR", To: "n4", Sources: []string{"s0"}}}})
		}, false, false, nil},
		{"edge out of order", func(s *Store) error {
			return s.Upsert(ctx, graph.Batch{Edges: []graph.Edge{{ID: "e1000x", From: "n1", Type: "NEAR", To: "n2", Sources: []string{"s0"}}}})
		}, false, true, nil},
		{"node out of order", func(s *Store) error {
			return s.Upsert(ctx, graph.Batch{Nodes: []graph.Node{{ID: "n1x", Kind: graph.Place, Name: "Somewhere"}}})
		}, true, false, nil},
		{"nodes appended in order", func(s *Store) error {
			var b graph.Batch
			for i := range 40 {
				b.Nodes = append(b.Nodes, graph.Node{ID: fmt.Sprintf("o%02d", i), Kind: graph.Place, Name: "Later"})
			}
			return s.Upsert(ctx, b)
		}, false, false, nil},
		{"edge deleted", func(s *Store) error { return s.DeleteEdge(ctx, "e7") }, false, true, []string{"e7"}},
		{"node deleted", func(s *Store) error { return s.DeleteNode(ctx, "n5") }, true, true, []string{"n5"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "db")
			b := gen.Generate(200, 1000, 3)
			s := openLoaded(t, path, b)
			s = reopenOrdered(t, s, path)
			defer s.Close()
			if s.nodeByID.active() || s.edgeByID.active() {
				t.Fatalf("after Open: node table built %v, edge table built %v; want neither", s.nodeByID.active(), s.edgeByID.active())
			}
			if err := c.write(s); err != nil {
				t.Fatal(err)
			}
			if s.nodeByID.active() != c.nodeTable || s.edgeByID.active() != c.edgeTable {
				t.Fatalf("node table built %v, edge table built %v; want %v, %v", s.nodeByID.active(), s.edgeByID.active(), c.nodeTable, c.edgeTable)
			}
			if want := (len(s.nodes) + sparseStride - 1) / sparseStride; !s.nodeByID.active() && len(s.nodeKeys) != want {
				t.Fatalf("%d sparse node keys for %d nodes, want %d", len(s.nodeKeys), len(s.nodes), want)
			}
			gone := map[string]bool{}
			for _, id := range c.gone {
				gone[id] = true
			}
			for i := range s.nodes {
				if s.nmeta[i]&nodeAlive == 0 {
					continue
				}
				id := s.nodeID(uint32(i))
				if n, ok := s.lookupNode(id); !ok || n != uint32(i) {
					t.Fatalf("lookupNode(%s) = %d, %v; want %d", id, n, ok, i)
				}
			}
			for i := range s.edges {
				if s.edges[i].meta&edgeAlive == 0 {
					continue
				}
				id := s.edgeIDString(uint32(i))
				if e, ok := s.lookupEdge(id); !ok || e != uint32(i) {
					t.Fatalf("lookupEdge(%s) = %d, %v; want %d", id, e, ok, i)
				}
			}
			for _, id := range append(c.gone, "n", "e", "n99999", "e99999", "zz") {
				_, nok := s.lookupNode(id)
				_, eok := s.lookupEdge(id)
				if nok || eok {
					t.Fatalf("%s found (node %v, edge %v); want not found", id, nok, eok)
				}
			}
			if _, err := s.Relation(ctx, "e3", graph.Red); err != nil && !gone["e3"] {
				t.Fatalf("Relation(e3): %v", err)
			}
			if _, err := s.Entity(ctx, "n5", graph.Red); gone["n5"] != errors.Is(err, graph.ErrNotFound) {
				t.Fatalf("Entity(n5): %v, want not found %v", err, gone["n5"])
			}
		})
	}
}

// TestColdRecords checks that edges come back as written whatever their
// cold record holds (source counts on both sides of what its head byte
// holds, note, props, each credibility), and their classes (type, dates).
func TestColdRecords(t *testing.T) {
	ctx := context.Background()
	var srcs []graph.Source
	var ids []string
	for i := range 200 {
		id := fmt.Sprintf("s%03d", i)
		srcs = append(srcs, graph.Source{ID: id, Title: id, Reliability: graph.Reliability(rune('A' + i%6))})
		ids = append(ids, id)
	}
	nodes := []graph.Node{{ID: "a", Kind: graph.Person, Name: "A"}, {ID: "b", Kind: graph.Place, Name: "B"}}
	cases := []graph.Edge{
		{Type: "NEAR", Sources: ids[:1], Credibility: 1},
		{Type: "NEAR", Sources: ids[150:156], Credibility: 2, Since: "2001"},
		{Type: "MET", Sources: ids[190:197], Credibility: 3, Note: "seven", Since: "2001-02", Until: "2003-04-05"},
		{Type: "MET", Sources: ids, Credibility: 4, Props: map[string]string{"k": "v", "x": ""}},
		{Type: "OWNS", Sources: ids[130:132], Credibility: 5, Note: "both", Props: map[string]string{"p": "q"}, Until: "1999-12-31"},
		{Type: "OWNS", Sources: ids[5:6], Credibility: 6, Marking: graph.Red},
	}
	var b graph.Batch
	b.Sources, b.Nodes = srcs, nodes
	for i, x := range cases {
		x.ID, x.From, x.To = fmt.Sprintf("e%d", i), "a", "b"
		b.Edges = append(b.Edges, x)
	}
	for _, limit := range []int{classSpill, 2} { // 2: most classes spill
		t.Run(fmt.Sprintf("classes %d", limit), func(t *testing.T) {
			defer func(l int) { classLimit = l }(classLimit)
			classLimit = limit
			path := filepath.Join(t.TempDir(), "db")
			s := openLoaded(t, path, b)
			for round := range 2 {
				for _, x := range b.Edges {
					g, err := s.Relation(ctx, x.ID, graph.Red)
					if err != nil {
						t.Fatal(err)
					}
					got, want := g.Edges[0], x
					want.Normalize()
					want.Grade = graph.Grade{Reliability: bestRel(srcs, x.Sources), Credibility: x.Credibility}.String()
					if want.Props == nil {
						want.Props = got.Props
					}
					if want.Marking == "" {
						want.Marking = graph.Clear
					}
					if !reflect.DeepEqual(got, want) {
						t.Fatalf("round %d: edge %s\n got %+v\nwant %+v", round, x.ID, got, want)
					}
				}
				for asOf, want := range map[graph.Date][]string{"2002": {"e2", "e3"}, "2004": {"e3"}} {
					g, err := s.Neighborhood(ctx, graph.NeighborhoodQuery{Seed: "a", Depth: 1, Types: []string{"MET"}, AsOf: asOf, Clearance: graph.Red})
					var got []string
					for _, x := range g.Edges {
						got = append(got, x.ID)
					}
					if err != nil || !reflect.DeepEqual(got, want) {
						t.Fatalf("round %d: MET edges as of %s: %v, %v; want %v", round, asOf, got, err, want)
					}
				}
				s = reopen(t, s, path)
			}
			s.Close()
		})
	}
}

func bestRel(srcs []graph.Source, ids []string) graph.Reliability {
	best := graph.Reliability("F")
	for _, s := range srcs {
		for _, id := range ids {
			if s.ID == id && s.Reliability < best {
				best = s.Reliability
			}
		}
	}
	return best
}

// TestSparseKeys checks the search that sparseKeys narrows, on ids that
// share their first 8 bytes (prefixKey ties) and on ids at the top of the
// key range.
func TestSparseKeys(t *testing.T) {
	many := func(f string, n int) []string {
		var ids []string
		for i := range n {
			ids = append(ids, fmt.Sprintf(f, i))
		}
		return ids
	}
	cases := []struct {
		name   string
		ids    []string // ascending
		absent []string
	}{
		{"short", many("n%03d", 100), []string{"", "m", "n", "n0000", "n0991", "n100", "o"}},
		{"shared prefix", append(append(many("a%02d", 20), many("prefix00-%03d", 70)...), many("z%02d", 30)...), []string{"prefix00", "prefix00-", "prefix00-0001", "prefix00-070", "prefix01"}},
		{"top keys", append(many("b%03d", 40), many("\xff\xff\xff\xff\xff\xff\xff\xff%03d", 40)...), []string{"\xff\xff\xff\xff\xff\xff\xff\xff", "\xff\xff\xff\xff\xff\xff\xff\xff040", "c"}},
		{"one", []string{"x"}, []string{"w", "y"}},
		{"none", nil, []string{"x"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			idOf := func(i uint32) string { return c.ids[i] }
			var built, added sparseKeys
			built.build(len(c.ids), idOf)
			for i, id := range c.ids {
				added.add(uint32(i), id)
			}
			for _, k := range []sparseKeys{built, added, nil} { // nil: out of step, a plain binary search
				for i, id := range c.ids {
					if got, ok := k.search(len(c.ids), id, idOf); !ok || got != uint32(i) {
						t.Fatalf("search(%q) = %d, %v; want %d", id, got, ok, i)
					}
				}
				for _, id := range c.absent {
					if got, ok := k.search(len(c.ids), id, idOf); ok {
						t.Fatalf("search(%q) = %d; want not found", id, got)
					}
				}
			}
		})
	}
}

// TestColdIDs checks the cold record's id encoding: ids that end in a
// decimal number without leading zeros take the numeric form, others stay
// text, and each reads back whole, with the record's rest after it.
func TestColdIDs(t *testing.T) {
	cases := []struct {
		id      string
		numeric bool
		size    int // encoded bytes
	}{
		{"e1234567", true, 5},
		{"rel-42", true, 6},
		{"7", true, 2},
		{"0", true, 2},
		{"e0", true, 3},
		{"e9999999999999999999", true, 12},   // 19 digits
		{"e18446744073709551615", false, 22}, // 20 digits: text
		{"e007", false, 5},
		{"e10a", false, 5},
		{"abc", false, 4},
		{"", false, 1},
		{"n-1-2", true, 6},
	}
	for _, c := range cases {
		t.Run(c.id, func(t *testing.T) {
			b := append(appendColdID(nil, c.id), 0xAB)
			if len(b)-1 != c.size {
				t.Errorf("encoded in %d bytes, want %d", len(b)-1, c.size)
			}
			got, rest := readColdID(b)
			if got.numeric != c.numeric {
				t.Errorf("numeric %v, want %v", got.numeric, c.numeric)
			}
			if s := string(got.appendTo(nil)); s != c.id {
				t.Errorf("reads back %q", s)
			}
			var block []byte
			if s := got.out(&block); s != c.id {
				t.Errorf("out %q", s)
			}
			if want := c.id[:min(8, len(c.id))]; string(got.prefix(nil)) != want {
				t.Errorf("prefix %q, want %q", got.prefix(nil), want)
			}
			if len(rest) != 1 || rest[0] != 0xAB {
				t.Errorf("rest %x, want ab", rest)
			}
		})
	}
}

// TestMixedEdgeIDs stores edges whose ids are of both forms, written out of
// id order, and checks lookups (id table, then binary search after Open),
// answers, their order by id, and deletes.
func TestMixedEdgeIDs(t *testing.T) {
	ctx := context.Background()
	ids := []string{"e10", "e9", "e09", "e10a", "e100", "x", "e1", "rel-42", "rel-5", "e18446744073709551616", "e0", "e"}
	b := graph.Batch{
		Sources: []graph.Source{{ID: "s", Title: "s", Reliability: "B"}},
		Nodes:   []graph.Node{{ID: "a", Kind: graph.Person, Name: "A"}, {ID: "b", Kind: graph.Place, Name: "B"}},
	}
	for _, id := range ids {
		b.Edges = append(b.Edges, graph.Edge{ID: id, From: "a", To: "b", Type: "NEAR", Sources: []string{"s"}, Credibility: 2})
	}
	sorted := slices.Sorted(slices.Values(ids))
	path := filepath.Join(t.TempDir(), "db")
	s := openLoaded(t, path, b)
	for round := range 2 {
		for _, id := range ids {
			g, err := s.Relation(ctx, id, graph.Clear)
			if err != nil || len(g.Edges) != 1 || g.Edges[0].ID != id {
				t.Fatalf("round %d: relation %q: %v, %v", round, id, g.Edges, err)
			}
		}
		g, err := s.Neighborhood(ctx, graph.NeighborhoodQuery{Seed: "a", Depth: 1, Clearance: graph.Clear})
		var got []string
		for _, x := range g.Edges {
			got = append(got, x.ID)
		}
		if err != nil || !slices.Equal(got, sorted) {
			t.Fatalf("round %d: neighbourhood edges %v, %v; want %v", round, got, err, sorted)
		}
		p, err := s.Paths(ctx, graph.PathQuery{From: "a", To: "b", MaxDepth: 1, K: graph.MaxK, Clearance: graph.Clear})
		if err != nil || len(p.Paths) == 0 {
			t.Fatalf("round %d: paths %v, %v", round, p.Paths, err)
		}
		for _, x := range p.Paths {
			if len(x.Edges) != 1 || !slices.Contains(ids, x.Edges[0]) {
				t.Fatalf("round %d: path edges %q, want one of %v", round, x.Edges, ids)
			}
		}
		s = reopen(t, s, path)
	}
	defer s.Close()
	if err := s.DeleteEdge(ctx, "rel-42"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Relation(ctx, "rel-42", graph.Clear); !errors.Is(err, graph.ErrNotFound) {
		t.Fatalf("deleted rel-42: %v, want not found", err)
	}
	if _, err := s.Relation(ctx, "rel-5", graph.Clear); err != nil {
		t.Fatalf("rel-5 after deleting rel-42: %v", err)
	}
}
