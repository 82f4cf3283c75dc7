package gen

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"linkchart/graph"
)

// WriteCSV writes b as the CSV pair of DESIGN.md, nodes.csv and edges.csv,
// and the sources the edges cite as sources.csv beside them (header
// graph.SourcesHeader), which linkchart's CSV import reads when present.
// When any node (edge) has props, nodes.csv (edges.csv) gets a trailing
// props column holding them as a JSON object, as graph's CSV reader accepts.
func WriteCSV(dir string, b graph.Batch) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("write csv: %w", err)
	}
	if err := writeFile(filepath.Join(dir, "sources.csv"), graph.SourcesHeader, len(b.Sources), func(i int, row []string) []string {
		s := b.Sources[i]
		return append(row, s.ID, s.Title, s.Publisher, s.Author, string(s.Date), s.URL, string(s.Reliability), s.Note)
	}); err != nil {
		return err
	}
	nodeProps := slices.ContainsFunc(b.Nodes, func(n graph.Node) bool { return len(n.Props) > 0 })
	if err := writeFile(filepath.Join(dir, "nodes.csv"), withProps(graph.NodesHeader, nodeProps), len(b.Nodes), func(i int, row []string) []string {
		n := b.Nodes[i]
		row = append(row, n.ID, string(n.Kind), n.Name, strings.Join(n.Aliases, ";"), n.Summary, string(n.Marking))
		if nodeProps {
			row = append(row, propsJSON(n.Props))
		}
		return row
	}); err != nil {
		return err
	}
	edgeProps := slices.ContainsFunc(b.Edges, func(e graph.Edge) bool { return len(e.Props) > 0 })
	return writeFile(filepath.Join(dir, "edges.csv"), withProps(graph.EdgesHeader, edgeProps), len(b.Edges), func(i int, row []string) []string {
		e := b.Edges[i]
		cred := ""
		if e.Credibility != 0 {
			cred = strconv.Itoa(e.Credibility)
		}
		row = append(row, e.ID, e.From, e.Type, e.To, string(e.Since), string(e.Until), cred, strings.Join(e.Sources, ";"), e.Note, string(e.Marking))
		if edgeProps {
			row = append(row, propsJSON(e.Props))
		}
		return row
	})
}

func withProps(header []string, props bool) []string {
	if !props {
		return header
	}
	return append(slices.Clip(header), "props")
}

// propsJSON writes props as a JSON object (keys sorted), "" for none.
func propsJSON(props map[string]string) string {
	if len(props) == 0 {
		return ""
	}
	b, err := json.Marshal(props)
	if err != nil { // a map of strings always marshals
		panic(err)
	}
	return string(b)
}

func writeFile(path string, header []string, n int, row func(i int, row []string) []string) (err error) {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("write csv: %w", err)
	}
	defer func() {
		if cerr := f.Close(); err == nil && cerr != nil {
			err = fmt.Errorf("write csv %s: %w", path, cerr)
		}
	}()
	bw := bufio.NewWriterSize(f, 1<<20)
	w := csv.NewWriter(bw)
	if err := w.Write(header); err != nil {
		return fmt.Errorf("write csv %s: %w", path, err)
	}
	rec := make([]string, 0, len(header)+1)
	for i := range n {
		if err := w.Write(row(i, rec[:0])); err != nil {
			return fmt.Errorf("write csv %s: %w", path, err)
		}
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return fmt.Errorf("write csv %s: %w", path, err)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write csv %s: %w", path, err)
	}
	return nil
}
