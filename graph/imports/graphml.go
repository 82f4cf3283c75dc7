package imports

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"linkchart/graph"
)

// GraphML as networkx, Gephi and yEd write it: <key> declares attributes
// (attr.name; yEd's labels sit in yfiles.type="nodegraphics" keys),
// <node id> and <edge source target> carry <data key>.

type xmlKey struct {
	ID        string `xml:"id,attr"`
	For       string `xml:"for,attr"`
	Name      string `xml:"name,attr"`
	AttrName  string `xml:"attr.name,attr"`
	YFilesTyp string `xml:"yfiles.type,attr"`
}

type xmlData struct {
	Key   string `xml:"key,attr"`
	Inner []byte `xml:",innerxml"`
}

type xmlElem struct {
	ID     string    `xml:"id,attr"`
	Source string    `xml:"source,attr"`
	Target string    `xml:"target,attr"`
	Data   []xmlData `xml:"data"`
}

// attrs is a node's or edge's attributes by name (lower case), in the
// file's order of names.
type attrs struct {
	m     map[string]string
	order []string
}

func (a *attrs) set(k, v string) {
	k = strings.ToLower(strings.TrimSpace(k))
	if _, ok := a.m[k]; !ok {
		a.order = append(a.order, k)
	}
	a.m[k] = v
}

// first returns the first non-empty attribute among keys, and its name.
func (a *attrs) first(keys ...string) (string, string) {
	for _, k := range keys {
		if v := strings.TrimSpace(a.m[k]); v != "" {
			return v, k
		}
	}
	return "", ""
}

func readGraphML(bd *builder, files []File, opt Options) error {
	for _, f := range files {
		if err := readGraphMLFile(bd, f); err != nil {
			return err
		}
	}
	return nil
}

// xmlWalk calls elem for each start element named in want with its line;
// elem decodes it. A syntax error is a problem at its line.
func xmlWalk(bd *builder, f File, elem func(d *xml.Decoder, se xml.StartElement, line int) error) error {
	d := xml.NewDecoder(bytes.NewReader(f.Data))
	for {
		line, _ := d.InputPos()
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			var se *xml.SyntaxError
			if errors.As(err, &se) {
				bd.bad(f.Name, se.Line, "", "", "not well-formed XML: %s", se.Msg)
				return nil
			}
			bd.bad(f.Name, line, "", "", "not readable XML: %v", err)
			return nil
		}
		if se, ok := tok.(xml.StartElement); ok {
			l, _ := d.InputPos()
			if err := elem(d, se, l); err != nil {
				bd.bad(f.Name, l, "<"+se.Name.Local+">", "", "%v", err)
				return nil
			}
		}
	}
}

func readGraphMLFile(bd *builder, f File) error {
	keys := map[string]xmlKey{}
	var nodes, edges int
	ids := map[string]string{} // GraphML node id → linkchart id
	type pending struct {
		e    xmlElem
		line int
	}
	var edgeList []pending
	var nodeList []pending
	sawRoot := false
	err := xmlWalk(bd, f, func(d *xml.Decoder, se xml.StartElement, line int) error {
		switch se.Name.Local {
		case "graphml":
			sawRoot = true
		case "key":
			var k xmlKey
			if err := d.DecodeElement(&k, &se); err != nil {
				return err
			}
			keys[k.ID] = k
		case "node":
			var e xmlElem
			if err := d.DecodeElement(&e, &se); err != nil {
				return err
			}
			nodeList = append(nodeList, pending{e, line})
		case "edge":
			var e xmlElem
			if err := d.DecodeElement(&e, &se); err != nil {
				return err
			}
			edgeList = append(edgeList, pending{e, line})
		}
		return nil
	})
	if err != nil || len(bd.problems) > 0 {
		return err
	}
	if !sawRoot {
		bd.bad(f.Name, 1, "", "", "not GraphML: no <graphml> element")
		return nil
	}
	attrsOf := func(e xmlElem) attrs {
		a := attrs{m: map[string]string{}}
		for _, dt := range e.Data {
			k := keys[dt.Key]
			name := k.AttrName
			if name == "" {
				name = k.Name
			}
			if name == "" {
				name = dt.Key
			}
			if k.YFilesTyp != "" {
				// yEd: the label is the text of a NodeLabel or EdgeLabel.
				if lbl := yedLabel(dt.Inner); lbl != "" {
					a.set("label", lbl)
				}
				continue
			}
			a.set(name, xmlText(dt.Inner))
		}
		return a
	}
	for _, p := range nodeList {
		nodes++
		id := readNodeAttrs(bd, f.Name, p.line, fmt.Sprintf("<node id=%q>", p.e.ID), p.e.ID, attrsOf(p.e))
		ids[p.e.ID] = id
	}
	for _, p := range edgeList {
		edges++
		rec := fmt.Sprintf("<edge source=%q target=%q>", p.e.Source, p.e.Target)
		readEdgeAttrs(bd, f.Name, p.line, rec, p.e.ID, ids[p.e.Source], ids[p.e.Target], p.e.Source, p.e.Target, attrsOf(p.e), "GraphML", graph.Date(""), graph.Date(""))
	}
	if nodes == 0 {
		bd.bad(f.Name, 0, "", "", "no <node> elements")
	}
	return nil
}

