package neo4jstore

import (
	"context"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"linkchart/data"
	"linkchart/graph"
	"linkchart/graph/gen"
	"linkchart/graph/memstore"
)

// TestSeedEqualsMemstore loads the seed dataset into Neo4j and into the
// embedded store and asks both the same questions: search for every name,
// alias, word, prefix and one-typo (deletion, transposition) variant; the entity and neighborhoods
// (several depths and filters) of every node; oversight of every node both
// ways; paths between sampled pairs; the schema at every clearance. The
// answers must be identical.
func TestSeedEqualsMemstore(t *testing.T) {
	seed, err := data.Seed()
	if err != nil {
		t.Fatal(err)
	}
	mem, n4j := bothStores(t, seed)
	ctx := context.Background()
	questions := 0
	same := func(what string, ask func(s graph.Store) (any, error)) {
		t.Helper()
		questions++
		want, werr := ask(mem)
		got, gerr := ask(n4j)
		if (werr == nil) != (gerr == nil) {
			t.Errorf("%s: memstore error %v, neo4j error %v", what, werr, gerr)
			return
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s:\nneo4j    %+v\nmemstore %+v", what, got, want)
		}
	}

	// Search.
	texts := map[string]bool{}
	for _, n := range seed.Nodes {
		for _, name := range append([]string{n.Name}, n.Aliases...) {
			texts[name] = true
			norm := []rune(graph.Normalize(name))
			for i := 1; i <= len(norm) && i <= 12; i++ {
				texts[string(norm[:i])] = true
			}
			for _, w := range graph.Tokens(string(norm)) {
				texts[w] = true
				r := []rune(w)
				for i := range r {
					texts[string(r[:i])+string(r[i+1:])] = true // a deletion
					if i+1 < len(r) {
						s := append([]rune(nil), r...)
						s[i], s[i+1] = s[i+1], s[i] // a transposition
						texts[string(s)] = true
					}
				}
			}
		}
	}
	for text := range texts {
		same("search "+text, func(s graph.Store) (any, error) {
			return s.Search(ctx, graph.SearchQuery{Text: text, Limit: 50, Clearance: graph.Red})
		})
	}
	for _, text := range []string{"kim", "corps", "hwasong", "kursk"} {
		for _, c := range graph.Markings {
			same(fmt.Sprintf("search %s at %s", text, c), func(s graph.Store) (any, error) {
				return s.Search(ctx, graph.SearchQuery{Text: text, Clearance: c})
			})
		}
		same("search by kind "+text, func(s graph.Store) (any, error) {
			return s.Search(ctx, graph.SearchQuery{Text: text, Kinds: []graph.Kind{graph.Person, graph.Unit}, Limit: 5, Clearance: graph.Red})
		})
	}

	// Entity, neighborhoods and oversight of every node.
	for _, n := range seed.Nodes {
		for _, c := range []graph.Marking{graph.Clear, graph.Red} {
			same("entity "+n.ID+" at "+string(c), func(s graph.Store) (any, error) { return s.Entity(ctx, n.ID, c) })
			same("who "+n.ID, func(s graph.Store) (any, error) {
				return s.Oversight(ctx, graph.OversightQuery{Who: n.ID, Clearance: c})
			})
			same("what "+n.ID, func(s graph.Store) (any, error) {
				return s.Oversight(ctx, graph.OversightQuery{What: n.ID, Clearance: c})
			})
		}
		same("who "+n.ID+" as of 2024-10", func(s graph.Store) (any, error) {
			return s.Oversight(ctx, graph.OversightQuery{Who: n.ID, AsOf: "2024-10", Clearance: graph.Red})
		})
		for _, q := range []graph.NeighborhoodQuery{
			{Depth: 1}, {Depth: 2}, {Depth: 3, Limit: 40},
			{Depth: 2, AsOf: "2024-10"}, {Depth: 2, AsOf: "2023"},
			{Depth: 2, MinGrade: graph.MinGrade{Reliability: "B"}},
			{Depth: 2, MinGrade: graph.MinGrade{Credibility: 2}},
			{Depth: 2, Kinds: []graph.Kind{graph.Person, graph.Unit}},
			{Depth: 2, Types: []string{graph.Commands, graph.PartOf, graph.DeployedTo}},
		} {
			q.Seed, q.Clearance = n.ID, graph.Red
			same(fmt.Sprintf("neighborhood %+v", q), func(s graph.Store) (any, error) { return s.Neighborhood(ctx, q) })
		}
	}

	// Paths between sampled pairs.
	r := rand.New(rand.NewPCG(1, 2))
	for range 150 {
		q := graph.PathQuery{
			From:      seed.Nodes[r.IntN(len(seed.Nodes))].ID,
			To:        seed.Nodes[r.IntN(len(seed.Nodes))].ID,
			K:         1 + r.IntN(4),
			MaxDepth:  2 + r.IntN(5),
			Clearance: graph.Markings[r.IntN(4)],
		}
		same(fmt.Sprintf("paths %+v", q), func(s graph.Store) (any, error) { return s.Paths(ctx, q) })
	}
	for _, c := range graph.Markings {
		same("schema at "+string(c), func(s graph.Store) (any, error) { return s.Schema(ctx, c) })
	}
	t.Logf("%d questions, %d search texts", questions, len(texts))
}

