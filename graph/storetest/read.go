package storetest

import (
	"errors"
	"maps"
	"math"
	"reflect"
	"slices"
	"testing"

	"linkchart/graph"
)

// entity calls Entity and fails the test on an error.
func entity(t *testing.T, s graph.Store, id string, c graph.Marking) graph.Subgraph {
	t.Helper()
	g, err := s.Entity(t.Context(), id, c)
	if err != nil {
		t.Fatalf("Entity(%q, %s) = %v", id, c, err)
	}
	return g
}

// search calls Search and fails the test on an error.
func search(t *testing.T, s graph.Store, q graph.SearchQuery) []graph.Hit {
	t.Helper()
	hits, err := s.Search(t.Context(), q)
	if err != nil {
		t.Fatalf("Search(%+v) = %v", q, err)
	}
	return hits
}

func hitIDs(hits []graph.Hit) []string {
	ids := []string{}
	for _, h := range hits {
		ids = append(ids, h.ID)
	}
	return ids
}

// testEntity covers Entity on the core graph.
func testEntity(t *testing.T, newStore NewStore) {
	s, f := load(t, newStore, coreGraph())
	tests := []struct {
		name      string
		id        string
		clearance graph.Marking
		wantNodes []string
		wantEdges []string
		wantErr   error
	}{
		{"edges in, out and a self loop", "a", graph.Clear,
			[]string{"a", "b", "c", "f"}, []string{"aa", "ab", "ca", "fa"}, nil},
		{"AMBER edge shows at AMBER", "a", graph.Amber,
			[]string{"a", "b", "c", "d", "f"}, []string{"aa", "ab", "ad", "ca", "fa"}, nil},
		{"RED end shows at RED", "a", graph.Red,
			[]string{"a", "b", "c", "d", "f", "r"}, []string{"aa", "ab", "ad", "ar", "ca", "fa"}, nil},
		// Only the edges touching b: not aa or ca, though both ends are in.
		{"parallel edges, no induced edges", "b", graph.Clear,
			[]string{"a", "b", "c", "x"}, []string{"ab", "bc", "bx1", "bx2"}, nil},
		{"only incoming edges", "e", graph.Clear, []string{"d", "e"}, []string{"de"}, nil},
		{"isolated node", "u", graph.Clear, []string{"u"}, nil, nil},
		{"node behind a RED node", "s", graph.Clear, []string{"s"}, nil, nil},
		{"RED node at RED", "r", graph.Red, []string{"a", "r", "s"}, []string{"ar", "rs"}, nil},
		{"RED node at AMBER", "r", graph.Amber, nil, nil, graph.ErrNotFound},
		{"RED node at the zero clearance", "r", "", nil, nil, graph.ErrNotFound},
		{"unknown id", "ghost", graph.Red, nil, nil, graph.ErrNotFound},
		{"edge id is not a node", "ab", graph.Red, nil, nil, graph.ErrNotFound},
		{"id with Cypher syntax", "a' OR '1'='1", graph.Red, nil, nil, graph.ErrNotFound},
		{"id with a backtick and braces", "a`}) DETACH DELETE n //", graph.Red, nil, nil, graph.ErrNotFound},
	}
	for _, tt := range tests {
		run(t, tt.name, func(t *testing.T) {
			g, err := s.Entity(t.Context(), tt.id, tt.clearance)
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("Entity(%q, %s) = %s, want %v", tt.id, tt.clearance, describe(err), tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("Entity(%q, %s) = %v", tt.id, tt.clearance, err)
			}
			checkSubgraph(t, f, g, tt.clearance)
			checkIDs(t, g, tt.wantNodes, tt.wantEdges)
			if g.Truncated {
				t.Errorf("Truncated = true, want false")
			}
		})
	}
	run(t, "reads changed nothing", func(t *testing.T) { checkSchema(t, s, graph.Red, f) })
}

