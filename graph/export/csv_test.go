package export

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/csv"
	"io"
	"path/filepath"
	"reflect"
	"testing"

	"linkchart/graph"
	"linkchart/graph/memstore"
)

// unzip reads the CSV export's files by name.
func unzip(t *testing.T, data []byte) map[string][]byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		files[f.Name] = b
	}
	return files
}

// comparable strips what is derived (grades) so a re-imported graph
// compares with the original.
func comparable(g graph.Subgraph) graph.Subgraph {
	g = prepare(g)
	for i := range g.Edges {
		g.Edges[i].Grade = ""
		if len(g.Edges[i].Props) == 0 {
			g.Edges[i].Props = nil
		}
	}
	g.Truncated = false
	return g
}

func TestCSVReimportsLosslessly(t *testing.T) {
	for _, ng := range graphs(t) {
		t.Run(ng.name, func(t *testing.T) {
			g := ng.g
			files := unzip(t, export(t, "csv", g, Options{}))
			for file, header := range map[string][]string{NodesFile: nodesHeader, EdgesFile: edgesHeader, SourcesFile: sourcesHeader} {
				rows, err := csv.NewReader(bytes.NewReader(files[file])).ReadAll()
				if err != nil || len(rows) == 0 {
					t.Fatalf("%s: %v (%d rows)", file, err, len(rows))
				}
				if !reflect.DeepEqual(rows[0], header) {
					t.Errorf("%s header %v, want %v", file, rows[0], header)
				}
			}
			if !reflect.DeepEqual(nodesHeader[:len(graph.NodesHeader)], graph.NodesHeader) ||
				!reflect.DeepEqual(edgesHeader[:len(graph.EdgesHeader)], graph.EdgesHeader) {
				t.Error("DESIGN.md's columns must come first, unchanged")
			}
			b, err := graph.ParseCSVSet(graph.CSVSet{
				NodesName: NodesFile, Nodes: files[NodesFile],
				EdgesName: EdgesFile, Edges: files[EdgesFile],
				SourcesName: SourcesFile, Sources: files[SourcesFile],
			}, false)
			if err != nil {
				t.Fatalf("ParseCSVSet: %v", err)
			}
			got := comparable(graph.Subgraph{Nodes: b.Nodes, Edges: b.Edges, Sources: b.Sources})
			want := comparable(g)
			if !reflect.DeepEqual(got, want) {
				t.Errorf("re-imported graph differs:\n got %+v\nwant %+v", got, want)
			}

			// And into an empty store: the same graph comes back out.
			st, err := memstore.Open(filepath.Join(t.TempDir(), "store.db"))
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			ctx := context.Background()
			if err := st.Upsert(ctx, b); err != nil {
				t.Fatalf("Upsert: %v", err)
			}
			var ids []string
			for _, n := range g.Nodes {
				ids = append(ids, n.ID)
			}
			out, err := st.Subgraph(ctx, ids, graph.Red)
			if err != nil {
				t.Fatalf("Subgraph: %v", err)
			}
			if got := comparable(out); !reflect.DeepEqual(got, want) {
				t.Errorf("store gives back a different graph:\n got %+v\nwant %+v", got, want)
			}
		})
	}
}
