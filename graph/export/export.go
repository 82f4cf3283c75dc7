// Package export writes a subgraph in the analyst formats linkchart offers:
// JSON (reopenable view), GraphML, GEXF, a CSV zip, a Cypher MERGE script, a
// STIX 2.1 bundle, Graphviz DOT, and Markdown, HTML and PDF briefs.
//
// The subgraph handed to Write is already filtered for the caller's
// clearance; every format that has a place for it carries the banner, the
// highest marking inside (graph.Marking.Max over nodes and edges).
//
// Formats, one file each:
//
//   - json: the subgraph answer shape plus title, marking, generated and
//     the layout positions, so a view can be reopened.
//   - graphml: keys for every node and edge field; lists joined with "; ",
//     props as a JSON object, citations one per line, and the cited sources
//     whole as JSON ("cited", read back by graph/imports).
//   - gexf: GEXF 1.3 with the same attributes, edge start/end from
//     since/until (partial dates expanded to first/last day),
//     mode="dynamic" timeformat="date" when any edge is dated.
//   - csv: a zip of nodes.csv and edges.csv with DESIGN.md's headers plus a
//     trailing props column (JSON), and sources.csv; graph.ParseCSVSet reads
//     it back losslessly (aliases must not contain ";").
//   - cypher: constraints then one MERGE per line, literals escaped by
//     CypherString, the model of graph/neo4jstore with typed relationships.
//   - stix: a STIX 2.1 bundle, mapping in STIX.md.
//   - dot: Graphviz, left to right.
//   - markdown, html, pdf: briefs with the same sections (brief.go): banner
//     top and bottom (of every page in print and PDF), a cover with title,
//     author, date, product number and the TLP distribution rule, summary
//     and key judgments, the chart at the page's positions (chart.go), the
//     answers on screen, entities by kind, relations by entity then date
//     with numbered citations, and the numbered sources; the map
//     (briefmap.go) and time bar (brieftime.go) when they carry anything,
//     and the key entities of the analysis on screen. markdown is a zip of
//     brief.md and its SVG pictures (chart, map, timeline); html is
//     self-contained and prints like the pdf; pdf is written with gopdf in
//     embedded subset fonts (fonts.go).
//   - geojson: an RFC 7946 FeatureCollection, a Point per located node and
//     a LineString per relation between two located nodes (Locate says
//     where a node without geo of its own is put).
package export

import (
	"errors"
	"fmt"
	"io"
	"time"

	"linkchart/graph"
)

// ErrUnknownFormat is wrapped by the error Write returns for a format that
// is not one of Formats.
var ErrUnknownFormat = errors.New("unknown export format")

// Formats lists the export formats in the order the page offers them.
var Formats = []string{"json", "graphml", "gexf", "csv", "cypher", "stix", "dot", "markdown", "html", "pdf", "geojson"}

// Point is a layout position of a node, as the page sends it.
type Point struct {
	X float64 `json:"x"`
	Y float64 `json:"y"`
}

// Options tune an export.
type Options struct {
	// Title names the export (brief headings, GEXF description). Empty means
	// a default title.
	Title string
	// Positions are layout positions by node id, kept by the json export so
	// a view can be reopened, and used by GEXF viz positions.
	Positions map[string]Point
	// Generated is the export time; the zero time means time.Now().UTC().
	Generated time.Time
	// Revision is the store's history revision the export was read at
	// (graph.Historian); 0 means unknown and is not printed.
	Revision int64

	// The briefs' own parts (markdown, html, pdf), as the analyst typed
	// them in the export dialog: all optional.
	Author       string
	Summary      string
	KeyJudgments []string
	// Product is the product number printed on the cover; 0 means none.
	Product int
	// Answers are the answers on screen when the view came from a question.
	Answers *Answers
	// Paper is the PDF's page size: "a4" (the default) or "letter".
	Paper string
	// AsOf and Window are the time the view is looked at; the briefs' time
	// bar shades them.
	AsOf   graph.Date
	Window graph.Window
	// Analysis is the network analysis on screen; the briefs list its key
	// entities.
	Analysis *Analysis
	// Notes are the analyst's notes on the chart; the briefs list those on
	// the canvas or on an entity or relation the export holds.
	Notes []Note
}

// Note is a note on the chart: on an entity or relation id, or on the
// canvas (On empty).
type Note struct {
	On, Text string
}

// Analysis is a centrality measure's scores and the communities, by node
// id, as the page's analysis panel shows them.
type Analysis struct {
	Measure     string
	Scores      map[string]float64
	Communities map[string]int
}

