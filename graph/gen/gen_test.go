package gen

import (
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"linkchart/graph"
)

func TestGenerate(t *testing.T) {
	tests := []struct{ nodes, edges int }{
		{10, 20},
		{1000, 5000},
		{20000, 100000},
	}
	for _, tt := range tests {
		b := Generate(tt.nodes, tt.edges, 42)
		if len(b.Nodes) != tt.nodes || len(b.Edges) != tt.edges {
			t.Fatalf("Generate(%d, %d): %d nodes, %d edges", tt.nodes, tt.edges, len(b.Nodes), len(b.Edges))
		}
		if err := graph.CheckBatch(b, nil, nil); err != nil {
			t.Fatalf("Generate(%d, %d) does not check: %v", tt.nodes, tt.edges, err)
		}
		kinds := map[graph.Kind]int{}
		for _, n := range b.Nodes {
			kinds[n.Kind]++
		}
		if len(kinds) != len(graph.Kinds) {
			t.Errorf("Generate(%d, %d): kinds %v, want all seven", tt.nodes, tt.edges, kinds)
		}
		if !reflect.DeepEqual(b, Generate(tt.nodes, tt.edges, 42)) {
			t.Errorf("Generate(%d, %d) is not deterministic", tt.nodes, tt.edges)
		}
	}
}

func TestGenerateShape(t *testing.T) {
	b := Generate(20000, 100000, 1)
	deg := map[string]int{}
	marked, typed := 0, map[string]bool{}
	for _, e := range b.Edges {
		deg[e.From]++
		deg[e.To]++
		typed[e.Type] = true
		if e.Marking != graph.Clear {
			marked++
		}
	}
	top := 0
	for _, d := range deg {
		top = max(top, d)
	}
	// A power law: the biggest hub has far more than the mean degree (10).
	if top < 500 {
		t.Errorf("largest degree %d, want a hub above 500", top)
	}
	if share := float64(marked) / float64(len(b.Edges)); share < 0.03 || share > 0.10 {
		t.Errorf("marked share %.3f, want about 0.06", share)
	}
	if len(typed) < 15 {
		t.Errorf("%d relation types, want most of the vocabulary", len(typed))
	}
	names := map[string]int{}
	for _, n := range b.Nodes {
		names[n.Name]++
	}
	if len(names) == len(b.Nodes) {
		t.Error("no duplicate names; search should meet some")
	}
}

func TestWriteCSVRoundTrip(t *testing.T) {
	b := Generate(500, 2000, 7)
	dir := t.TempDir()
	if err := WriteCSV(dir, b); err != nil {
		t.Fatal(err)
	}
	read := func(name string) []byte {
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		return data
	}
	got, err := graph.ParseCSVSet(graph.CSVSet{
		NodesName: "nodes.csv", Nodes: read("nodes.csv"),
		EdgesName: "edges.csv", Edges: read("edges.csv"),
		SourcesName: "sources.csv", Sources: read("sources.csv"),
	}, false)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Nodes) != len(b.Nodes) || len(got.Edges) != len(b.Edges) || len(got.Sources) != len(b.Sources) {
		t.Fatalf("read back %d/%d/%d records, wrote %d/%d/%d", len(got.Nodes), len(got.Edges), len(got.Sources), len(b.Nodes), len(b.Edges), len(b.Sources))
	}
	for i, e := range got.Edges {
		w := b.Edges[i]
		if e.ID != w.ID || e.From != w.From || e.To != w.To || e.Type != w.Type || e.Since != w.Since ||
			e.Until != w.Until || e.Credibility != w.Credibility || !reflect.DeepEqual(e.Sources, w.Sources) || e.Marking != w.Marking {
			t.Fatalf("edge %d: read %+v, wrote %+v", i, e, w)
		}
	}
	for i, n := range got.Nodes {
		w := b.Nodes[i]
		if n.ID != w.ID || n.Name != w.Name || n.Kind != w.Kind || len(n.Aliases) != len(w.Aliases) || !maps.Equal(n.Props, w.Props) {
			t.Fatalf("node %d: read %+v, wrote %+v", i, n, w)
		}
	}
}

func BenchmarkGenerate(b *testing.B) {
	for b.Loop() {
		Generate(100000, 1000000, 1)
	}
}
