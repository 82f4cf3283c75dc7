package export

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"linkchart/graph"
)

// DOTString quotes s as a DOT double-quoted string. Quotes and backslashes
// are escaped (a backslash would otherwise start a label escape such as \N),
// "&" is written as "&amp;" (Graphviz reads entities such as &lt; in
// labels), line breaks become \n, other control characters become spaces.
func DOTString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"':
			b.WriteString(`\"`)
		case r == '\\':
			b.WriteString(`\\`)
		case r == '&':
			b.WriteString("&amp;")
		case r == '\n':
			b.WriteString(`\n`)
		case r < 0x20 || r == 0x7f:
			b.WriteByte(' ') // DOT has no escape for other control characters
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// kindStyle is how a kind looks in DOT (and so in the brief's picture).
var kindStyle = map[graph.Kind]struct{ shape, fill string }{
	graph.Person:       {"ellipse", "#dbeafe"},
	graph.Unit:         {"box", "#dcfce7"},
	graph.Organization: {"box", "#fef9c3"},
	graph.State:        {"doubleoctagon", "#fee2e2"},
	graph.WeaponSystem: {"hexagon", "#e9d5ff"},
	graph.Place:        {"house", "#f3f4f6"},
	graph.Event:        {"note", "#ffedd5"},
}

// markingColor is the TLP 2.0 colour of a marking, for borders.
var markingColor = map[graph.Marking]string{
	graph.Clear: "#444444",
	graph.Green: "#33a02c",
	graph.Amber: "#ffc000",
	graph.Red:   "#ff2b2b",
}

// dateRange writes "since – until" with open ends as "…".
func dateRange(since, until graph.Date) string {
	if since == "" && until == "" {
		return ""
	}
	s, u := string(since), string(until)
	if s == "" {
		s = "…"
	}
	if u == "" {
		u = "…"
	}
	return s + " – " + u
}

// denseEdges is the edge count above which DOT edge labels carry the type
// only (dates and grades stay in the attributes and the briefs' tables), so
// large pictures stay legible.
const denseEdges = 40

func edgeLabel(e graph.Edge) string {
	l := e.Type
	if d := dateRange(e.Since, e.Until); d != "" {
		l += "\n" + d
	}
	return l + " · " + e.Grade
}

// writeDOT writes g as a Graphviz digraph laid out left to right, so command
// chains read as a hierarchy.
func writeDOT(w io.Writer, g graph.Subgraph, opt Options) error {
	if err := checkEnds(g); err != nil {
		return err
	}
	banner := Banner(g)
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "// %s\n", banner)
	fmt.Fprintf(bw, "digraph linkchart {\n")
	fmt.Fprintf(bw, "  graph [rankdir=LR, label=%s, labelloc=t, fontname=\"Helvetica\", fontsize=14, nodesep=0.25, ranksep=0.5];\n",
		DOTString(string(banner)+"\n"+title(opt)))
	fmt.Fprintf(bw, "  node [style=filled, fontname=\"Helvetica\", fontsize=12, penwidth=1.5];\n")
	fmt.Fprintf(bw, "  edge [fontname=\"Helvetica\", fontsize=9, color=\"#555555\"];\n")
	for _, n := range g.Nodes {
		st, ok := kindStyle[n.Kind]
		if !ok {
			st = kindStyle[graph.Organization]
		}
		label := n.Name + "\n" + string(n.Kind)
		if n.Marking != graph.Clear {
			label += " · " + string(n.Marking)
		}
		fmt.Fprintf(bw, "  %s [label=%s, shape=%s, fillcolor=%s, color=%s, tooltip=%s];\n",
			DOTString(n.ID), DOTString(label), st.shape, DOTString(st.fill),
			DOTString(markingColor[n.Marking]), DOTString(n.Summary))
	}
	for _, e := range g.Edges {
		label := edgeLabel(e)
		if len(g.Edges) > denseEdges {
			label = e.Type
		}
		attrs := fmt.Sprintf("label=%s, id=%s, tooltip=%s", DOTString(label), DOTString(e.ID), DOTString(edgeLabel(e)))
		if e.Marking != graph.Clear {
			attrs += fmt.Sprintf(", color=%s, fontcolor=%s", DOTString(markingColor[e.Marking]), DOTString(markingColor[e.Marking]))
		}
		if graph.IsOversight(e.Type) || e.Type == graph.PartOf {
			attrs += ", penwidth=1.6"
		} else {
			attrs += ", style=dashed"
		}
		fmt.Fprintf(bw, "  %s -> %s [%s];\n", DOTString(e.From), DOTString(e.To), attrs)
	}
	fmt.Fprintf(bw, "}\n// %s\n", banner)
	return bw.Flush()
}
