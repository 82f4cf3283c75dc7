package imports

import (
	"encoding/xml"
	"fmt"
)

// GEXF 1.2 and 1.3 as Gephi and networkx write them: <attributes
// class="node|edge"> declare attribute ids and titles, nodes carry a label,
// edges a label (the type), start and end, and <attvalues>.

type gexfAttr struct {
	ID    string `xml:"id,attr"`
	Title string `xml:"title,attr"`
}

type gexfAttrs struct {
	Class string     `xml:"class,attr"`
	Attrs []gexfAttr `xml:"attribute"`
}

type gexfValue struct {
	For   string `xml:"for,attr"`
	Value string `xml:"value,attr"`
}

type gexfElem struct {
	ID     string      `xml:"id,attr"`
	Label  string      `xml:"label,attr"`
	Source string      `xml:"source,attr"`
	Target string      `xml:"target,attr"`
	Start  string      `xml:"start,attr"`
	End    string      `xml:"end,attr"`
	Type   string      `xml:"type,attr"` // networkx writes an edge's type here
	Kind   string      `xml:"kind,attr"`
	Values []gexfValue `xml:"attvalues>attvalue"`
}

func readGEXF(bd *builder, files []File, opt Options) error {
	for _, f := range files {
		readGEXFFile(bd, f)
	}
	return nil
}

func readGEXFFile(bd *builder, f File) {
	titles := map[string]map[string]string{"node": {}, "edge": {}}
	type pending struct {
		e    gexfElem
		line int
	}
	var nodes, edges []pending
	sawRoot := false
	_ = xmlWalk(bd, f, func(d *xml.Decoder, se xml.StartElement, line int) error {
		switch se.Name.Local {
		case "gexf":
			sawRoot = true
		case "attributes":
			var a gexfAttrs
			if err := d.DecodeElement(&a, &se); err != nil {
				return err
			}
			if titles[a.Class] == nil {
				titles[a.Class] = map[string]string{}
			}
			for _, at := range a.Attrs {
				titles[a.Class][at.ID] = at.Title
			}
		case "node", "edge":
			var e gexfElem
			if err := d.DecodeElement(&e, &se); err != nil {
				return err
			}
			if se.Name.Local == "node" {
				nodes = append(nodes, pending{e, line})
			} else {
				edges = append(edges, pending{e, line})
			}
		}
		return nil
	})
	if len(bd.problems) > 0 {
		return
	}
	if !sawRoot {
		bd.bad(f.Name, 1, "", "", "not GEXF: no <gexf> element")
		return
	}
	attrsOf := func(class string, e gexfElem) attrs {
		a := attrs{m: map[string]string{}}
		for _, v := range e.Values {
			name := titles[class][v.For]
			if name == "" {
				name = v.For
			}
			a.set(name, v.Value)
		}
		if _, ok := a.m["label"]; !ok && e.Label != "" {
			a.set("label", e.Label)
		}
		if _, ok := a.m["type"]; !ok && e.Type != "" && !contains([]string{"directed", "undirected", "mutual"}, e.Type) {
			a.set("type", e.Type)
		}
		return a
	}
	ids := map[string]string{}
	for _, p := range nodes {
		ids[p.e.ID] = readNodeAttrs(bd, f.Name, p.line, fmt.Sprintf("<node id=%q>", p.e.ID), p.e.ID, attrsOf("node", p.e))
	}
	for _, p := range edges {
		rec := fmt.Sprintf("<edge source=%q target=%q>", p.e.Source, p.e.Target)
		readEdgeAttrs(bd, f.Name, p.line, rec, p.e.ID, ids[p.e.Source], ids[p.e.Target], p.e.Source, p.e.Target,
			attrsOf("edge", p.e), "GEXF", dateOf(p.e.Start), dateOf(p.e.End))
	}
	if len(nodes) == 0 {
		bd.bad(f.Name, 0, "", "", "no <node> elements")
	}
}
