package export

import (
	"encoding/xml"
	"fmt"
	"io"
	"time"

	"linkchart/graph"
)

type gexfDoc struct {
	XMLName        xml.Name  `xml:"gexf"`
	XMLNS          string    `xml:"xmlns,attr"`
	XSI            string    `xml:"xmlns:xsi,attr"`
	VIZ            string    `xml:"xmlns:viz,attr"`
	SchemaLocation string    `xml:"xsi:schemaLocation,attr"`
	Version        string    `xml:"version,attr"`
	Meta           gexfMeta  `xml:"meta"`
	Graph          gexfGraph `xml:"graph"`
}

type gexfMeta struct {
	LastModified string `xml:"lastmodifieddate,attr"`
	Creator      string `xml:"creator"`
	Description  string `xml:"description"`
	Keywords     string `xml:"keywords"`
}

type gexfGraph struct {
	DefaultEdgeType string           `xml:"defaultedgetype,attr"`
	Mode            string           `xml:"mode,attr"`
	TimeFormat      string           `xml:"timeformat,attr,omitempty"`
	Attributes      []gexfAttributes `xml:"attributes"`
	Nodes           []gexfNode       `xml:"nodes>node"`
	Edges           []gexfEdge       `xml:"edges>edge"`
}

type gexfAttributes struct {
	Class      string          `xml:"class,attr"`
	Mode       string          `xml:"mode,attr"`
	Attributes []gexfAttribute `xml:"attribute"`
}

type gexfAttribute struct {
	ID    string `xml:"id,attr"`
	Title string `xml:"title,attr"`
	Type  string `xml:"type,attr"`
}

type gexfNode struct {
	ID       string        `xml:"id,attr"`
	Label    string        `xml:"label,attr"`
	Values   []gexfValue   `xml:"attvalues>attvalue"`
	Color    *gexfColor    `xml:"viz:color"`
	Position *gexfPosition `xml:"viz:position"`
}

type gexfColor struct {
	R uint8 `xml:"r,attr"`
	G uint8 `xml:"g,attr"`
	B uint8 `xml:"b,attr"`
}

// kindColor is a node's colour in Gephi: its kind's fill in the pictures.
func kindColor(k graph.Kind) *gexfColor {
	st, ok := kindStyle[k]
	if !ok {
		return nil
	}
	var c gexfColor
	if _, err := fmt.Sscanf(st.fill, "#%02x%02x%02x", &c.R, &c.G, &c.B); err != nil {
		return nil
	}
	return &c
}

type gexfPosition struct {
	X float64 `xml:"x,attr"`
	Y float64 `xml:"y,attr"`
	Z float64 `xml:"z,attr"`
}

type gexfEdge struct {
	ID     string      `xml:"id,attr"`
	Source string      `xml:"source,attr"`
	Target string      `xml:"target,attr"`
	Label  string      `xml:"label,attr"`
	Start  string      `xml:"start,attr,omitempty"`
	End    string      `xml:"end,attr,omitempty"`
	Values []gexfValue `xml:"attvalues>attvalue"`
}

type gexfValue struct {
	For   string `xml:"for,attr"`
	Value string `xml:"value,attr"`
}

var (
	gexfNodeAttrs = []gexfAttribute{
		{"kind", "kind", "string"}, {"name", "name", "string"}, {"aliases", "aliases", "string"},
		{"summary", "summary", "string"}, {"marking", "marking", "string"}, {"props", "props", "string"},
		{"lat", "lat", "double"}, {"lon", "lon", "double"}, {"geo_source", "geo_source", "string"},
	}
	gexfEdgeAttrs = []gexfAttribute{
		{"type", "type", "string"}, {"since", "since", "string"}, {"until", "until", "string"},
		{"credibility", "credibility", "integer"}, {"grade", "grade", "string"},
		{"sources", "sources", "string"}, {"citations", "citations", "string"}, {"cited", "cited", "string"},
		{"note", "note", "string"}, {"marking", "marking", "string"}, {"props", "props", "string"},
	}
)

type values []gexfValue

func (v *values) add(key, value string) {
	if value != "" {
		*v = append(*v, gexfValue{For: key, Value: value})
	}
}

// StartDate expands a partial date to the first day it covers: "2024-10" →
// "2024-10-01", "2024" → "2024-01-01". The empty date stays empty.
func StartDate(d graph.Date) (string, error) {
	t, err := expandDate(d, false)
	return t, err
}

// EndDate expands a partial date to the last day it covers: "2024" →
// "2024-12-31", "2024-02" → "2024-02-29". The empty date stays empty.
func EndDate(d graph.Date) (string, error) {
	return expandDate(d, true)
}

func expandDate(d graph.Date, end bool) (string, error) {
	if err := d.Check(); err != nil {
		return "", err
	}
	s := string(d)
	var t time.Time
	switch len(s) {
	case 0:
		return "", nil
	case 4:
		t, _ = time.Parse("2006", s)
		if end {
			t = t.AddDate(1, 0, -1)
		}
	case 7:
		t, _ = time.Parse("2006-01", s)
		if end {
			t = t.AddDate(0, 1, -1)
		}
	default:
		t, _ = time.Parse("2006-01-02", s)
	}
	return t.Format("2006-01-02"), nil
}

func writeGEXF(w io.Writer, g graph.Subgraph, opt Options) error {
	if err := checkEnds(g); err != nil {
		return err
	}
	srcs := sourceIndex(g)
	doc := gexfDoc{
		XMLNS:          "http://gexf.net/1.3",
		XSI:            "http://www.w3.org/2001/XMLSchema-instance",
		VIZ:            "http://gexf.net/1.3/viz",
		SchemaLocation: "http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd",
		Version:        "1.3",
		Meta: gexfMeta{
			LastModified: opt.Generated.UTC().Format("2006-01-02"),
			Creator:      "linkchart",
			Description:  fmt.Sprintf("%s [%s]", title(opt), Banner(g)),
			Keywords:     string(Banner(g)),
		},
		Graph: gexfGraph{
			DefaultEdgeType: "directed",
			Mode:            "static",
			Attributes: []gexfAttributes{
				{Class: "node", Mode: "static", Attributes: gexfNodeAttrs},
				{Class: "edge", Mode: "static", Attributes: gexfEdgeAttrs},
			},
		},
	}
	for _, n := range g.Nodes {
		var v values
		for _, a := range nodeAttrs(n, false) {
			v.add(a.key, a.value)
		}
		gn := gexfNode{ID: n.ID, Label: n.Name, Values: v, Color: kindColor(n.Kind)}
		if p, ok := opt.Positions[n.ID]; ok {
			gn.Position = &gexfPosition{X: p.X, Y: p.Y}
		}
		doc.Graph.Nodes = append(doc.Graph.Nodes, gn)
	}
	for _, e := range g.Edges {
		start, err := StartDate(e.Since)
		if err != nil {
			return fmt.Errorf("edge %q since: %w", e.ID, err)
		}
		end, err := EndDate(e.Until)
		if err != nil {
			return fmt.Errorf("edge %q until: %w", e.ID, err)
		}
		if start != "" || end != "" {
			doc.Graph.Mode, doc.Graph.TimeFormat = "dynamic", "date"
		}
		var v values
		for _, a := range edgeAttrs(e, srcs, false) {
			v.add(a.key, a.value)
		}
		doc.Graph.Edges = append(doc.Graph.Edges, gexfEdge{
			ID: e.ID, Source: e.From, Target: e.To, Label: e.Type,
			Start: start, End: end, Values: v,
		})
	}
	return writeXML(w, doc)
}
