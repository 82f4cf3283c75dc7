package data_test

import (
	"context"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
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
		// Other spellings, typos and scripts (issue 20's table).
		{"Kim Yong Bk", "kim-yong-bok"},
		{"Kim Yng Bok", "kim-yong-bok"},
		{"Kym Yong Bok", "kim-yong-bok"},
		{"Kim Yongbok", "kim-yong-bok"},
		{"Bok Yong Kim", "kim-yong-bok"},
		{"Kim Yong Xyzzy", "kim-yong-bok"},
		{"Rhee Chang Ho", "ri-chang-ho"},
		{"Li Chang Ho", "ri-chang-ho"},
		{"Lee Chang-ho", "ri-chang-ho"},
		{"KN 23", "kn-23"},
		{"Hwasong 11 Ga", "kn-23"},
		{"Шойгу", "sergei-shoigu"},
		{"Сергей Шойгу", "sergei-shoigu"},
		{"Shoygu", "sergei-shoigu"},
		{"Владивосток", "vladivostok"},
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
			name:     "the former commander oversees no 11th Corps brigade: his command is undated",
			q:        graph.OversightQuery{What: "kpa-11th-corps-sniper-brigades"},
			overseer: "kim-yong-bok",
			target:   "kpa-11th-corps-sniper-brigades",
		},
		{
			name:     "as of 2024-06 Kim Yong Bok does not oversee the 11th Corps",
			q:        graph.OversightQuery{What: "kpa-11th-corps", AsOf: "2024-06"},
			overseer: "kim-yong-bok",
			target:   "kpa-11th-corps",
		},
		{
			name:      "the brigades fall to Kim Jong Un through the KPA",
			q:         graph.OversightQuery{What: "kpa-11th-corps-airborne-brigades", AsOf: "2024-06"},
			overseer:  "kim-jong-un",
			target:    "kpa-11th-corps-airborne-brigades",
			wantNodes: []string{"kim-jong-un", "north-korea", "kpa", "kpa-11th-corps", "kpa-11th-corps-airborne-brigades"},
			wantEdges: []string{"kim-jong-un-leads-north-korea", "kpa-part-of-north-korea", "kpa-11th-corps-part-of-kpa", "airborne-brigades-part-of-11th-corps"},
		},
		{
			name:      "the fighter pilots are a KPA unit, so they fall under Kim Jong Un",
			q:         graph.OversightQuery{What: "nk-fighter-pilots"},
			overseer:  "kim-jong-un",
			target:    "nk-fighter-pilots",
			wantNodes: []string{"kim-jong-un", "north-korea", "kpa", "nk-fighter-pilots"},
			wantEdges: []string{"kim-jong-un-leads-north-korea", "kpa-part-of-north-korea", "nk-fighter-pilots-part-of-kpa"},
		},
		{
			name:      "Kim Jong Sik's undated guidance is not cut off at the confirmation date",
			q:         graph.OversightQuery{Who: "kim-jong-sik", AsOf: "2024-12"},
			overseer:  "kim-jong-sik",
			target:    "kn23-launch-site-guidance",
			wantNodes: []string{"kim-jong-sik", "kn23-launch-site-guidance"},
			wantEdges: []string{"kim-jong-sik-oversaw-kn23-guidance"},
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
			name:     "as of 2023 the brigades do not fall to Kim Yong Bok",
			q:        graph.OversightQuery{What: "kpa-11th-corps-airborne-brigades", AsOf: "2023"},
			overseer: "kim-yong-bok",
			target:   "kpa-11th-corps-airborne-brigades",
		},
		{
			name:      "as of 2024-11 Kim Yong Bok oversaw the first contingent",
			q:         graph.OversightQuery{What: "nk-first-contingent", AsOf: "2024-11"},
			overseer:  "kim-yong-bok",
			target:    "nk-first-contingent",
			wantNodes: []string{"kim-yong-bok", "nk-forces-in-russia", "nk-first-contingent"},
			wantEdges: []string{"kim-yong-bok-oversaw-nk-forces-in-russia", "nk-first-contingent-part-of-nk-forces-in-russia"},
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
// present as of November 2024; the Rajin shipments do not end at the date of
// their running total; the October 2024 stockpile level and the Sergievsky
// outfitting hold in that month only.
func TestSeedAsOf(t *testing.T) {
	s, _ := openSeeded(t)
	tests := []struct {
		seed, asOf, edge string
		want             bool
	}{
		{"kpa-11th-corps", "", "kpa-11th-corps-deployed-to-kursk", true},
		{"kpa-11th-corps", "2023", "kpa-11th-corps-deployed-to-kursk", false},
		{"kpa-11th-corps", "2024-11", "kpa-11th-corps-deployed-to-kursk", true},
		{"rajin", "2024-12", "artillery-shell-152mm-shipped-from-rajin", true},
		{"korean-peninsula", "2024-06", "north-korea-stockpile-up-to-three-months", false},
		{"korean-peninsula", "2024-10", "north-korea-stockpile-up-to-three-months", true},
		{"korean-peninsula", "2024-12", "north-korea-stockpile-up-to-three-months", false},
		{"sergievsky-training-ground", "2024-10-18", "nk-forces-trained-at-sergievsky", true},
		{"sergievsky-training-ground", "2024-12", "nk-forces-trained-at-sergievsky", false},
		{"kn23-launch-site-guidance", "2024-10-18", "nis-confirmed-kn23-guidance", true},
		{"kn23-launch-site-guidance", "2024-10-17", "nis-confirmed-kn23-guidance", false},
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
		{"north-korea", "north-korea-supplied-russia-materiel", "B2"},                                         // one service confirms, not two
		{"kim-jong-un", "kim-jong-un-oversaw-panghyon-drone-tests", "D3"},                                     // only state media
		{"kim-jong-un", "kim-jong-un-leads-north-korea", "B4"},                                                // implied, not stated
		{"tokchon", "tokchon-in-north-korea", "C4"},                                                           // implied, not stated
		{"nk-discontent-over-deployment", "nk-discontent-reaction-to-deployment", "C4"},                       // "reports suggest"
		{"nk-discontent-over-deployment", "nis-reported-nk-discontent", "C2"},                                 // that the reports exist is stated
		{"sergievsky-training-ground", "nk-forces-trained-at-sergievsky", "D2"},                               // stated in the caption
		{"korean-peninsula", "north-korea-stockpile-up-to-three-months", "C3"},                                // "reportedly"
		{"nk-readiness-erosion", "nk-readiness-erosion-concerns-kpa", "C4"},                                   // "assessments suggest ... could"
		{"nk-readiness-erosion", "north-korea-risks-own-readiness", "B4"},                                     // the article's thesis
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

// edgeOf returns relation id among entity's relations, as the store answers it.
func edgeOf(t *testing.T, s graph.Store, entity, id string) graph.Edge {
	t.Helper()
	g, err := s.Entity(context.Background(), entity, graph.Clear)
	if err != nil {
		t.Fatalf("entity %s: %v", entity, err)
	}
	for _, e := range g.Edges {
		if e.ID == id {
			return e
		}
	}
	t.Fatalf("entity %s lacks relation %s", entity, id)
	return graph.Edge{}
}

// The article calls Kim Yong Bok the former commander of the 11th Corps and
// gives no dates of the command: at no as-of date does a COMMANDS relation
// make him its commander, and the former command carries the report's date
// as attested, not as a span.
func TestSeedFormerCommandIsNoPost(t *testing.T) {
	s, _ := openSeeded(t)
	for _, asOf := range []graph.Date{"", "2019", "2024-06", "2024-10", "2024-10-28", "2025"} {
		g, err := s.Neighborhood(context.Background(), graph.NeighborhoodQuery{Seed: "kpa-11th-corps", Types: []string{graph.Commands}, AsOf: asOf, Clearance: graph.Clear})
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range g.Edges {
			if e.From == "kim-yong-bok" {
				t.Errorf("as of %q Kim Yong Bok commands the 11th Corps through %s (%s..%s)", asOf, e.ID, e.Since, e.Until)
			}
		}
	}
	e := edgeOf(t, s, "kim-yong-bok", "kim-yong-bok-commanded-11th-corps")
	if e.Type != "FORMERLY_COMMANDED" || e.Since != "" || e.Until != "" || e.Props["attested"] != "2024-10-28" {
		t.Errorf("former command: type %s, %q..%q, attested %q; want FORMERLY_COMMANDED, undated, attested 2024-10-28", e.Type, e.Since, e.Until, e.Props["attested"])
	}
}

// Dates only where the article gives them: a report's date goes to
// props.attested (or onto the report itself), never into since/until.
func TestSeedDatesAsTheArticleGivesThem(t *testing.T) {
	s, _ := openSeeded(t)
	tests := []struct {
		entity, edge         string
		since, until, attest graph.Date
	}{
		{"rajin", "artillery-shell-152mm-shipped-from-rajin", "", "", "2024-09"},          // a running total, not an end
		{"artillery-shell-122mm", "artillery-shell-122mm-supplied-to-russia", "", "", ""}, // only the overall flow is dated
		{"artillery-shell-152mm", "artillery-shell-152mm-supplied-to-russia", "", "", "2024-09"},
		{"bulsae-4", "bulsae-4-supplied-to-russia", "", "", ""},
		{"kn-23", "kn-23-supplied-to-russia", "", "", ""},
		{"m1989-koksan", "m1989-koksan-supplied-to-russia", "", "", "2024-11"}, // reported in November 2024
		{"mrl-240mm", "mrl-240mm-supplied-to-russia", "", "", "2024-11"},
		{"m1989-koksan", "nis-confirmed-artillery-supply", "2024-11", "2024-11", ""},
		{"north-korea", "north-korea-supplied-russia-materiel", "2023", "", ""}, // "since fall 2023"
		{"kim-jong-sik", "kim-jong-sik-oversaw-kn23-guidance", "", "", "2024-10-18"},
		{"kim-jong-sik", "kim-jong-sik-visited-kn23-launch-site", "", "", "2024-10-18"},
		{"kn23-launch-site-guidance", "nis-confirmed-kn23-guidance", "2024-10-18", "2024-10-18", ""},
		{"kim-jong-un", "kim-jong-un-visited-weaponry-exhibition", "", "", "2023-07-27"},
		{"sergei-shoigu", "sergei-shoigu-visited-weaponry-exhibition", "", "", "2023-07-27"},
		{"kim-jong-un", "kim-jong-un-oversaw-drone-performance-test-2024-08", "", "", "2024-08-26"},
		{"mrl-240mm", "mrl-240mm-shell-test-tested", "", "", "2024-10-09"},
		{"north-korea", "north-korea-aligned-with-russia", "", "", ""},
		{"north-korea", "north-korea-sells-munitions-to-russia", "", "", "2024-12"},
		{"un-panel-of-experts", "panel-of-experts-monitored-north-korea", "", "", ""},
		{"nk-fighter-pilots", "nk-fighter-pilots-trained-in-russia", "", "", "2024-10-22"},
		{"kim-jong-un", "kim-jong-un-oversaw-240mm-test-2024-04", "2024-04", "2024-04", ""}, // the article's months
		{"ri-chang-ho", "ri-chang-ho-directs-rgb", "2022", "", ""},                          // "since 2022"
		{"russia", "russia-supplied-north-korea-oil", "2024-03", "", ""},                    // "since March 2024"
	}
	for _, tt := range tests {
		t.Run(tt.edge, func(t *testing.T) {
			e := edgeOf(t, s, tt.entity, tt.edge)
			if e.Since != tt.since || e.Until != tt.until || graph.Date(e.Props["attested"]) != tt.attest {
				t.Errorf("%q..%q attested %q, want %q..%q attested %q", e.Since, e.Until, e.Props["attested"], tt.since, tt.until, tt.attest)
			}
		})
	}
	// Events known only from a report carry the report's date as such.
	for _, id := range []string{"weaponry-exhibition-2023-07", "drone-performance-test-2024-08"} {
		g, err := s.Entity(context.Background(), id, graph.Clear)
		if err != nil {
			t.Fatal(err)
		}
		if n := g.Nodes[slices.IndexFunc(g.Nodes, func(n graph.Node) bool { return n.ID == id })]; n.Props["date"] != "" || n.Props["reported"] == "" {
			t.Errorf("event %s props %v: want a reported date and no event date", id, n.Props)
		}
	}
}

// An implied bound is not an interval: no relation ends without a start the
// article gives, and a relation dated only by a report (props.attested) has
// no end and starts no later than the report.
func TestSeedNoImpliedIntervals(t *testing.T) {
	_, b := openSeeded(t)
	for _, e := range b.Edges {
		if e.Until != "" && e.Since == "" {
			t.Errorf("%s ends %s with no start: an upper bound, not an interval", e.ID, e.Until)
		}
		if a := graph.Date(e.Props["attested"]); a != "" {
			if err := a.Check(); err != nil {
				t.Errorf("%s attested %q: %v", e.ID, a, err)
			}
			if e.Until != "" {
				t.Errorf("%s is attested (%s) and ends %s", e.ID, a, e.Until)
			}
			if e.Since != "" && e.Since.Compare(a) > 0 {
				t.Errorf("%s starts %s, after the report that attests it (%s)", e.ID, e.Since, a)
			}
		}
	}
}

// Credibility follows data/README.md's scale in the notes' own words:
// "reportedly" is at least 3, "likely"/"suggests"/"may"/"could" and links
// the article only implies are at least 4, speculation is 6, and a claim
// whose only sources are North Korean state media is at least 3. Reports and
// assessments are graded on the reporting, not on what they report.
func TestSeedGradesFollowTheScale(t *testing.T) {
	_, b := openSeeded(t)
	stateMedia := map[string]bool{}
	for _, src := range b.Sources {
		stateMedia[src.ID] = strings.Contains(src.Note, "North Korean state media")
	}
	judgment := regexp.MustCompile(`(?i:\b(likely|suggests?|could|potential(ly)?)\b)|\bmay\b`)
	for _, e := range b.Edges {
		if e.Type == "REPORTED" || e.Type == "ASSESSED" {
			continue
		}
		note := strings.ToLower(e.Note)
		switch {
		case strings.Contains(note, "speculation") && e.Credibility != 6:
			t.Errorf("%s: speculation graded %d, want 6", e.ID, e.Credibility)
		case strings.Contains(note, "implied, not stated") && e.Credibility != 4:
			t.Errorf("%s: implied link graded %d, want 4", e.ID, e.Credibility)
		case judgment.MatchString(e.Note) && e.Credibility < 4:
			t.Errorf("%s: judgment (%q) graded %d, want 4 or worse", e.ID, judgment.FindString(e.Note), e.Credibility)
		case strings.Contains(note, "reportedly") && e.Credibility < 3:
			t.Errorf("%s: 'reportedly' graded %d, want 3 or worse", e.ID, e.Credibility)
		}
		if !slices.ContainsFunc(e.Sources, func(id string) bool { return !stateMedia[id] }) && e.Credibility < 3 {
			t.Errorf("%s: only state media, graded %d; want 3 or worse", e.ID, e.Credibility)
		}
	}
}

// Units belong to their state by sourced PART_OF relations, not by a country
// property: every Unit climbs PART_OF to a State, every Organization that
// names a country reaches that State by PART_OF or LOCATED_IN, and the
// fighter pilots and the MiG-29 they fly reach North Korea through the KPA.
func TestSeedUnitsBelongByRelation(t *testing.T) {
	s, b := openSeeded(t)
	ctx := context.Background()
	states := map[string]string{} // id -> name
	for _, n := range b.Nodes {
		if n.Kind == graph.State {
			states[n.ID] = n.Name
		}
	}
	for _, n := range b.Nodes {
		switch {
		case n.Kind == graph.Unit:
			if c, ok := n.Props["country"]; ok {
				t.Errorf("unit %s carries country %q as a property", n.ID, c)
			}
			if reached := statesAbove(b, n.ID, graph.PartOf); len(reached) == 0 {
				t.Errorf("unit %s reaches no state by PART_OF", n.ID)
			}
		case n.Kind == graph.Organization && n.Props["country"] != "":
			reached := statesAbove(b, n.ID, graph.PartOf, "LOCATED_IN")
			if !slices.ContainsFunc(reached, func(id string) bool { return states[id] == n.Props["country"] }) {
				t.Errorf("organization %s names country %q but reaches states %v", n.ID, n.Props["country"], reached)
			}
		}
	}
	ans, err := s.Paths(ctx, graph.PathQuery{From: "mig-29", To: "north-korea", K: 5, Types: []string{"TRAINED_ON", graph.PartOf}, Clearance: graph.Clear})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"mig-29", "nk-fighter-pilots", "kpa", "north-korea"}
	if len(ans.Paths) == 0 || !slices.Equal(ans.Paths[0].Nodes, want) {
		t.Errorf("MiG-29 to North Korea over TRAINED_ON and PART_OF: %+v, want %v", ans.Paths, want)
	}
}

// Endnotes 2 and 4 are sourced relations around the article's thesis that
// North Korea is degrading its own readiness, not an unsourced property.
func TestSeedReadinessThesisIsSourced(t *testing.T) {
	s, _ := openSeeded(t)
	ctx := context.Background()
	nk, err := s.Entity(ctx, "north-korea", graph.Clear)
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range nk.Nodes {
		if n.ID == "north-korea" && len(n.Props) > 0 {
			t.Errorf("north-korea carries unsourced props %v", n.Props)
		}
	}
	for _, tt := range []struct{ entity, edge, source string }{
		{"korean-peninsula", "north-korea-stockpile-up-to-three-months", "chosun-2024-10-23"}, // endnote 2
		{"kpa", "nk-readiness-erosion-concerns-kpa", "chosun-2024-10-23"},                     // endnote 4
		{"national-intelligence-service", "nis-assessed-nk-readiness-erosion", "chosun-2024-10-23"},
		{"north-korea", "north-korea-risks-own-readiness", "rinaldi-clsc"},
	} {
		if e := edgeOf(t, s, tt.entity, tt.edge); !slices.Contains(e.Sources, tt.source) {
			t.Errorf("%s cites %v, want %s", tt.edge, e.Sources, tt.source)
		}
	}
	if e := edgeOf(t, s, "korean-peninsula", "north-korea-stockpile-up-to-three-months"); e.Props["sufficient_for"] != "up to three months of war" {
		t.Errorf("stockpile props %v", e.Props)
	}
	ans, err := s.Paths(ctx, graph.PathQuery{From: "kpa", To: "north-korea", K: 10, MaxDepth: 2, Clearance: graph.Clear})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(ans.Paths, func(p graph.Path) bool { return slices.Contains(p.Nodes, "nk-readiness-erosion") }) {
		t.Errorf("no 2-hop path from the KPA to North Korea through the readiness thesis: %+v", ans.Paths)
	}
}

// statesAbove lists, sorted, the States reached from id by following
// relations of the given types from child to parent, any number of hops.
func statesAbove(b graph.Batch, id string, types ...string) []string {
	up := map[string][]string{}
	for _, e := range b.Edges {
		if slices.Contains(types, e.Type) {
			up[e.From] = append(up[e.From], e.To)
		}
	}
	seen := map[string]bool{id: true}
	for next := []string{id}; len(next) > 0; {
		var more []string
		for _, n := range next {
			for _, p := range up[n] {
				if !seen[p] {
					seen[p] = true
					more = append(more, p)
				}
			}
		}
		next = more
	}
	var states []string
	for _, n := range b.Nodes {
		if n.Kind == graph.State && seen[n.ID] {
			states = append(states, n.ID)
		}
	}
	slices.Sort(states)
	return states
}