// Answers are the answers of a paths or oversight question, as the page
// shows them: each with its path, whose hops are the evidence.
type Answers struct {
	// Question is the question as the page puts it ("Who oversaw the 11th Corps?").
	Question string   `json:"question"`
	Items    []Answer `json:"items"`
}

// Answer is one answer: its label and its path (node and edge ids).
type Answer struct {
	Label string   `json:"label"`
	Nodes []string `json:"nodes"`
	Edges []string `json:"edges"`
}

type format struct {
	contentType string
	extension   string
	write       func(w io.Writer, g graph.Subgraph, opt Options) error
}

var formats = map[string]format{
	"json":     {"application/json", "json", writeJSON},
	"graphml":  {"application/graphml+xml", "graphml", writeGraphML},
	"gexf":     {"application/gexf+xml", "gexf", writeGEXF},
	"csv":      {"application/zip", "zip", writeCSV},
	"cypher":   {"application/x-cypher-query; charset=utf-8", "cypher", writeCypher},
	"stix":     {"application/stix+json;version=2.1", "stix.json", writeSTIX},
	"dot":      {"text/vnd.graphviz; charset=utf-8", "dot", writeDOT},
	"markdown": {"application/zip", "md.zip", writeMarkdown},
	"html":     {"text/html; charset=utf-8", "html", writeHTML},
	"pdf":      {"application/pdf", "pdf", writePDF},
	"geojson":  {"application/geo+json", "geojson", writeGeoJSON},
}

// ContentType is the MIME type of a format, or "" when it is unknown.
func ContentType(format string) string { return formats[format].contentType }

// Extension is the file name extension (without the leading dot) of a
// format, or "" when it is unknown. STIX bundles are "stix.json", so they
// do not look like the json view.
func Extension(format string) string { return formats[format].extension }

// Write writes g to w in the named format. An unknown format gives an error
// wrapping ErrUnknownFormat.
func Write(w io.Writer, format string, g graph.Subgraph, opt Options) error {
	f, ok := formats[format]
	if !ok {
		return fmt.Errorf("export %q: %w", format, ErrUnknownFormat)
	}
	if opt.Generated.IsZero() {
		opt.Generated = time.Now().UTC()
	}
	g = prepare(g)
	if err := checkMarkings(g); err != nil {
		return fmt.Errorf("export %s: %w", format, err)
	}
	if err := f.write(w, g, opt); err != nil {
		return fmt.Errorf("export %s: %w", format, err)
	}
	return nil
}

// prepare copies g with defaults filled in and everything sorted by id, so
// every format sees the same normalized shape and output is deterministic.
func prepare(g graph.Subgraph) graph.Subgraph {
	out := graph.Subgraph{Truncated: g.Truncated}
	out.Nodes = append([]graph.Node(nil), g.Nodes...)
	out.Edges = append([]graph.Edge(nil), g.Edges...)
	out.Sources = append([]graph.Source(nil), g.Sources...)
	for i := range out.Nodes {
		out.Nodes[i].Normalize()
	}
	srcs := make(map[string]graph.Source, len(out.Sources))
	for i := range out.Sources {
		out.Sources[i].Normalize()
		srcs[out.Sources[i].ID] = out.Sources[i]
	}
	for i := range out.Edges {
		out.Edges[i].Normalize()
		if out.Edges[i].Grade == "" {
			out.Edges[i].Grade = graph.GradeOf(out.Edges[i].Credibility, out.Edges[i].Sources, srcs).String()
		}
	}
	out.Sort()
	return out
}

// checkMarkings refuses a record whose marking is not a TLP marking: the
// banner could not account for it.
func checkMarkings(g graph.Subgraph) error {
	for _, n := range g.Nodes {
		if !n.Marking.Valid() {
			return fmt.Errorf("node %q: marking %q is not a TLP marking", n.ID, n.Marking)
		}
	}
	for _, e := range g.Edges {
		if !e.Marking.Valid() {
			return fmt.Errorf("edge %q: marking %q is not a TLP marking", e.ID, e.Marking)
		}
	}
	return nil
}

// Banner is the highest marking inside g: over its nodes and edges.
func Banner(g graph.Subgraph) graph.Marking {
	m := graph.Clear
	for _, n := range g.Nodes {
		m = m.Max(n.Marking)
	}
	for _, e := range g.Edges {
		m = m.Max(e.Marking)
	}
	return m
}

func title(opt Options) string {
	if opt.Title != "" {
		return opt.Title
	}
	return "linkchart export"
}