// xmlText is the text of a <data> element's content.
func xmlText(inner []byte) string {
	d := xml.NewDecoder(bytes.NewReader(inner))
	var b strings.Builder
	for {
		tok, err := d.Token()
		if err != nil {
			break
		}
		if c, ok := tok.(xml.CharData); ok {
			b.Write(c)
		}
	}
	return b.String()
}

// yedLabel finds the text of the first y:NodeLabel or y:EdgeLabel.
func yedLabel(inner []byte) string {
	d := xml.NewDecoder(bytes.NewReader(inner))
	in := false
	for {
		tok, err := d.Token()
		if err != nil {
			return ""
		}
		switch t := tok.(type) {
		case xml.StartElement:
			in = t.Name.Local == "NodeLabel" || t.Name.Local == "EdgeLabel"
		case xml.CharData:
			if s := strings.TrimSpace(string(t)); in && s != "" {
				return s
			}
		case xml.EndElement:
			in = false
		}
	}
}

// Attribute names other tools use for each field.
var (
	nameAttrs    = []string{"name", "label", "title"}
	kindAttrs    = []string{"kind", "type", "category", "class", "entity_type"}
	typeAttrs    = []string{"type", "relation", "relationship", "label", "kind"}
	sinceAttrs   = []string{"since", "start", "start_date", "from_date", "startdate", "begin"}
	untilAttrs   = []string{"until", "end", "end_date", "to_date", "enddate"}
	summaryAttrs = []string{"summary", "description", "note"}
	// nodeKnown and edgeKnown are attributes read into fields, not props.
	nodeKnown = []string{"name", "label", "title", "kind", "type", "category", "class", "entity_type", "aliases", "summary", "description", "marking", "props", "id", "lat", "lon", "geo_source"}
	edgeKnown = []string{"id", "type", "relation", "relationship", "label", "kind", "since", "start", "start_date", "from_date", "startdate", "begin",
		"until", "end", "end_date", "to_date", "enddate", "credibility", "grade", "sources", "citations", "cited", "note", "marking", "props", "weight"}
)

// readNodeAttrs makes a node of a GraphML or GEXF node's attributes and
// returns its linkchart id.
func readNodeAttrs(bd *builder, file string, line int, rec, rawID string, a attrs) string {
	id := idFor(rawID)
	if v := a.m["id"]; v != "" && graph.ValidID(v) {
		id = v
	}
	n := graph.Node{ID: id, Marking: graph.Marking(a.m["marking"]), Aliases: splitList(a.m["aliases"])}
	n.Name, _ = a.first(nameAttrs...)
	if n.Name == "" {
		n.Name = rawID
	}
	n.Summary, _ = a.first(summaryAttrs...)
	if k, field := a.first(kindAttrs...); k == "" {
		bd.bad(file, line, rec, "kind", "no kind: give the node a kind attribute (one of %v)", graph.Kinds)
	} else if kind, ok := kindOf(k); ok {
		n.Kind = kind
	} else {
		bd.bad(file, line, rec, field, "%q is not a kind: want one of %v", k, graph.Kinds)
	}
	n.Props = props(bd, file, line, rec, a, nodeKnown)
	n.Geo = geoOf(bd, file, line, rec, a.m["lat"], a.m["lon"], a.m["geo_source"], "lat", "lon")
	bd.node(n, at{file, line})
	return id
}

