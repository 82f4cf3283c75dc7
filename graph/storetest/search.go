package storetest

import (
	"math"
	"reflect"
	"slices"
	"testing"

	"linkchart/graph"
)

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

// testSearch covers Search on the search graph. Every hit's score must be
// graph.Score of its name and aliases; hits are ordered by score (highest
// first), then name, then id.
func testSearch(t *testing.T, newStore NewStore) {
	s, f := load(t, newStore, searchGraph())
	// Hidden, kim secret leaves the partial matches of kim.
	kims := []string{"kim-chol-1", "kim-chol-2", "kim-jong-un", "kim-yong-bok", "kim-aa"}
	tests := []struct {
		name string
		q    graph.SearchQuery
		want []string
	}{
		// A full match leaves out the partial ones.
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
		// When nothing matches fully, the nodes that match every query
		// word but one, by their weakest rule (Kim Young-sik: kim, yong ~
		// young by spelling; Kim Jong Un: yong ~ jong by a typo).
		{"query longer than the name", graph.SearchQuery{Text: "kim yong bok senior"}, []string{"kim-yong-bok"}},
		{"one word unmatched", graph.SearchQuery{Text: "kim yong xyzzy"}, []string{"kim-yong-bok", "kim-aa", "kim-jong-un"}},
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
		{"RED hit hidden at CLEAR", graph.SearchQuery{Text: "kim secret"}, kims},
		{"RED hit hidden at AMBER", graph.SearchQuery{Text: "kim secret", Clearance: graph.Amber}, kims},
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

	// Spellings of the table: each finds its entity first.
	for _, v := range []struct{ q, want string }{
		{"Kim Yong Bk", "kim-yong-bok"},
		{"Kim Yng Bok", "kim-yong-bok"},
		{"Kym Yong Bok", "kim-yong-bok"},
		{"Kim Young-bok", "kim-yong-bok"},
		{"Bok Yong Kim", "kim-yong-bok"},
		{"Kim Yong-bok", "kim-yong-bok"},
		{"Kim Yongbok", "kim-yong-bok"},
		{"김영복", "kim-yong-bok"},
		{"Kim Yong Xyzzy", "kim-yong-bok"}, // one word unmatched
		{"Rhee Chang Ho", "ri-chang-ho"},
		{"Li Chang Ho", "ri-chang-ho"},
		{"Lee Chang-ho", "ri-chang-ho"},
		{"리창호", "ri-chang-ho"},
		{"Kim Jong Eun", "kim-jong-un"},
		{"Gim Jeong-eun", "kim-jong-un"},
		{"KN 23", "kn-23"},
		{"Hwasong 11 Ga", "kn-23"},
		{"Шойгу", "sergei-shoigu"},
		{"Сергей Шойгу", "sergei-shoigu"},
		{"Sergey Shoygu", "sergei-shoigu"},
		{"Владивосток", "vladivostok"},
		{"Vladivostock", "vladivostok"},
	} {
		run(t, "variant "+v.q, func(t *testing.T) {
			q := graph.SearchQuery{Text: v.q}
			hits := search(t, s, q)
			if len(hits) == 0 || hits[0].ID != v.want {
				t.Errorf("Search(%q) = %v, want %s first", v.q, hitIDs(hits), v.want)
			}
			checkHits(t, f, q, hits)
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