// testRelation covers Relation on the core graph: one edge, its ends and
// the sources it cites.
func testRelation(t *testing.T, newStore NewStore) {
	s, f := load(t, newStore, coreGraph())
	tests := []struct {
		name      string
		id        string
		clearance graph.Marking
		wantNodes []string
		wantErr   error
	}{
		{"edge and its ends", "ab", graph.Clear, []string{"a", "b"}, nil},
		{"self loop", "aa", graph.Clear, []string{"a"}, nil},
		{"several sources", "bc", graph.Clear, []string{"b", "c"}, nil},
		{"edge with props", "ca", graph.Clear, []string{"a", "c"}, nil},
		{"AMBER edge at AMBER", "ad", graph.Amber, []string{"a", "d"}, nil},
		{"AMBER edge at GREEN", "ad", graph.Green, nil, graph.ErrNotFound},
		{"AMBER edge at the zero clearance", "ad", "", nil, graph.ErrNotFound},
		{"edge to a RED node at RED", "ar", graph.Red, []string{"a", "r"}, nil},
		{"edge to a RED node at AMBER", "ar", graph.Amber, nil, graph.ErrNotFound},
		{"unknown id", "ghost", graph.Red, nil, graph.ErrNotFound},
		{"node id is not an edge", "a", graph.Red, nil, graph.ErrNotFound},
	}
	for _, tt := range tests {
		run(t, tt.name, func(t *testing.T) {
			g, err := s.Relation(t.Context(), tt.id, tt.clearance)
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("Relation(%q, %s) = %s, want %v", tt.id, tt.clearance, describe(err), tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("Relation(%q, %s) = %v", tt.id, tt.clearance, err)
			}
			checkSubgraph(t, f, g, tt.clearance)
			checkIDs(t, g, tt.wantNodes, []string{tt.id})
		})
	}
}

