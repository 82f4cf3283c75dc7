package imports

import (
	"bytes"
	"reflect"
	"slices"
	"testing"
	"time"

	"linkchart/data"
	"linkchart/graph"
	"linkchart/graph/export"
)

// seedGraph is the seed as a subgraph: every node and edge, the sources
// they cite.
func seedGraph(t *testing.T) graph.Subgraph {
	t.Helper()
	b, err := data.Seed()
	if err != nil {
		t.Fatal(err)
	}
	cited := map[string]bool{}
	for _, e := range b.Edges {
		for _, s := range e.Sources {
			cited[s] = true
		}
	}
	g := graph.Subgraph{Nodes: b.Nodes, Edges: b.Edges}
	for _, s := range b.Sources {
		if cited[s.ID] {
			g.Sources = append(g.Sources, s)
		}
	}
	g.Sort()
	return g
}

// TestRoundTrip exports the seed in every format linkchart both writes and
// reads, imports it back and wants the same graph: ids, names, kinds,
// aliases, props, dates, credibility (so grades), citations, markings.
func TestRoundTrip(t *testing.T) {
	want := seedGraph(t)
	for _, format := range []string{"json", "graphml", "gexf", "csv", "stix"} {
		t.Run(format, func(t *testing.T) {
			var buf bytes.Buffer
			if err := export.Write(&buf, format, want, export.Options{Title: "seed", Generated: time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)}); err != nil {
				t.Fatal(err)
			}
			name := "seed." + format
			if format == "stix" {
				name = "seed.stix.json"
			}
			b, err := Read([]File{{Name: name, Data: buf.Bytes()}}, Options{Format: format})
			if err != nil {
				t.Fatal(err)
			}
			got := graph.Subgraph{Nodes: b.Nodes, Edges: b.Edges, Sources: b.Sources}
			got.Sort()
			compareGraphs(t, format, got, want)
		})
	}
}

func compareGraphs(t *testing.T, format string, got, want graph.Subgraph) {
	t.Helper()
	if len(got.Nodes) != len(want.Nodes) || len(got.Edges) != len(want.Edges) || len(got.Sources) != len(want.Sources) {
		t.Fatalf("%s: got %d nodes, %d edges, %d sources; want %d, %d, %d", format,
			len(got.Nodes), len(got.Edges), len(got.Sources), len(want.Nodes), len(want.Edges), len(want.Sources))
	}
	srcs := map[string]graph.Source{}
	for _, s := range want.Sources {
		srcs[s.ID] = s
	}
	gotSrcs := map[string]graph.Source{}
	for _, s := range got.Sources {
		gotSrcs[s.ID] = s
	}
	for i, w := range want.Nodes {
		g := got.Nodes[i]
		w.Normalize()
		if !reflect.DeepEqual(g, w) {
			t.Errorf("%s: node\n got %+v\nwant %+v", format, g, w)
		}
	}
	for i, w := range want.Edges {
		g := got.Edges[i]
		w.Normalize()
		g.Grade, w.Grade = "", ""
		if len(w.Props) == 0 {
			w.Props = nil
		}
		if len(g.Props) == 0 {
			g.Props = nil
		}
		if !reflect.DeepEqual(g, w) {
			t.Errorf("%s: edge\n got %+v\nwant %+v", format, g, w)
		}
		if gg, wg := graph.GradeOf(g.Credibility, g.Sources, gotSrcs), graph.GradeOf(w.Credibility, w.Sources, srcs); gg != wg {
			t.Errorf("%s: edge %s grade %s, want %s", format, w.ID, gg, wg)
		}
	}
	for i, w := range want.Sources {
		g := got.Sources[i]
		w.Normalize()
		if format == "stix" {
			// STIX's external reference has no place for author and note.
			w.Author, w.Note = "", ""
		}
		if !reflect.DeepEqual(g, w) {
			t.Errorf("%s: source\n got %+v\nwant %+v", format, g, w)
		}
	}
	_ = slices.Equal[[]string]
}

// TestSTIXLocationGeo: another tool's location coordinates become the
// Place's geo, sourced to the STIX object, since no gazetteer is named.
func TestSTIXLocationGeo(t *testing.T) {
	bundle := `{"type": "bundle", "objects": [{"type": "location", "spec_version": "2.1", "id": "location--0b6e4b6a-0000-4000-8000-000000000001", "name": "Chongjin", "latitude": 41.79556, "longitude": 129.77583}]}`
	b, err := Read([]File{{Name: "a.json", Data: []byte(bundle)}}, Options{Format: "stix"})
	if err != nil {
		t.Fatal(err)
	}
	want := graph.Geo{Lat: 41.79556, Lon: 129.77583, Source: "location--0b6e4b6a-0000-4000-8000-000000000001"}
	if len(b.Nodes) != 1 || b.Nodes[0].Kind != graph.Place || b.Nodes[0].Geo == nil || *b.Nodes[0].Geo != want {
		t.Fatalf("nodes %+v, want one Place at %v", b.Nodes, want)
	}
}
