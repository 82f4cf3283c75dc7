package memstore

import (
	"context"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"linkchart/graph"
	"linkchart/graph/gen"
)

// TestSearchMatchesScore checks that the index finds exactly the nodes that
// graph.Score ranks above zero, in the documented order.
func TestSearchMatchesScore(t *testing.T) {
	for _, min := range []int{256, 0} {
		intersectMin = min
		testSearchMatchesScore(t, min == 256)
	}
	intersectMin = 256
}

// testSearchMatchesScore asks a fixed list of queries, and with typos one
// edit of each kind at every place of the words of a name.
func testSearchMatchesScore(t *testing.T, typos bool) {
	b := gen.Generate(5000, 6000, 3)
	// Names where one word may stand for two query words (a typo or a
	// spelling of both: pak, hak) or that repeat one (a word, or a key:
	// Rhee, Li): a scan skips a node when two query words would need one
	// unit of each of its names (sharedSole).
	var short []graph.Node
	for i, name := range []string{"Hak Ri Hak", "Ri Hak", "Pak Hak", "Ri Pakhak", "Li Bak", "O Tol",
		"Tol O Tol", "Kim Ko", "Kim Ko Kim", "Rhee Li Hak", "Hak Rhee", "Ri Hakpak"} {
		short = append(short, graph.Node{ID: fmt.Sprintf("short-%d", i), Kind: graph.Person, Name: name,
			Aliases: []string{"Ri " + name[:3]}})
	}
	b.Nodes = append(short, b.Nodes...)
	s := openTemp(t, filepath.Join(t.TempDir(), "db"))
	defer s.Close()
	ctx := context.Background()
	// The first batch builds the index; the second, more than maxDelta
	// nodes, is built in by the first search.
	first := graph.Batch{Sources: b.Sources, Nodes: b.Nodes[:maxDelta+100]}
	if err := s.Upsert(ctx, first); err != nil {
		t.Fatal(err)
	}
	if err := s.Upsert(ctx, graph.Batch{Nodes: b.Nodes[maxDelta+100:], Edges: b.Edges}); err != nil {
		t.Fatal(err)
	}
	if !s.search.built || len(s.search.delta) <= maxDelta {
		t.Fatalf("built %v with %d nodes written since: want a built index and more than %d since", s.search.built, len(s.search.delta), maxDelta)
	}
	// Some writes after the bulk build land in the delta.
	extra := graph.Batch{Nodes: []graph.Node{
		{ID: "late-1", Kind: graph.Person, Name: "Kim Yongbok", Aliases: []string{"Comrade Kim"}},
		{ID: b.Nodes[5].ID, Kind: b.Nodes[5].Kind, Name: "Renamed Kimchol Place"},
	}}
	if err := s.Upsert(ctx, extra); err != nil {
		t.Fatal(err)
	}
	nodes := map[string]graph.Node{}
	for _, n := range append(b.Nodes, extra.Nodes...) {
		nodes[n.ID] = n
	}
	queries := []string{"kim", "kim yong", "Kim Yongbok", "kim yongbk", "brigade", "12th", "12", "ivanov", "ivanof",
		"republic", "hwasong-1", "military unit", "battle of", "KN", "pak chol", "renamed", "kimchol", "nosuchname", "sung ri",
		"xvanov", "vianov", "ivnaov", "ianov", "rbigade", "brgiade", "brigdae", "brigaed", "iivanov",
		"ri pak hak", "hak pak ri", "pak hak", "ri ri hak", "li bak hak", "ri pakhak", "ri hak hak", "o tol tol",
		"kim ko kim", "ko kim", "ri li hak", "hak hak"}
	// One edit of each kind at every place of a few names' words.
	r := rand.New(rand.NewPCG(5, 6))
	if typos {
		name := graph.Normalize(b.Nodes[r.IntN(len(b.Nodes))].Name)
		for _, w := range graph.Tokens(name) {
			if len(w) < 4 {
				continue
			}
			queries = append(queries, strings.Replace(name, w, w[:2]+"q"+w[3:], 1))
			for i := range len(w) {
				queries = append(queries, w[:i]+w[i+1:], w[:i]+"q"+w[i:], w[:i]+"q"+w[i+1:])
				if i+1 < len(w) {
					queries = append(queries, w[:i]+w[i+1:i+2]+w[i:i+1]+w[i+2:])
				}
			}
		}
	}
	for _, q := range queries {
		var all []graph.Hit
		for _, n := range nodes {
			if sc := graph.Score(q, n.Name, n.Aliases); sc > 0 {
				all = append(all, graph.Hit{Node: n, Score: sc})
			}
		}
		for _, c := range []graph.Marking{graph.Clear, graph.Red} {
			var want []graph.Hit
			for _, h := range all {
				if c.Allows(h.Marking) {
					want = append(want, h)
				}
			}
			slices.SortFunc(want, func(a, b graph.Hit) int {
				if a.Score != b.Score {
					if a.Score > b.Score {
						return -1
					}
					return 1
				}
				if c := strings.Compare(a.Name, b.Name); c != 0 {
					return c
				}
				return strings.Compare(a.ID, b.ID)
			})
			want = graph.DropPartial(want)
			got, err := s.Search(ctx, graph.SearchQuery{Text: q, Limit: 100000, Clearance: c})
			if err != nil {
				t.Fatal(err)
			}
			// A small limit takes the shortcuts; the head must not change.
			head, err := s.Search(ctx, graph.SearchQuery{Text: q, Limit: 3, Clearance: c})
			if err != nil {
				t.Fatal(err)
			}
			for i := range min(3, len(want)) {
				if i >= len(head) || head[i].ID != want[i].ID || head[i].Score != want[i].Score {
					t.Errorf("Search(%q, %s, limit 3) = %v, want the head of %v", q, c, hitIDs(head), hitIDs(want[:min(3, len(want))]))
					break
				}
			}
			if len(got) != len(want) {
				t.Errorf("Search(%q, %s): %d hits, want %d", q, c, len(got), len(want))
				continue
			}
			for i := range got {
				if got[i].ID != want[i].ID || got[i].Score != want[i].Score {
					t.Errorf("Search(%q, %s)[%d] = %s %v, want %s %v", q, c, i, got[i].ID, got[i].Score, want[i].ID, want[i].Score)
					break
				}
			}
		}
	}
}

func hitIDs(hits []graph.Hit) []string {
	var ids []string
	for _, h := range hits {
		ids = append(ids, fmt.Sprintf("%s:%.3f", h.ID, h.Score))
	}
	return ids
}
