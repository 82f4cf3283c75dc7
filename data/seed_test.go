package data_test

import (
	"context"
	"path/filepath"
	"slices"
	"testing"

	"linkchart/data"
	"linkchart/graph"
	"linkchart/graph/memstore"
)

// openSeeded loads the seed dataset into a fresh memstore.
func openSeeded(t *testing.T) (graph.Store, graph.Batch) {
	t.Helper()
	b, err := data.Seed()
	if err != nil {
		t.Fatalf("Seed: %v", err)
	}
	s, err := memstore.Open(filepath.Join(t.TempDir(), "seed.db"))
	if err != nil {
		t.Fatalf("memstore.Open: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	if err := s.Upsert(context.Background(), b); err != nil {
		t.Fatalf("Upsert seed: %v", err)
	}
	return s, b
}

func TestSeedSize(t *testing.T) {
	s, b := openSeeded(t)
	sc, err := s.Schema(context.Background(), graph.Clear)
	if err != nil {
		t.Fatal(err)
	}
	if sc.Counts.Nodes < 60 || sc.Counts.Nodes != len(b.Nodes) {
		t.Errorf("nodes: store has %d, dataset %d; want >= 60 and equal", sc.Counts.Nodes, len(b.Nodes))
	}
	if sc.Counts.Edges < 100 || sc.Counts.Edges != len(b.Edges) {
		t.Errorf("edges: store has %d, dataset %d; want >= 100 and equal", sc.Counts.Edges, len(b.Edges))
	}
	if sc.Counts.Sources != len(b.Sources) {
		t.Errorf("sources cited: %d, dataset has %d: some source is never cited", sc.Counts.Sources, len(b.Sources))
	}
	for _, k := range graph.Kinds {
		if sc.Kinds[string(k)] == 0 {
			t.Errorf("no entity of kind %s", k)
		}
	}
}

// Every relation cites at least one source, and every cited source is in
// the store with a graded reliability.
func TestSeedEveryRelationCitesASource(t *testing.T) {
	s, b := openSeeded(t)
	ctx := context.Background()
	for _, e := range b.Edges {
		if len(e.Sources) == 0 {
			t.Errorf("relation %s cites no source", e.ID)
		}
		for _, id := range e.Sources {
			src, err := s.Source(ctx, id)
			if err != nil {
				t.Errorf("relation %s: source %s: %v", e.ID, id, err)
				continue
			}
			if src.Title == "" || !src.Reliability.Valid() {
				t.Errorf("source %s: title %q reliability %q", id, src.Title, src.Reliability)
			}
		}
	}
}

// Every entity has at least one relation: nothing floats unconnected.
func TestSeedNoOrphans(t *testing.T) {
	s, b := openSeeded(t)
	for _, n := range b.Nodes {
		g, err := s.Neighborhood(context.Background(), graph.NeighborhoodQuery{Seed: n.ID, Clearance: graph.Clear})
		if err != nil {
			t.Errorf("neighborhood %s: %v", n.ID, err)
			continue
		}
		if len(g.Edges) == 0 || len(g.Nodes) < 2 {
			t.Errorf("entity %s has no relation (%d nodes, %d edges)", n.ID, len(g.Nodes), len(g.Edges))
		}
	}
}

func TestSeedSearchByAlias(t *testing.T) {
	s, _ := openSeeded(t)
	tests := []struct {
		query, want string
	}{
		{"Kim Young-bok", "kim-yong-bok"},
		{"김영복", "kim-yong-bok"},
		{"Kim Jong-Un", "kim-jong-un"},
		{"김정은", "kim-jong-un"},
		{"Storm Corps", "kpa-11th-corps"},
		{"Pok Pung Corps", "kpa-11th-corps"},
		{"폭풍군단", "kpa-11th-corps"},
		{"Tokchon", "tokchon"},
		{"Tŏkch’ŏn", "tokchon"},
		{"Hwasong-11Ga", "kn-23"},
		{"KN23", "kn-23"},
		{"Koksan", "m1989-koksan"},
		{"170mm self-propelled howitzer", "m1989-koksan"},
		{"RGB", "reconnaissance-general-bureau"},
		{"South Korean intelligence", "national-intelligence-service"},
		{"DPRK", "north-korea"},
		{"Kursk", "kursk-oblast"},
		{"Ri Chang-ho", "ri-chang-ho"},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			hits, err := s.Search(context.Background(), graph.SearchQuery{Text: tt.query, Clearance: graph.Clear})
			if err != nil {
				t.Fatal(err)
			}
			if len(hits) == 0 {
				t.Fatalf("no hit, want %s first", tt.want)
			}
			if hits[0].ID != tt.want {
				t.Errorf("first hit %s (%.2f), want %s", hits[0].ID, hits[0].Score, tt.want)
			}
		})
	}
}

