package export

import (
	"archive/zip"
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"

	"linkchart/graph"
)

// The CSV export's headers: DESIGN.md's CSV pair (graph.NodesHeader,
// graph.EdgesHeader), each with one extra trailing column "props" (a JSON
// object, empty when there are none), and sources.csv (graph.SourcesHeader)
// so citations survive the round trip through graph.ParseCSVSet.
var (
	nodesHeader   = append(append([]string(nil), graph.NodesHeader...), "props", "lat", "lon", "geo_source")
	edgesHeader   = append(append([]string(nil), graph.EdgesHeader...), "props")
	sourcesHeader = graph.SourcesHeader
)

// The file names inside the CSV zip.
const (
	NodesFile   = "nodes.csv"
	EdgesFile   = "edges.csv"
	SourcesFile = "sources.csv"
)

func writeCSV(w io.Writer, g graph.Subgraph, opt Options) error {
	zw := zip.NewWriter(w)
	if err := zw.SetComment(fmt.Sprintf("%s: %s, linkchart export %s%s",
		Banner(g), title(opt), opt.Generated.UTC().Format("2006-01-02T15:04:05Z"), revisionNote(opt))); err != nil {
		return err
	}
	nodes := [][]string{nodesHeader}
	for _, n := range g.Nodes {
		nodes = append(nodes, []string{n.ID, string(n.Kind), n.Name, strings.Join(n.Aliases, ";"),
			n.Summary, string(n.Marking), propsJSON(n.Props), "", "", ""})
		if n.Geo != nil {
			row := nodes[len(nodes)-1]
			row[7], row[8], row[9] = strconv.FormatFloat(n.Geo.Lat, 'g', -1, 64), strconv.FormatFloat(n.Geo.Lon, 'g', -1, 64), n.Geo.Source
		}
	}
	edges := [][]string{edgesHeader}
	for _, e := range g.Edges {
		edges = append(edges, []string{e.ID, e.From, e.Type, e.To, string(e.Since), string(e.Until),
			strconv.Itoa(e.Credibility), strings.Join(e.Sources, ";"), e.Note, string(e.Marking), propsJSON(e.Props)})
	}
	sources := [][]string{sourcesHeader}
	for _, s := range g.Sources {
		sources = append(sources, []string{s.ID, s.Title, s.Publisher, s.Author, string(s.Date), s.URL,
			string(s.Reliability), s.Note})
	}
	for _, f := range []struct {
		name string
		rows [][]string
	}{{NodesFile, nodes}, {EdgesFile, edges}, {SourcesFile, sources}} {
		fw, err := zw.CreateHeader(&zip.FileHeader{Name: f.name, Method: zip.Deflate, Modified: opt.Generated})
		if err != nil {
			return fmt.Errorf("%s: %w", f.name, err)
		}
		cw := csv.NewWriter(fw)
		if err := cw.WriteAll(f.rows); err != nil {
			return fmt.Errorf("%s: %w", f.name, err)
		}
	}
	return zw.Close()
}

// revisionNote is ", revision N" for an export read at a known revision.
func revisionNote(opt Options) string {
	if opt.Revision <= 0 {
		return ""
	}
	return fmt.Sprintf(", revision %d", opt.Revision)
}