// testSearch covers Search on the search graph. Every hit's score must be
// graph.Score of its name and aliases; hits are ordered by score (highest
// first), then name, then id.
func testSearch(t *testing.T, newStore NewStore) {
	s, f := load(t, newStore, searchGraph())
	tests := []struct {
		name string
		q    graph.SearchQuery
		want []string
	}{
		{"exact name", graph.SearchQuery{Text: "Kim Yong Bok"}, []string{"kim-yong-bok"}},
		{"case and punctuation blind", graph.SearchQuery{Text: "KIM-YONG-BOK!"}, []string{"kim-yong-bok"}},
		{"accent blind", graph.SearchQuery{Text: "Kim Yŏng-bok"}, []string{"kim-yong-bok"}},
		{"accents and apostrophes in the name", graph.SearchQuery{Text: "tokchon"}, []string{"tokchon"}},
		{"spaces and hyphens ignored", graph.SearchQuery{Text: "kn 23"}, []string{"kn-23"}},
		{"alias", graph.SearchQuery{Text: "hwasong-11ga"}, []string{"kn-23"}},
		{"alias of a unit", graph.SearchQuery{Text: "pok pung corps"}, []string{"storm-corps"}},
		// A name prefix (0.9) ranks above a word match (0.8), though
		// "11th Corps" sorts before "Corps Command" by name.
		{"score before name", graph.SearchQuery{Text: "corps"}, []string{"corps-command", "storm-corps"}},
		// Five prefix hits of equal score: by name (kim-aa is "Kim
		// Young-sik"), then the two "Kim Chol" by id.
		{"prefix, ties by name then id", graph.SearchQuery{Text: "kim"},
			[]string{"kim-chol-1", "kim-chol-2", "kim-jong-un", "kim-yong-bok", "kim-aa"}},
		{"word prefixes", graph.SearchQuery{Text: "chang ho"}, []string{"ri-chang-ho"}},
		{"small typo", graph.SearchQuery{Text: "kim yong bock"}, []string{"kim-yong-bok"}},
		{"transposed letters", graph.SearchQuery{Text: "tokhcon"}, []string{"tokchon"}},
		{"no typo allowed in a short word", graph.SearchQuery{Text: "kin"}, []string{}},
		{"no match", graph.SearchQuery{Text: "zzzz"}, []string{}},
		{"query longer than the name", graph.SearchQuery{Text: "kim yong bok senior"}, []string{}},
		// Query syntax of the backends is only punctuation here.
		{"regex characters are punctuation", graph.SearchQuery{Text: "kim.*"},
			[]string{"kim-chol-1", "kim-chol-2", "kim-jong-un", "kim-yong-bok", "kim-aa"}},
		{"wildcards alone match nothing", graph.SearchQuery{Text: ".* % _ ~"}, []string{}},
		{"Cypher syntax matches nothing", graph.SearchQuery{Text: "kim' OR 1=1 //"}, []string{}},
		{"empty query matches nothing", graph.SearchQuery{Text: ""}, []string{}},
		{"punctuation only matches nothing", graph.SearchQuery{Text: "--"}, []string{}},
		{"limit", graph.SearchQuery{Text: "kim", Limit: 2}, []string{"kim-chol-1", "kim-chol-2"}},
		{"kinds filter", graph.SearchQuery{Text: "kim", Kinds: []graph.Kind{graph.Unit}}, []string{"kim-chol-2"}},
		// Filters apply before the limit: hidden and other-kind hits take
		// no place in it.
		{"kinds filter before the limit", graph.SearchQuery{Text: "kim", Kinds: []graph.Kind{graph.Person}, Limit: 2},
			[]string{"kim-chol-1", "kim-jong-un"}},
		{"clearance before the limit", graph.SearchQuery{Text: "kim", Limit: 4},
			[]string{"kim-chol-1", "kim-chol-2", "kim-jong-un", "kim-yong-bok"}},
		{"kinds filter, several", graph.SearchQuery{Text: "kim", Kinds: []graph.Kind{graph.Unit, graph.Place}},
			[]string{"kim-chol-2"}},
		{"RED hit hidden at CLEAR", graph.SearchQuery{Text: "kim secret"}, []string{}},
		{"RED hit hidden at AMBER", graph.SearchQuery{Text: "kim secret", Clearance: graph.Amber}, []string{}},
		{"RED hit shown at RED", graph.SearchQuery{Text: "kim secret", Clearance: graph.Red}, []string{"kim-secret"}},
		{"RED hit ranked among others", graph.SearchQuery{Text: "kim", Clearance: graph.Red},
			[]string{"kim-chol-1", "kim-chol-2", "kim-jong-un", "kim-secret", "kim-yong-bok", "kim-aa"}},
		{"AMBER hit at AMBER ranks first", graph.SearchQuery{Text: "storm", Clearance: graph.Amber},
			[]string{"storm-cell", "storm-corps"}},
		{"AMBER hit hidden at GREEN", graph.SearchQuery{Text: "storm", Clearance: graph.Green},
			[]string{"storm-corps"}},
	}
	for _, tt := range tests {
		run(t, tt.name, func(t *testing.T) {
			hits := search(t, s, tt.q)
			if hits == nil {
				t.Errorf("Search returned nil, want a non-nil (possibly empty) slice")
			}
			if got := hitIDs(hits); !equalIDs(got, tt.want) {
				t.Errorf("Search(%q) = %v, want %v", tt.q.Text, got, tt.want)
			}
			checkHits(t, f, tt.q, hits)
		})
	}

	run(t, "default limit is DefaultHits", func(t *testing.T) {
		b := graph.Batch{}
		for i := range graph.DefaultHits + 5 {
			b.Nodes = append(b.Nodes, node(fmtID("many", i), graph.Place, fmtID("Many", i)))
		}
		s, f := load(t, newStore, b)
		q := graph.SearchQuery{Text: "many"}
		hits := search(t, s, q)
		if len(hits) != graph.DefaultHits {
			t.Errorf("Search(many) gave %d hits, want graph.DefaultHits = %d", len(hits), graph.DefaultHits)
		}
		checkHits(t, f, q, hits)
		if len(hits) > 0 && hits[0].ID != "many-00" {
			t.Errorf("first hit %q, want many-00", hits[0].ID)
		}
	})
}