// readEdgeAttrs makes an edge of a GraphML or GEXF edge's attributes.
// start and end are GEXF's own dates, used when no attribute gives them.
func readEdgeAttrs(bd *builder, file string, line int, rec, rawID, from, to, rawFrom, rawTo string, a attrs, tool string, start, end graph.Date) {
	e := graph.Edge{ID: idFor(rawID), From: from, To: to, Marking: graph.Marking(a.m["marking"]), Note: a.m["note"]}
	if v := a.m["id"]; graph.ValidID(v) {
		e.ID = v
	}
	if _, ours := a.m["grade"]; !ours && a.m["id"] == "" && (isDigits(rawID) || strings.HasPrefix(rawID, "e") && isDigits(rawID[1:])) {
		// networkx and yEd number edges (0, e0 …): the id is made from the
		// ends and type instead (graph.EdgeID), so a re-import updates.
		e.ID = ""
	}
	if from == "" {
		bd.bad(file, line, rec, "source", "no node %q in the file", rawFrom)
	}
	if to == "" {
		bd.bad(file, line, rec, "target", "no node %q in the file", rawTo)
	}
	if t, _ := a.first(typeAttrs...); t != "" {
		e.Type = t
		if !graph.ValidType(t) {
			e.Type = typeOf(t)
		}
	} else {
		bd.bad(file, line, rec, "type", "no relation type: give the edge a type or label attribute (such as COMMANDS)")
	}
	since, _ := a.first(sinceAttrs...)
	until, _ := a.first(untilAttrs...)
	e.Since, e.Until = dateOf(since), dateOf(until)
	if e.Since == "" {
		e.Since = start
	}
	if e.Until == "" {
		e.Until = end
	}
	if c := a.m["credibility"]; c != "" {
		n, err := strconv.Atoi(strings.TrimSuffix(c, ".0"))
		if err != nil || !graph.ValidCredibility(n) {
			bd.bad(file, line, rec, "credibility", "%q: want 1 (confirmed) to 6 (cannot be judged)", c)
		}
		e.Credibility = n
	}
	// linkchart's exports carry the cited sources whole; other files cite
	// source ids, or nothing (then the file itself is the source).
	if c := a.m["cited"]; c != "" {
		var srcs []graph.Source
		if err := json.Unmarshal([]byte(c), &srcs); err != nil {
			bd.bad(file, line, rec, "cited", "want a JSON list of sources: %v", err)
		}
		for _, s := range srcs {
			bd.source(s, at{file, line})
		}
	}
	e.Sources = splitList(a.m["sources"])
	if len(e.Sources) == 0 {
		e.Sources = []string{bd.fileSource(file, tool)}
	}
	e.Props = props(bd, file, line, rec, a, edgeKnown)
	bd.edge(e, at{file, line})
}

// geoOf reads a node's coordinates and their source as text: all empty is
// no geo; a coordinate without the other, or one that is not a number, is
// a problem naming its field (the range and the source are Geo.Check's).
func geoOf(bd *builder, file string, line int, rec, lat, lon, src, latField, lonField string) *graph.Geo {
	lat, lon, src = strings.TrimSpace(lat), strings.TrimSpace(lon), strings.TrimSpace(src)
	if lat == "" && lon == "" && src == "" {
		return nil
	}
	g := &graph.Geo{Source: src}
	var err error
	if g.Lat, err = strconv.ParseFloat(lat, 64); err != nil {
		bd.bad(file, line, rec, latField, "%q: want a latitude in degrees, such as 41.8, beside %s", lat, lonField)
	}
	if g.Lon, err = strconv.ParseFloat(lon, 64); err != nil {
		bd.bad(file, line, rec, lonField, "%q: want a longitude in degrees, such as 129.8, beside %s", lon, latField)
	}
	return g
}

func isDigits(s string) bool {
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return s != ""
}

// props gathers a props JSON attribute and every attribute not read into
// a field.
func props(bd *builder, file string, line int, rec string, a attrs, known []string) map[string]string {
	p := map[string]string{}
	if s := a.m["props"]; s != "" {
		if err := json.Unmarshal([]byte(s), &p); err != nil {
			bd.bad(file, line, rec, "props", "want a JSON object of strings: %v", err)
		}
	}
	for _, k := range a.order {
		if !contains(known, k) && a.m[k] != "" {
			p[k] = a.m[k]
		}
	}
	if len(p) == 0 {
		return nil
	}
	return p
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