// TestSearchEqualsMemstoreGenerated asks both stores the benchmark's kind
// of search (prefixes and typos of random names) on a generated graph of
// 5000 nodes, where names repeat words far more than in the seed.
func TestSearchEqualsMemstoreGenerated(t *testing.T) {
	bt := gen.Generate(5000, 5000, 2)
	mem, n4j := bothStores(t, bt)
	r := rand.New(rand.NewPCG(3, 4))
	bad := 0
	for i := range 400 {
		name := []rune(graph.Normalize(bt.Nodes[r.IntN(len(bt.Nodes))].Name))
		switch i % 4 {
		case 0:
			name = name[:max(1, len(name)*r.IntN(4)/4)]
		case 1:
			if len(name) > 5 {
				j := 1 + r.IntN(len(name)-2)
				name[j], name[j+1] = name[j+1], name[j]
			}
		case 2:
			if len(name) > 5 {
				j := r.IntN(len(name))
				name = append(name[:j:j], name[j+1:]...)
			}
		}
		q := graph.SearchQuery{Text: string(name), Limit: 30, Clearance: graph.Markings[i%4]}
		got, want, err := searchBoth(t, mem, n4j, q)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			if bad++; bad <= 5 {
				t.Errorf("search %q: neo4j %d hits, memstore %d", q.Text, len(got), len(want))
			}
		}
	}
}

// TestLongNamesEqualMemstore: words longer than Lucene indexes whole (255
// characters) and queries longer than it accepts still find what memstore
// finds.
func TestLongNamesEqualMemstore(t *testing.T) {
	long := strings.Repeat("abcdefghij", 30)
	b := graph.Batch{Nodes: []graph.Node{
		{ID: "long", Kind: graph.Person, Name: long},
		{ID: "long-words", Kind: graph.Unit, Name: long + " " + long + "x", Aliases: []string{strings.Repeat("Ŏ", 300)}},
		{ID: "many-words", Kind: graph.Place, Name: strings.Repeat("tok ", 80)},
	}}
	mem, n4j := bothStores(t, b)
	for _, text := range []string{
		long, long[:250], long[:120], long + "x", long[:150] + " " + long[:200],
		strings.Repeat("o", 300), strings.Repeat("ŏ", 200), strings.Repeat("tok ", 30), strings.Repeat("to", 200),
		strings.Repeat("abcdefghijklmnopqrstuvwxyz", 100),
	} {
		q := graph.SearchQuery{Text: text, Clearance: graph.Red}
		got, want, err := searchBoth(t, mem, n4j, q)
		if err != nil {
			t.Errorf("search %.40q…: %v", text, err)
			continue
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("search %.40q…: neo4j %d hits, memstore %d", text, len(got), len(want))
		}
	}
}

// TestTypoSaturationEqualsMemstore: Lucene expands a fuzzy term to at most
// 50 index terms; with 125 names one edit away from the query, search must
// still find all of them, as memstore does.
func TestTypoSaturationEqualsMemstore(t *testing.T) {
	var b graph.Batch
	for _, w := range []string{"kanon", "kanonenboot"} {
		r := []rune(w)
		for i := range r {
			for c := 'a'; c <= 'z'; c++ {
				if r[i] == c {
					continue
				}
				v := append([]rune(nil), r...)
				v[i] = c
				b.Nodes = append(b.Nodes, graph.Node{ID: fmt.Sprintf("n%d", len(b.Nodes)), Kind: graph.Place, Name: string(v) + " Hill",
					Marking: graph.Markings[len(b.Nodes)%4]})
			}
		}
	}
	mem, n4j := bothStores(t, b)
	for _, q := range []graph.SearchQuery{
		{Text: "kanon", Limit: 1000, Clearance: graph.Red},
		{Text: "Kanon", Clearance: graph.Clear},
		{Text: "kanon hill", Limit: 200, Clearance: graph.Amber},
		{Text: "kanonenbot", Limit: 1000, Clearance: graph.Red},
		{Text: "hill kanonenboot", Limit: 50, Clearance: graph.Green},
	} {
		got, want, err := searchBoth(t, mem, n4j, q)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("search %q: neo4j %d hits, memstore %d", q.Text, len(got), len(want))
		}
	}
}

// bothStores opens a fresh Neo4j store and a memstore and writes b into
// both.
func bothStores(t *testing.T, b graph.Batch) (mem, n4j graph.Store) {
	t.Helper()
	n4j = freshStore(t)
	m, err := memstore.Open(filepath.Join(t.TempDir(), "db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { m.Close() })
	for _, s := range []graph.Store{m, n4j} {
		if err := s.Upsert(t.Context(), b); err != nil {
			t.Fatal(err)
		}
	}
	return m, n4j
}

// searchBoth asks both stores q: n4j's answer and error, and mem's answer,
// which must not fail.
func searchBoth(t *testing.T, mem, n4j graph.Store, q graph.SearchQuery) (got, want []graph.Hit, err error) {
	t.Helper()
	want, err = mem.Search(t.Context(), q)
	if err != nil {
		t.Fatal(err)
	}
	got, err = n4j.Search(t.Context(), q)
	return got, want, err
}
