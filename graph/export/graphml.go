package export

import (
	"encoding/xml"
	"io"

	"linkchart/graph"
)

// GraphML keys: id, the element they describe, the attribute name and type.
// networkx, yEd and Gephi read attr.name and attr.type.
var graphMLKeys = []graphMLKey{
	{ID: "n_kind", For: "node", Name: "kind", Type: "string"},
	{ID: "n_name", For: "node", Name: "name", Type: "string"},
	{ID: "n_label", For: "node", Name: "label", Type: "string"},
	{ID: "n_aliases", For: "node", Name: "aliases", Type: "string"},
	{ID: "n_summary", For: "node", Name: "summary", Type: "string"},
	{ID: "n_marking", For: "node", Name: "marking", Type: "string"},
	{ID: "n_props", For: "node", Name: "props", Type: "string"},
	{ID: "n_lat", For: "node", Name: "lat", Type: "double"},
	{ID: "n_lon", For: "node", Name: "lon", Type: "double"},
	{ID: "n_geo_source", For: "node", Name: "geo_source", Type: "string"},
	{ID: "e_type", For: "edge", Name: "type", Type: "string"},
	{ID: "e_label", For: "edge", Name: "label", Type: "string"},
	{ID: "e_since", For: "edge", Name: "since", Type: "string"},
	{ID: "e_until", For: "edge", Name: "until", Type: "string"},
	{ID: "e_credibility", For: "edge", Name: "credibility", Type: "int"},
	{ID: "e_grade", For: "edge", Name: "grade", Type: "string"},
	{ID: "e_sources", For: "edge", Name: "sources", Type: "string"},
	{ID: "e_citations", For: "edge", Name: "citations", Type: "string"},
	{ID: "e_cited", For: "edge", Name: "cited", Type: "string"},
	{ID: "e_note", For: "edge", Name: "note", Type: "string"},
	{ID: "e_marking", For: "edge", Name: "marking", Type: "string"},
	{ID: "e_props", For: "edge", Name: "props", Type: "string"},
	{ID: "g_title", For: "graph", Name: "title", Type: "string"},
	{ID: "g_marking", For: "graph", Name: "marking", Type: "string"},
	{ID: "g_generated", For: "graph", Name: "generated", Type: "string"},
}

type graphMLKey struct {
	ID   string `xml:"id,attr"`
	For  string `xml:"for,attr"`
	Name string `xml:"attr.name,attr"`
	Type string `xml:"attr.type,attr"`
}

type graphMLDoc struct {
	XMLName        xml.Name     `xml:"graphml"`
	XMLNS          string       `xml:"xmlns,attr"`
	XSI            string       `xml:"xmlns:xsi,attr"`
	SchemaLocation string       `xml:"xsi:schemaLocation,attr"`
	Keys           []graphMLKey `xml:"key"`
	Graph          graphMLGraph `xml:"graph"`
}

type graphMLGraph struct {
	ID          string        `xml:"id,attr"`
	EdgeDefault string        `xml:"edgedefault,attr"`
	Data        []graphMLData `xml:"data"`
	Nodes       []graphMLNode `xml:"node"`
	Edges       []graphMLEdge `xml:"edge"`
}

type graphMLNode struct {
	ID   string        `xml:"id,attr"`
	Data []graphMLData `xml:"data"`
}

type graphMLEdge struct {
	ID     string        `xml:"id,attr"`
	Source string        `xml:"source,attr"`
	Target string        `xml:"target,attr"`
	Data   []graphMLData `xml:"data"`
}

type graphMLData struct {
	Key   string `xml:"key,attr"`
	Value string `xml:",chardata"`
}

// data collects <data> elements, leaving out empty values (GraphML readers
// treat a missing value as the key's default).
type dataList []graphMLData

func (d *dataList) add(key, value string) {
	if value != "" {
		*d = append(*d, graphMLData{Key: key, Value: value})
	}
}

func writeGraphML(w io.Writer, g graph.Subgraph, opt Options) error {
	if err := checkEnds(g); err != nil {
		return err
	}
	srcs := sourceIndex(g)
	doc := graphMLDoc{
		XMLNS:          "http://graphml.graphdrawing.org/xmlns",
		XSI:            "http://www.w3.org/2001/XMLSchema-instance",
		SchemaLocation: "http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd",
		Keys:           graphMLKeys,
		Graph:          graphMLGraph{ID: "linkchart", EdgeDefault: "directed"},
	}
	var gd dataList
	gd.add("g_title", title(opt))
	gd.add("g_marking", string(Banner(g)))
	gd.add("g_generated", opt.Generated.UTC().Format("2006-01-02T15:04:05Z"))
	doc.Graph.Data = gd
	for _, n := range g.Nodes {
		var d dataList
		for _, a := range nodeAttrs(n, true) {
			d.add("n_"+a.key, a.value)
		}
		doc.Graph.Nodes = append(doc.Graph.Nodes, graphMLNode{ID: n.ID, Data: d})
	}
	for _, e := range g.Edges {
		var d dataList
		for _, a := range edgeAttrs(e, srcs, true) {
			d.add("e_"+a.key, a.value)
		}
		doc.Graph.Edges = append(doc.Graph.Edges, graphMLEdge{ID: e.ID, Source: e.From, Target: e.To, Data: d})
	}
	return writeXML(w, doc)
}
