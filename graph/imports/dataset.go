package imports

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"linkchart/graph"
)

// readDatasets reads linkchart's own YAML or JSON dataset, or the view that
// `linkchart export --format json` writes (nodes, edges, sources), one file.
func readDatasets(files []File, opt Options) (graph.Batch, error) {
	if len(files) != 1 {
		return graph.Batch{}, fmt.Errorf("import: give one YAML or JSON file at a time (got %d)", len(files))
	}
	f := files[0]
	name := f.Name
	if strings.HasSuffix(strings.ToLower(name), ".json") || FormatOf(name) == "" && opt.Format == "json" {
		var top map[string]json.RawMessage
		if json.Unmarshal(f.Data, &top) == nil && top["nodes"] != nil && top["entities"] == nil {
			return readView(f, opt)
		}
		if !strings.HasSuffix(strings.ToLower(name), ".json") {
			name += ".json"
		}
	}
	return graph.ParseDataset(name, f.Data)
}

// readView reads a json export (graph.Subgraph plus title and positions).
func readView(f File, opt Options) (graph.Batch, error) {
	var v graph.Subgraph
	dec := json.NewDecoder(bytes.NewReader(f.Data))
	if err := dec.Decode(&v); err != nil {
		return graph.Batch{}, &graph.ValidationError{Problems: []graph.Problem{{File: f.Name, Message: "not a linkchart JSON export: " + err.Error()}}}
	}
	bd := newBuilder()
	for _, s := range v.Sources {
		bd.source(s, at{file: f.Name})
	}
	for _, n := range v.Nodes {
		bd.node(n, at{file: f.Name})
	}
	for _, e := range v.Edges {
		e.Grade = ""
		bd.edge(e, at{file: f.Name})
	}
	return bd.finish(opt)
}

// readLinkchartCSV reads linkchart's own CSV files (nodes*.csv, edges*.csv,
// sources*.csv, as graph.Load knows them by name).
func readLinkchartCSV(files []File, opt Options) (graph.Batch, error) {
	var set graph.CSVSet
	files, err := unzip(files)
	if err != nil {
		return graph.Batch{}, err
	}
	for _, f := range files {
		base := strings.ToLower(filepath.Base(f.Name))
		switch {
		case strings.HasPrefix(base, "nodes"):
			set.NodesName, set.Nodes = f.Name, f.Data
		case strings.HasPrefix(base, "edges"):
			set.EdgesName, set.Edges = f.Name, f.Data
		case strings.HasPrefix(base, "sources"):
			set.SourcesName, set.Sources = f.Name, f.Data
		default:
			return graph.Batch{}, fileProblem(f.Name, "a CSV without a mapping must be named nodes*.csv, edges*.csv or sources*.csv (or give --map)")
		}
	}
	return graph.ParseCSVSet(set, opt.AllowUnsourced)
}

// unzip replaces a zip (linkchart's csv export) by the files inside.
func unzip(files []File) ([]File, error) {
	var out []File
	for _, f := range files {
		if !bytes.HasPrefix(f.Data, []byte("PK\x03\x04")) {
			out = append(out, f)
			continue
		}
		zr, err := zip.NewReader(bytes.NewReader(f.Data), int64(len(f.Data)))
		if err != nil {
			return nil, fmt.Errorf("import %s: not a readable zip: %w", f.Name, err)
		}
		for _, zf := range zr.File {
			rc, err := zf.Open()
			if err != nil {
				return nil, fmt.Errorf("import %s: %s: %w", f.Name, zf.Name, err)
			}
			data, err := io.ReadAll(io.LimitReader(rc, 1<<30))
			rc.Close()
			if err != nil {
				return nil, fmt.Errorf("import %s: %s: %w", f.Name, zf.Name, err)
			}
			out = append(out, File{Name: f.Name + "/" + zf.Name, Data: data})
		}
	}
	return out, nil
}
