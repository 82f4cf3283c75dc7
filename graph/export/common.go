package export

import (
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"

	"linkchart/graph"
)

// propsJSON writes a props map as a JSON object with sorted keys, or "" when
// it is empty.
func propsJSON(p map[string]string) string {
	if len(p) == 0 {
		return ""
	}
	b, err := json.Marshal(p) // encoding/json sorts map keys
	if err != nil {
		return ""
	}
	return string(b)
}

// citation formats a source as "title (publisher, date) url".
func citation(s graph.Source) string {
	var meta []string
	for _, v := range []string{s.Publisher, string(s.Date)} {
		if v != "" {
			meta = append(meta, v)
		}
	}
	c := s.Title
	if c == "" {
		c = s.ID
	}
	if len(meta) > 0 {
		c += " (" + strings.Join(meta, ", ") + ")"
	}
	if s.URL != "" {
		c += " " + s.URL
	}
	return c
}

// citedJSON writes the sources an edge cites whole, as a JSON list, so
// that an import of the file gets them back (graph/imports).
func citedJSON(e graph.Edge, srcs map[string]graph.Source) string {
	var cited []graph.Source
	for _, id := range e.Sources {
		if s, ok := srcs[id]; ok {
			cited = append(cited, s)
		}
	}
	if len(cited) == 0 {
		return ""
	}
	b, err := json.Marshal(cited)
	if err != nil {
		return ""
	}
	return string(b)
}

// sourceIndex maps source ids to sources.
func sourceIndex(g graph.Subgraph) map[string]graph.Source {
	m := make(map[string]graph.Source, len(g.Sources))
	for _, s := range g.Sources {
		m[s.ID] = s
	}
	return m
}

// nodeIndex maps node ids to nodes.
func nodeIndex(g graph.Subgraph) map[string]graph.Node {
	m := make(map[string]graph.Node, len(g.Nodes))
	for _, n := range g.Nodes {
		m[n.ID] = n
	}
	return m
}

// citations lists the citations of an edge's sources, in the edge's order;
// a source missing from the subgraph is cited by its id.
func citations(e graph.Edge, srcs map[string]graph.Source) []string {
	out := make([]string, 0, len(e.Sources))
	for _, id := range e.Sources {
		if s, ok := srcs[id]; ok {
			out = append(out, citation(s))
		} else {
			out = append(out, id)
		}
	}
	return out
}

// sortedKeys returns the keys of m in order.
func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// checkEnds reports an edge whose end is not a node of g: every format
// needs both ends.
func checkEnds(g graph.Subgraph) error {
	ids := nodeIndex(g)
	for _, e := range g.Edges {
		for _, end := range []string{e.From, e.To} {
			if _, ok := ids[end]; !ok {
				return fmt.Errorf("edge %q: end %q is not in the subgraph", e.ID, end)
			}
		}
	}
	return nil
}

// xmlAttr is one attribute the XML formats (GEXF, GraphML) write for a node
// or an edge: its key, without a format's prefix, and its value.
type xmlAttr struct{ key, value string }

// nodeAttrs lists a node's attributes in the order the XML formats write
// them; withLabel adds a "label" (the name) after the name.
func nodeAttrs(n graph.Node, withLabel bool) []xmlAttr {
	a := []xmlAttr{{"kind", string(n.Kind)}, {"name", n.Name}}
	if withLabel {
		a = append(a, xmlAttr{"label", n.Name})
	}
	a = append(a,
		xmlAttr{"aliases", strings.Join(n.Aliases, "; ")},
		xmlAttr{"summary", n.Summary},
		xmlAttr{"marking", string(n.Marking)},
		xmlAttr{"props", propsJSON(n.Props)},
	)
	if n.Geo != nil {
		a = append(a, xmlAttr{"lat", geoFloat(n.Geo.Lat)}, xmlAttr{"lon", geoFloat(n.Geo.Lon)}, xmlAttr{"geo_source", n.Geo.Source})
	}
	return a
}

// edgeAttrs lists an edge's attributes in the order the XML formats write
// them; withLabel adds a "label" (the type) after the type.
func edgeAttrs(e graph.Edge, srcs map[string]graph.Source, withLabel bool) []xmlAttr {
	a := []xmlAttr{{"type", e.Type}}
	if withLabel {
		a = append(a, xmlAttr{"label", e.Type})
	}
	return append(a,
		xmlAttr{"since", string(e.Since)},
		xmlAttr{"until", string(e.Until)},
		xmlAttr{"credibility", strconv.Itoa(e.Credibility)},
		xmlAttr{"grade", e.Grade},
		xmlAttr{"sources", strings.Join(e.Sources, "; ")},
		xmlAttr{"citations", strings.Join(citations(e, srcs), "\n")},
		xmlAttr{"cited", citedJSON(e, srcs)},
		xmlAttr{"note", e.Note},
		xmlAttr{"marking", string(e.Marking)},
		xmlAttr{"props", propsJSON(e.Props)},
	)
}

// writeXML writes doc as an indented XML document with its header.
func writeXML(w io.Writer, doc any) error {
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

// geoFloat writes a coordinate in the fewest digits that read back exactly.
func geoFloat(f float64) string { return strconv.FormatFloat(f, 'g', -1, 64) }
