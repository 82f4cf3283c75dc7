package export

import (
	"math"
	"strings"
	"testing"

	"linkchart/data"
	"linkchart/graph"
)

// geoRead is what testdata/read_export.py prints for a GeoJSON file read
// by shapely.
type geoRead struct {
	Type     string `json:"type"`
	Features []struct {
		ID         string         `json:"id"`
		GeomType   string         `json:"geom_type"`
		Valid      bool           `json:"valid"`
		Coords     [][]float64    `json:"coords"`
		Properties map[string]any `json:"properties"`
	} `json:"features"`
}

// seedSubgraph is the whole seed dataset as one subgraph.
func seedSubgraph(t *testing.T) graph.Subgraph {
	t.Helper()
	b, err := data.Seed()
	if err != nil {
		t.Fatal(err)
	}
	return graph.Subgraph{Nodes: b.Nodes, Edges: b.Edges, Sources: b.Sources}
}

// TestGeoJSONReadByShapely writes the seed as GeoJSON and reads it back
// with shapely: the gazetteer's cities are Points at their coordinates, an
// entity BASED_IN a located place is at it, every geometry is valid, and a
// relation between two located entities is a LineString between them.
func TestGeoJSONReadByShapely(t *testing.T) {
	g := seedSubgraph(t)
	// A relation between two located places, so that a LineString is drawn.
	g.Edges = append(g.Edges, graph.Edge{ID: "chongjin--near--rajin", Type: "NEAR", From: "chongjin", To: "rajin", Marking: graph.Clear})
	path := writeTemp(t, "x.geojson", export(t, "geojson", g, Options{Title: "Seed"}))
	var got geoRead
	python(t, "geojson", path, &got)
	if got.Type != "FeatureCollection" {
		t.Fatalf("type %q", got.Type)
	}
	byID := map[string]int{}
	for i, f := range got.Features {
		byID[f.ID] = i
		if !f.Valid {
			t.Errorf("%s: shapely says the %s is not valid", f.ID, f.GeomType)
		}
	}
	points := []struct {
		id, at   string
		lon, lat float64
	}{
		{"chongjin", "", 129.77583, 41.79556},
		{"vladivostok", "", 131.87353, 43.10562},
		{"rajin", "", 130.28308, 42.25559},
		{"kpa-11th-corps", "tokchon", 126.25798, 39.75261},
		{"putin-visit-to-pyongyang-2024", "pyongyang", 125.75432, 39.03385},
	}
	for _, p := range points {
		i, ok := byID[p.id]
		if !ok {
			t.Errorf("%s: no feature", p.id)
			continue
		}
		f := got.Features[i]
		if f.GeomType != "Point" || len(f.Coords) != 1 || math.Abs(f.Coords[0][0]-p.lon) > 1e-9 || math.Abs(f.Coords[0][1]-p.lat) > 1e-9 {
			t.Errorf("%s: %s %v, want Point [%v %v]", p.id, f.GeomType, f.Coords, p.lon, p.lat)
		}
		if at, _ := f.Properties["placed_at"].(string); at != p.at {
			t.Errorf("%s: placed_at %q, want %q", p.id, at, p.at)
		}
	}
	for _, id := range []string{"musudan", "panghyon-airfield", "russia"} {
		if _, ok := byID[id]; ok {
			t.Errorf("%s: has a feature, but the gazetteer does not locate it", id)
		}
	}
	f := got.Features[byID["chongjin--near--rajin"]]
	if f.GeomType != "LineString" || len(f.Coords) != 2 || f.Coords[0][0] != 129.77583 || f.Coords[1][0] != 130.28308 ||
		f.Properties["type"] != "NEAR" || f.Properties["kind"] != "relation" {
		t.Errorf("chongjin--near--rajin: %s %v %v", f.GeomType, f.Coords, f.Properties)
	}
}

// TestHTMLBriefMap: the HTML brief has a map when the subgraph has located
// entities (names escaped), and none when it has none.
func TestHTMLBriefMap(t *testing.T) {
	geo := &graph.Geo{Lat: 41.79556, Lon: 129.77583, Source: "GeoNames 2044757"}
	g := graph.Subgraph{
		Nodes: []graph.Node{
			{ID: "chongjin", Kind: graph.Place, Name: "Chongjin <b>port</b>", Geo: geo, Marking: graph.Clear},
			{ID: "vladivostok", Kind: graph.Place, Name: "Vladivostok", Geo: &graph.Geo{Lat: 43.10562, Lon: 131.87353, Source: "GeoNames 2013348"}, Marking: graph.Clear},
			{ID: "unit", Kind: graph.Unit, Name: "A unit", Marking: graph.Clear},
		},
		Edges: []graph.Edge{
			{ID: "unit--based-in--chongjin", Type: graph.BasedIn, From: "unit", To: "chongjin", Marking: graph.Clear},
			{ID: "chongjin--near--vladivostok", Type: "NEAR", From: "chongjin", To: "vladivostok", Marking: graph.Clear},
		},
	}
	out := string(export(t, "html", g, Options{Title: "Map"}))
	for _, want := range []string{`<figure id="map">`, "Chongjin &lt;b&gt;port&lt;/b&gt;", "A unit — at chongjin (unit--based-in--chongjin)", `stroke="#3a6ea5"`} {
		if !strings.Contains(out, want) {
			t.Errorf("brief lacks %q", want)
		}
	}
	if strings.Contains(out, "<b>port</b>") {
		t.Error("a name reached the brief unescaped")
	}
	for i := range g.Nodes {
		g.Nodes[i].Geo = nil
	}
	if out := string(export(t, "html", g, Options{Title: "No map"})); strings.Contains(out, `id="map"`) {
		t.Error("a brief without located entities has a map")
	}
}