// Every name and alias resolves to its own entity alone, so analysts can
// ask by any spelling the article uses without hitting an ambiguity.
func TestSeedEveryNameResolves(t *testing.T) {
	s, b := openSeeded(t)
	for _, n := range b.Nodes {
		for _, ref := range append([]string{n.Name}, n.Aliases...) {
			id, err := graph.Resolve(context.Background(), s, ref, graph.Clear)
			if err != nil {
				t.Errorf("resolve %q (%s): %v", ref, n.ID, err)
				continue
			}
			if id != n.ID {
				t.Errorf("resolve %q = %s, want %s", ref, id, n.ID)
			}
		}
	}
}

func TestSeedOversight(t *testing.T) {
	s, _ := openSeeded(t)
	tests := []struct {
		name      string
		q         graph.OversightQuery
		overseer  string
		target    string
		wantNodes []string // nil: the answer must be absent
		wantEdges []string
	}{
		{
			name:      "Kim Jong Sik guided the KN-23 launch site",
			q:         graph.OversightQuery{Who: "kim-jong-sik"},
			overseer:  "kim-jong-sik",
			target:    "kn23-launch-site-guidance",
			wantNodes: []string{"kim-jong-sik", "kn23-launch-site-guidance"},
			wantEdges: []string{"kim-jong-sik-oversaw-kn23-guidance"},
		},
		{
			name:      "Kim Jong Un oversaw the August 2024 240mm test firing",
			q:         graph.OversightQuery{Who: "kim-jong-un"},
			overseer:  "kim-jong-un",
			target:    "mrl-240mm-test-firing-2024-08",
			wantNodes: []string{"kim-jong-un", "mrl-240mm-test-firing-2024-08"},
			wantEdges: []string{"kim-jong-un-oversaw-240mm-test-2024-08"},
		},
		{
			name:      "Kim Jong Un oversaw the Panghyon drone tests",
			q:         graph.OversightQuery{Who: "kim-jong-un"},
			overseer:  "kim-jong-un",
			target:    "panghyon-suicide-drone-tests",
			wantNodes: []string{"kim-jong-un", "panghyon-suicide-drone-tests"},
			wantEdges: []string{"kim-jong-un-oversaw-panghyon-drone-tests"},
		},
		{
			name:      "Ri Chang Ho directs the RGB",
			q:         graph.OversightQuery{Who: "ri-chang-ho"},
			overseer:  "ri-chang-ho",
			target:    "reconnaissance-general-bureau",
			wantNodes: []string{"ri-chang-ho", "reconnaissance-general-bureau"},
			wantEdges: []string{"ri-chang-ho-directs-rgb"},
		},
		{
			name:      "Ri Chang Ho likely directed the December 2022 drone incursion",
			q:         graph.OversightQuery{What: "seoul-drone-incursion-2022-12"},
			overseer:  "ri-chang-ho",
			target:    "seoul-drone-incursion-2022-12",
			wantNodes: []string{"ri-chang-ho", "seoul-drone-incursion-2022-12"},
			wantEdges: []string{"ri-chang-ho-likely-directed-seoul-drone-incursion"},
		},
		{
			name:      "an 11th Corps brigade falls to its former commander through PART_OF",
			q:         graph.OversightQuery{What: "kpa-11th-corps-sniper-brigades"},
			overseer:  "kim-yong-bok",
			target:    "kpa-11th-corps-sniper-brigades",
			wantNodes: []string{"kim-yong-bok", "kpa-11th-corps", "kpa-11th-corps-sniper-brigades"},
			wantEdges: []string{"kim-yong-bok-commanded-11th-corps", "sniper-brigades-part-of-11th-corps"},
		},
		{
			name:      "Kim Yong Bok oversaw the first contingent as part of the deployed forces",
			q:         graph.OversightQuery{What: "nk-first-contingent"},
			overseer:  "kim-yong-bok",
			target:    "nk-first-contingent",
			wantNodes: []string{"kim-yong-bok", "nk-forces-in-russia", "nk-first-contingent"},
			wantEdges: []string{"kim-yong-bok-oversaw-nk-forces-in-russia", "nk-first-contingent-part-of-nk-forces-in-russia"},
		},
		{
			name:     "as of 2023 Kim Yong Bok oversaw no deployed contingent",
			q:        graph.OversightQuery{What: "nk-first-contingent", AsOf: "2023"},
			overseer: "kim-yong-bok",
			target:   "nk-first-contingent",
		},
		{
			name:      "as of 2023 the brigades still fall to Kim Yong Bok's command",
			q:         graph.OversightQuery{What: "kpa-11th-corps-airborne-brigades", AsOf: "2023"},
			overseer:  "kim-yong-bok",
			target:    "kpa-11th-corps-airborne-brigades",
			wantNodes: []string{"kim-yong-bok", "kpa-11th-corps", "kpa-11th-corps-airborne-brigades"},
			wantEdges: []string{"kim-yong-bok-commanded-11th-corps", "airborne-brigades-part-of-11th-corps"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.q.Clearance = graph.Clear
			ans, err := s.Oversight(context.Background(), tt.q)
			if err != nil {
				t.Fatal(err)
			}
			var got *graph.Oversight
			for i, a := range ans.Answers {
				if a.Overseer == tt.overseer && a.Target == tt.target {
					got = &ans.Answers[i]
				}
			}
			if tt.wantNodes == nil {
				if got != nil {
					t.Fatalf("unexpected answer %+v", *got)
				}
				return
			}
			if got == nil {
				t.Fatalf("no answer %s oversaw %s among %+v", tt.overseer, tt.target, ans.Answers)
			}
			if !slices.Equal(got.Path.Nodes, tt.wantNodes) || !slices.Equal(got.Path.Edges, tt.wantEdges) {
				t.Errorf("path %v / %v, want %v / %v", got.Path.Nodes, got.Path.Edges, tt.wantNodes, tt.wantEdges)
			}
			for _, e := range tt.wantEdges {
				if !hasEdge(ans.Subgraph, e) {
					t.Errorf("answer subgraph lacks edge %s", e)
				}
			}
			if len(ans.Sources) == 0 {
				t.Error("answer carries no sources")
			}
		})
	}
}