// checkHits checks every hit's node and score, and the order of the hits.
func checkHits(t *testing.T, f *fixture, q graph.SearchQuery, hits []graph.Hit) {
	t.Helper()
	for i, h := range hits {
		want, ok := f.nodes[h.ID]
		switch {
		case !ok:
			t.Errorf("hit %q does not exist", h.ID)
			continue
		case !q.Clearance.Allows(want.Marking):
			t.Errorf("hit %q is marked %s, above the clearance %q", h.ID, want.Marking, q.Clearance)
		case !reflect.DeepEqual(h.Node, want):
			t.Errorf("hit %q:\n got %+v\nwant %+v", h.ID, h.Node, want)
		}
		if len(q.Kinds) > 0 && !slices.Contains(q.Kinds, want.Kind) {
			t.Errorf("hit %q is a %s, not among kinds %v", h.ID, want.Kind, q.Kinds)
		}
		score := graph.Score(q.Text, want.Name, want.Aliases)
		if math.Abs(h.Score-score) > 1e-9 {
			t.Errorf("hit %q score %v, want graph.Score = %v", h.ID, h.Score, score)
		}
		if i > 0 {
			p := hits[i-1]
			if p.Score < h.Score || p.Score == h.Score && (p.Name > h.Name || p.Name == h.Name && p.ID >= h.ID) {
				t.Errorf("hit %q (%v, %q) ranked before %q (%v, %q): want score desc, then name, then id",
					p.ID, p.Score, p.Name, h.ID, h.Score, h.Name)
			}
		}
	}
}

// testSubgraph covers Subgraph on the core graph: the induced subgraph of
// the visible nodes among the ids.
func testSubgraph(t *testing.T, newStore NewStore) {
	s, f := load(t, newStore, coreGraph())
	tests := []struct {
		name      string
		ids       []string
		clearance graph.Marking
		wantNodes []string
		wantEdges []string
	}{
		{"induced edges, self loop, parallel edges", []string{"x", "b", "a"}, graph.Clear,
			[]string{"a", "b", "x"}, []string{"aa", "ab", "bx1", "bx2"}},
		{"unknown and repeated ids are skipped", []string{"b", "ghost", "a", "b", "ab"}, graph.Clear,
			[]string{"a", "b"}, []string{"aa", "ab"}},
		{"RED node skipped at CLEAR with its edges", []string{"a", "r", "s"}, graph.Clear,
			[]string{"a", "s"}, []string{"aa"}},
		{"RED node shown at RED", []string{"a", "r", "s"}, graph.Red,
			[]string{"a", "r", "s"}, []string{"aa", "ar", "rs"}},
		{"AMBER edge hidden at GREEN", []string{"a", "d"}, graph.Green, []string{"a", "d"}, []string{"aa"}},
		{"AMBER edge shown at AMBER", []string{"a", "d"}, graph.Amber, []string{"a", "d"}, []string{"aa", "ad"}},
		{"nodes without edges between them", []string{"u", "e"}, graph.Red, []string{"e", "u"}, nil},
		{"no ids", nil, graph.Red, nil, nil},
		{"only unknown ids", []string{"ghost"}, graph.Red, nil, nil},
	}
	for _, tt := range tests {
		run(t, tt.name, func(t *testing.T) {
			g, err := s.Subgraph(t.Context(), tt.ids, tt.clearance)
			if err != nil {
				t.Fatalf("Subgraph(%v) = %v", tt.ids, err)
			}
			checkSubgraph(t, f, g, tt.clearance)
			checkIDs(t, g, tt.wantNodes, tt.wantEdges)
			if g.Truncated {
				t.Errorf("Truncated = true, want false")
			}
		})
	}
}

