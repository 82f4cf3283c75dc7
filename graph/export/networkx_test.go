package export

import (
	"fmt"

	"linkchart/graph"
	"strings"
	"testing"
)

// nxGraph is what testdata/read_export.py prints for a graph file read by
// networkx.
type nxGraph struct {
	Directed bool                      `json:"directed"`
	Graph    map[string]any            `json:"graph"`
	Nodes    map[string]map[string]any `json:"nodes"`
	Edges    []map[string]any          `json:"edges"`
}

// str reads an attribute as networkx typed it, as a string.
func str(m map[string]any, key string) string {
	v, ok := m[key]
	if !ok || v == nil {
		return ""
	}
	if f, ok := v.(float64); ok {
		return fmt.Sprint(int(f))
	}
	return fmt.Sprint(v)
}

// TestNetworkXReadsGraphMLAndGEXF reads both XML formats back with networkx
// and compares counts and attributes with the subgraph.
func TestNetworkXReadsGraphMLAndGEXF(t *testing.T) {
	for _, ng := range graphs(t) {
		for _, format := range []string{"graphml", "gexf"} {
			t.Run(ng.name+"/"+format, func(t *testing.T) { checkNetworkX(t, ng.g, format) })
		}
	}
}

func checkNetworkX(t *testing.T, g graph.Subgraph, format string) {
	t.Helper()
	srcs := sourceIndex(g)
	pos := map[string]Point{"kim-yong-bok": {X: 12.5, Y: -3}}
	path := writeTemp(t, "x."+format, export(t, format, g, Options{Title: "Storm <Corps>", Positions: pos}))
	var got nxGraph
	python(t, format, path, &got)
	if !got.Directed {
		t.Error("graph read as undirected")
	}
	if len(got.Nodes) != len(g.Nodes) || len(got.Edges) != len(g.Edges) {
		t.Fatalf("networkx read %d nodes, %d edges; want %d, %d", len(got.Nodes), len(got.Edges), len(g.Nodes), len(g.Edges))
	}
	for _, n := range g.Nodes {
		a, ok := got.Nodes[n.ID]
		if !ok {
			t.Errorf("node %s missing", n.ID)
			continue
		}
		for key, want := range map[string]string{
			"kind": string(n.Kind), "name": n.Name, "label": n.Name, "summary": n.Summary,
			"aliases": strings.Join(n.Aliases, "; "), "marking": string(n.Marking), "props": propsJSON(n.Props),
		} {
			if str(a, key) != want {
				t.Errorf("node %s %s = %q, want %q", n.ID, key, str(a, key), want)
			}
		}
		// Coordinates arrive as numbers (attr.type double), the source as text.
		if g := n.Geo; g != nil && (a["lat"] != g.Lat || a["lon"] != g.Lon || a["geo_source"] != g.Source) {
			t.Errorf("node %s lat, lon, geo_source = %v, %v, %v; want %v", n.ID, a["lat"], a["lon"], a["geo_source"], *g)
		} else if g == nil && a["lat"] != nil {
			t.Errorf("node %s has no geo, networkx read lat %v", n.ID, a["lat"])
		}
	}
	byID := map[string]map[string]any{}
	for _, e := range got.Edges {
		id := str(e, "id")
		if id == "" {
			id = str(e, "key") // graphml: the edge id is the multigraph key
		}
		byID[id] = e
	}
	for _, e := range g.Edges {
		a, ok := byID[e.ID]
		if !ok {
			t.Errorf("edge %s missing (have %v)", e.ID, keys(byID))
			continue
		}
		want := map[string]string{
			"source": e.From, "target": e.To, "type": e.Type, "since": string(e.Since), "until": string(e.Until),
			"credibility": fmt.Sprint(e.Credibility), "grade": e.Grade, "sources": strings.Join(e.Sources, "; "),
			"citations": strings.Join(citations(e, srcs), "\n"), "note": e.Note, "marking": string(e.Marking),
			"props": propsJSON(e.Props),
		}
		if format == "gexf" {
			want["start"], _ = StartDate(e.Since)
			want["end"], _ = EndDate(e.Until)
		}
		for key, w := range want {
			if str(a, key) != w {
				t.Errorf("edge %s %s = %q, want %q", e.ID, key, str(a, key), w)
			}
		}
	}
	switch format {
	case "graphml":
		if str(got.Graph, "marking") != string(Banner(g)) || str(got.Graph, "title") != "Storm <Corps>" {
			t.Errorf("graph data %v: want the banner and the title", got.Graph)
		}
	case "gexf":
		if dated := strings.Contains(string(export(t, "gexf", g, Options{})), ` start="`); dated && str(got.Graph, "mode") != "dynamic" {
			t.Errorf("gexf mode %q, want dynamic (edges have dates)", str(got.Graph, "mode"))
		}
		viz, _ := got.Nodes["kim-yong-bok"]["viz"].(map[string]any)
		p, _ := viz["position"].(map[string]any)
		if _, ok := got.Nodes["kim-yong-bok"]; ok && (p["x"] != 12.5 || p["y"] != -3.0) {
			t.Errorf("viz position %v, want x 12.5, y -3", viz)
		}
		for _, n := range g.Nodes {
			viz, _ := got.Nodes[n.ID]["viz"].(map[string]any)
			if c, _ := viz["color"].(map[string]any); c == nil || c["r"] == nil {
				t.Errorf("node %s: no viz color (%v)", n.ID, viz)
				break
			}
		}
	}
}

func keys(m map[string]map[string]any) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}