func TestSeedPaths(t *testing.T) {
	s, _ := openSeeded(t)
	tests := []struct {
		from, to string
		hops     int
	}{
		{"kim-yong-bok", "kursk-oblast", 2},
		{"kim-jong-sik", "russia-ukraine-front-line", 2},
		{"ri-chang-ho", "seoul", 2},
		{"kim-jong-un", "panghyon-airfield", 2},
		{"kim-yong-bok", "tokchon", 2},
		{"vladimir-putin", "pyongyang", 1},
		{"jake-rinaldi", "us-army-war-college", 3},
	}
	for _, tt := range tests {
		t.Run(tt.from+"->"+tt.to, func(t *testing.T) {
			ans, err := s.Paths(context.Background(), graph.PathQuery{From: tt.from, To: tt.to, K: 3, Clearance: graph.Clear})
			if err != nil {
				t.Fatal(err)
			}
			if len(ans.Paths) == 0 {
				t.Fatal("no path")
			}
			p := ans.Paths[0]
			if len(p.Edges) != tt.hops {
				t.Errorf("shortest path has %d hops (%v), want %d", len(p.Edges), p.Nodes, tt.hops)
			}
			if p.Nodes[0] != tt.from || p.Nodes[len(p.Nodes)-1] != tt.to {
				t.Errorf("path %v does not run %s to %s", p.Nodes, tt.from, tt.to)
			}
		})
	}
}

