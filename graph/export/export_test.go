package export

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"

	"linkchart/graph"
)

func TestFormatsAreComplete(t *testing.T) {
	g := fixture(t, "tricky.json")
	for _, f := range Formats {
		t.Run(f, func(t *testing.T) {
			if ContentType(f) == "" || Extension(f) == "" {
				t.Errorf("ContentType %q, Extension %q: want both", ContentType(f), Extension(f))
			}
			if len(export(t, f, g, Options{})) == 0 {
				t.Error("empty export")
			}
		})
	}
}

func TestUnknownFormat(t *testing.T) {
	for _, f := range []string{"", "xlsx", "JSON", "../json"} {
		err := Write(&bytes.Buffer{}, f, graph.Subgraph{}, Options{})
		if !errors.Is(err, ErrUnknownFormat) {
			t.Errorf("Write(%q): %v, want ErrUnknownFormat", f, err)
		}
		if ContentType(f) != "" || Extension(f) != "" {
			t.Errorf("%q: want no content type or extension", f)
		}
	}
}

func TestEmptySubgraphExports(t *testing.T) {
	for _, f := range Formats {
		var buf bytes.Buffer
		if err := Write(&buf, f, graph.Subgraph{}, Options{Generated: generated}); err != nil {
			t.Errorf("%s: %v", f, err)
		}
	}
}

func TestDanglingEdgeIsRefused(t *testing.T) {
	g := fixture(t, "tricky.json")
	g.Nodes = g.Nodes[1:] // drop 11th-corps, which edges touch
	for _, f := range []string{"graphml", "gexf", "cypher", "stix", "dot", "markdown", "html"} {
		if err := Write(&bytes.Buffer{}, f, g, Options{}); err == nil {
			t.Errorf("%s: want an error for an edge whose end is missing", f)
		}
	}
}

func TestUnknownMarkingIsRefused(t *testing.T) {
	g := fixture(t, "tricky.json")
	g.Nodes[3].Marking = "TLP:PURPLE"
	for _, f := range Formats {
		if err := Write(&bytes.Buffer{}, f, g, Options{}); err == nil || !strings.Contains(err.Error(), "TLP:PURPLE") {
			t.Errorf("%s: %v, want an error naming the marking", f, err)
		}
	}
}

func TestBanner(t *testing.T) {
	g := fixture(t, "tricky.json")
	tests := []struct {
		name string
		edit func(*graph.Subgraph)
		want graph.Marking
	}{
		{"amber node and edge inside", func(*graph.Subgraph) {}, graph.Amber},
		{"empty", func(g *graph.Subgraph) { *g = graph.Subgraph{} }, graph.Clear},
		{"red edge", func(g *graph.Subgraph) { g.Edges[0].Marking = graph.Red }, graph.Red},
		{"only clear", func(g *graph.Subgraph) {
			for i := range g.Nodes {
				g.Nodes[i].Marking = ""
			}
			for i := range g.Edges {
				g.Edges[i].Marking = graph.Clear
			}
		}, graph.Clear},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := prepare(g)
			tt.edit(&c)
			if got := Banner(c); got != tt.want {
				t.Errorf("Banner = %s, want %s", got, tt.want)
			}
		})
	}
}

func TestJSONReopensTheView(t *testing.T) {
	g := fixture(t, "tricky.json")
	pos := map[string]Point{"kim-yong-bok": {X: 10, Y: -2.5}, "not-in-graph": {X: 1, Y: 1}}
	var v View
	if err := json.Unmarshal(export(t, "json", g, Options{Title: "Storm Corps", Positions: pos}), &v); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(v.Subgraph, g) {
		t.Errorf("subgraph changed on the way:\n got %+v\nwant %+v", v.Subgraph, g)
	}
	if v.Title != "Storm Corps" || v.Marking != graph.Amber || !v.Generated.Equal(generated) {
		t.Errorf("title %q, marking %s, generated %s", v.Title, v.Marking, v.Generated)
	}
	want := map[string]Point{"kim-yong-bok": {X: 10, Y: -2.5}}
	if !reflect.DeepEqual(v.Positions, want) {
		t.Errorf("positions %v, want %v (only nodes of the subgraph)", v.Positions, want)
	}
}

func TestPartialDates(t *testing.T) {
	tests := []struct {
		in         graph.Date
		start, end string
	}{
		{"", "", ""},
		{"2024", "2024-01-01", "2024-12-31"},
		{"2024-10", "2024-10-01", "2024-10-31"},
		{"2024-02", "2024-02-01", "2024-02-29"},
		{"2023-02", "2023-02-01", "2023-02-28"},
		{"2024-10-18", "2024-10-18", "2024-10-18"},
	}
	for _, tt := range tests {
		s, err := StartDate(tt.in)
		if err != nil || s != tt.start {
			t.Errorf("StartDate(%q) = %q, %v; want %q", tt.in, s, err, tt.start)
		}
		e, err := EndDate(tt.in)
		if err != nil || e != tt.end {
			t.Errorf("EndDate(%q) = %q, %v; want %q", tt.in, e, err, tt.end)
		}
	}
	if _, err := StartDate("2024-13"); err == nil {
		t.Error("StartDate(2024-13): want an error")
	}
}
