package graph

import (
	"encoding/json"
	"reflect"
	"testing"

	"gopkg.in/yaml.v3"

	"linkchart/internal/everyfield"
)

// TestDatasetEveryField writes records with every field of the model set
// as YAML and as JSON (from the model's tags) and reads them back with the
// dataset decoder: a field the decoder forgets fails here.
func TestDatasetEveryField(t *testing.T) {
	var b Batch
	b.Sources, b.Nodes, b.Edges = make([]Source, 1), make([]Node, 1), make([]Edge, 1)
	for _, p := range []any{&b.Sources[0], &b.Nodes[0], &b.Edges[0]} {
		everyfield.Fill(p)
	}
	y, err := yaml.Marshal(b)
	if err != nil {
		t.Fatal(err)
	}
	j, err := json.Marshal(b)
	if err != nil {
		t.Fatal(err)
	}
	for name, data := range map[string][]byte{"every.yaml": y, "every.json": j} {
		got, _, problems := decodeDataset(name, data)
		if len(problems) > 0 || !reflect.DeepEqual(got, b) {
			t.Errorf("%s: problems %v\n got %+v\nwant %+v", name, problems, got, b)
		}
	}
}