// Dated edges: the deployment to Kursk (2024) is absent as of 2023 and
// present as of November 2024; the former command is present in 2023.
func TestSeedAsOf(t *testing.T) {
	s, _ := openSeeded(t)
	tests := []struct {
		seed, asOf, edge string
		want             bool
	}{
		{"kpa-11th-corps", "", "kpa-11th-corps-deployed-to-kursk", true},
		{"kpa-11th-corps", "2023", "kpa-11th-corps-deployed-to-kursk", false},
		{"kpa-11th-corps", "2024-11", "kpa-11th-corps-deployed-to-kursk", true},
		{"kpa-11th-corps", "2023", "kim-yong-bok-commanded-11th-corps", true},
		{"kpa-11th-corps", "2024-12", "kim-yong-bok-commanded-11th-corps", false},
		{"kim-yong-bok", "2023-06", "kim-yong-bok-traveled-to-russia", false},
		{"kim-yong-bok", "2024-10-28", "kim-yong-bok-traveled-to-russia", true},
		{"ri-chang-ho", "2021", "ri-chang-ho-directs-rgb", false},
		{"ri-chang-ho", "2023", "ri-chang-ho-directs-rgb", true},
		{"kim-jong-un", "2024-04", "kim-jong-un-oversaw-240mm-test-2024-04", true},
		{"kim-jong-un", "2024-06", "kim-jong-un-oversaw-240mm-test-2024-04", false},
		{"russia", "2024-02", "russia-supplied-north-korea-oil", false},
		{"russia", "2024-06", "russia-supplied-north-korea-oil", true},
	}
	for _, tt := range tests {
		t.Run(tt.seed+"@"+tt.asOf+"/"+tt.edge, func(t *testing.T) {
			g, err := s.Neighborhood(context.Background(), graph.NeighborhoodQuery{Seed: tt.seed, AsOf: graph.Date(tt.asOf), Clearance: graph.Clear})
			if err != nil {
				t.Fatal(err)
			}
			if len(g.Nodes) == 0 {
				t.Fatal("empty neighborhood")
			}
			if got := hasEdge(g, tt.edge); got != tt.want {
				t.Errorf("edge %s present = %v, want %v", tt.edge, got, tt.want)
			}
		})
	}
}

// Grades separate confirmed, reported, likely and speculative claims.
func TestSeedGrades(t *testing.T) {
	s, _ := openSeeded(t)
	tests := []struct {
		entity, edge, grade string
	}{
		{"russia", "russia-vetoed-panel-of-experts-renewal", "A1"},                                            // UN record
		{"m1989-koksan", "m1989-koksan-supplied-to-russia", "C1"},                                             // confirmed by two services
		{"kim-yong-bok", "kim-yong-bok-commanded-11th-corps", "C2"},                                           // stated
		{"nk-forces-in-russia", "nk-forces-trained-in-eastern-military-district", "D3"},                       // reportedly
		{"ri-chang-ho", "ri-chang-ho-likely-directed-seoul-drone-incursion", "C4"},                            // likely
		{"fourth-conference-of-battalion-commanders", "nk-discontent-contributed-to-fourth-conference", "B6"}, // speculation
	}
	for _, tt := range tests {
		t.Run(tt.edge, func(t *testing.T) {
			g, err := s.Entity(context.Background(), tt.entity, graph.Clear)
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range g.Edges {
				if e.ID == tt.edge {
					if e.Grade != tt.grade {
						t.Errorf("grade %s, want %s", e.Grade, tt.grade)
					}
					return
				}
			}
			t.Errorf("entity %s lacks edge %s", tt.entity, tt.edge)
		})
	}
}

func hasEdge(g graph.Subgraph, id string) bool {
	for _, e := range g.Edges {
		if e.ID == id {
			return true
		}
	}
	return false
}