// testSchema covers Schema: counts of what each clearance sees. Kinds and
// types with no visible record are left out of the maps (the maps are
// never nil).
func testSchema(t *testing.T, newStore NewStore) {
	run(t, "empty store", func(t *testing.T) {
		s := newStore(t)
		checkSchema(t, s, graph.Red, newFixture(graph.Batch{}))
	})
	s, f := load(t, newStore, coreGraph())
	tests := []struct {
		clearance graph.Marking
		want      graph.Schema
	}{
		{graph.Clear, graph.Schema{
			Kinds: map[string]int{"Person": 2, "Unit": 2, "Organization": 2, "Place": 2, "WeaponSystem": 1},
			Types: map[string]int{"MET": 1, "COMMANDS": 1, "PART_OF": 2, "TRANSPORTED": 1, "BASED_IN": 1,
				"AFFILIATED_WITH": 1, "OPERATES": 2},
			Counts: graph.Counts{Nodes: 9, Edges: 9, Sources: 3},
		}},
		{graph.Amber, graph.Schema{
			Kinds: map[string]int{"Person": 2, "Unit": 2, "Organization": 2, "Place": 2, "WeaponSystem": 1},
			Types: map[string]int{"MET": 1, "COMMANDS": 1, "PART_OF": 2, "TRANSPORTED": 1, "BASED_IN": 1,
				"AFFILIATED_WITH": 1, "OPERATES": 2, "VISITED": 1},
			Counts: graph.Counts{Nodes: 9, Edges: 10, Sources: 3},
		}},
		{graph.Red, graph.Schema{
			Kinds: map[string]int{"Person": 3, "Unit": 2, "Organization": 2, "Place": 2, "WeaponSystem": 1},
			Types: map[string]int{"MET": 2, "COMMANDS": 1, "PART_OF": 2, "TRANSPORTED": 1, "BASED_IN": 1,
				"AFFILIATED_WITH": 1, "OPERATES": 2, "VISITED": 2},
			Counts: graph.Counts{Nodes: 10, Edges: 12, Sources: 4},
		}},
	}
	for _, tt := range tests {
		run(t, string(tt.clearance), func(t *testing.T) {
			got, err := s.Schema(t.Context(), tt.clearance)
			if err != nil {
				t.Fatalf("Schema(%s) = %v", tt.clearance, err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Schema(%s):\n got %+v\nwant %+v", tt.clearance, got, tt.want)
			}
			checkSchema(t, s, tt.clearance, f) // the model agrees with the table
		})
	}
}

// checkSchema compares a store's Schema at clearance c with the counts of
// the model.
func checkSchema(t *testing.T, s graph.Store, c graph.Marking, f *fixture) {
	t.Helper()
	got, err := s.Schema(t.Context(), c)
	if err != nil {
		t.Fatalf("Schema(%s) = %v", c, err)
	}
	want := graph.Schema{Kinds: map[string]int{}, Types: map[string]int{}}
	for id, n := range f.nodes {
		if f.nodeVisible(id, c) {
			want.Kinds[string(n.Kind)]++
			want.Counts.Nodes++
		}
	}
	cited := map[string]bool{}
	for id, e := range f.edges {
		if f.edgeVisible(id, c) {
			want.Types[e.Type]++
			want.Counts.Edges++
			for _, s := range e.Sources {
				cited[s] = true
			}
		}
	}
	want.Counts.Sources = len(cited)
	if got.Kinds == nil || got.Types == nil {
		t.Errorf("Schema(%s) has a nil map (kinds %v, types %v): want {} for none", c, got.Kinds == nil, got.Types == nil)
	}
	if !maps.Equal(got.Kinds, want.Kinds) || !maps.Equal(got.Types, want.Types) || got.Counts != want.Counts {
		t.Errorf("Schema(%s):\n got %+v\nwant %+v", c, got, want)
	}
}
