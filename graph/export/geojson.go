package export

import (
	"encoding/json"
	"io"
	"slices"

	"linkchart/graph"
)

// PlacingTypes are the relations that put an entity that has no coordinates
// of its own at a located place, in order of preference: where it is, where
// it is based, where it was deployed.
var PlacingTypes = []string{graph.LocatedIn, graph.BasedIn, graph.DeployedTo}

// Located is where Locate puts a node: its own geo, or (Via set) the geo of
// the place an edge of PlacingTypes leads it to.
type Located struct {
	graph.Geo
	At  string // the place's id when placed by an edge
	Via string // that edge's id
}

// Locate places the nodes of g that can be put on a map: a node with geo is
// at it; any other node with an edge of PlacingTypes to a node with geo is
// at that node (the first type in PlacingTypes' order, then the edge id).
func Locate(g graph.Subgraph) map[string]Located {
	out := map[string]Located{}
	for _, n := range g.Nodes {
		if n.Geo != nil {
			out[n.ID] = Located{Geo: *n.Geo}
		}
	}
	rank := func(t string) int { return slices.Index(PlacingTypes, t) }
	best := map[string]graph.Edge{}
	for _, e := range g.Edges {
		to, ok := out[e.To]
		if rank(e.Type) < 0 || !ok || to.Via != "" {
			continue
		}
		if _, own := out[e.From]; own {
			continue
		}
		if b, seen := best[e.From]; !seen || rank(e.Type) < rank(b.Type) || rank(e.Type) == rank(b.Type) && e.ID < b.ID {
			best[e.From] = e
		}
	}
	for from, e := range best {
		out[from] = Located{Geo: out[e.To].Geo, At: e.To, Via: e.ID}
	}
	return out
}

// geoFeature is one GeoJSON (RFC 7946) feature.
type geoFeature struct {
	Type       string         `json:"type"`
	ID         string         `json:"id"`
	Geometry   geoGeometry    `json:"geometry"`
	Properties map[string]any `json:"properties"`
}

type geoGeometry struct {
	Type        string `json:"type"`
	Coordinates any    `json:"coordinates"`
}

// writeGeoJSON writes a FeatureCollection: a Point per located node (see
// Locate) and a LineString per edge whose two ends are located at
// different points. Coordinates are [lon, lat].
func writeGeoJSON(w io.Writer, g graph.Subgraph, opt Options) error {
	at := Locate(g)
	features := []geoFeature{}
	for _, n := range g.Nodes {
		l, ok := at[n.ID]
		if !ok {
			continue
		}
		props := map[string]any{"id": n.ID, "name": n.Name, "kind": string(n.Kind), "marking": string(n.Marking), "geo_source": l.Source}
		if l.Via != "" {
			props["placed_at"], props["placed_via"] = l.At, l.Via
		}
		features = append(features, geoFeature{Type: "Feature", ID: n.ID, Properties: props,
			Geometry: geoGeometry{Type: "Point", Coordinates: []float64{l.Lon, l.Lat}}})
	}
	for _, e := range g.Edges {
		a, okA := at[e.From]
		b, okB := at[e.To]
		if !okA || !okB || a.Lat == b.Lat && a.Lon == b.Lon {
			continue
		}
		props := map[string]any{"id": e.ID, "type": e.Type, "kind": "relation", "marking": string(e.Marking),
			"from": e.From, "to": e.To, "since": string(e.Since), "until": string(e.Until), "grade": e.Grade}
		features = append(features, geoFeature{Type: "Feature", ID: e.ID, Properties: props,
			Geometry: geoGeometry{Type: "LineString", Coordinates: [][]float64{{a.Lon, a.Lat}, {b.Lon, b.Lat}}}})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(map[string]any{
		"type": "FeatureCollection", "title": title(opt), "marking": string(Banner(g)),
		"generated": opt.Generated, "features": features,
	})
}
