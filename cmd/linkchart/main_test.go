package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"linkchart/graph"
)

// linkchart runs the command in-process and returns its exit code and output.
// NEO4J_URI is cleared so that the commands use the embedded store named
// by --db whatever the environment (the test command sets NEO4J_URI).
func linkchart(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	t.Setenv("NEO4J_URI", "")
	var out, errb bytes.Buffer
	code := run(context.Background(), args, &out, &errb)
	return code, out.String(), errb.String()
}

func TestValidateNamesEveryProblemAndImportWritesNothing(t *testing.T) {
	code, _, stderr := linkchart(t, "validate", "testdata/nine-problems.yaml")
	if code == 0 {
		t.Fatal("validate of a bad file exited 0")
	}
	for _, want := range []string{
		"nine-problems.yaml:7: entities[0]: id:",
		"nine-problems.yaml:11: entities[1]: kind: unknown kind",
		"nine-problems.yaml:16: entities[3]: id: duplicate",
		"nine-problems.yaml:23: relations[0]: to: no entity",
		"nine-problems.yaml:26: relations[1]: type:",
		"nine-problems.yaml:34: relations[2]: since:",
		"nine-problems.yaml:40: credibility:",
		"nine-problems.yaml:46: relations[4]: sources: unknown source",
		"nine-problems.yaml:47: relations[5]: sources: a relation must cite",
	} {
		if !strings.Contains(stderr, want) {
			t.Errorf("validate output lacks %q:\n%s", want, stderr)
		}
	}

	db := filepath.Join(t.TempDir(), "x.db")
	if code, _, _ := linkchart(t, "import", "--db", db, "--batch", "1", "testdata/nine-problems.yaml"); code == 0 {
		t.Fatal("import of a bad file exited 0")
	}
	if _, err := os.Stat(db); err == nil {
		// The store may have been created; it must hold nothing.
		code, out, stderr := linkchart(t, "export", "--db", db, "--seed", "kim", "--format", "json")
		if code == 0 {
			t.Errorf("export after a failed import found something: %s", out)
		}
		if !strings.Contains(stderr, "not found") {
			t.Errorf("want not found, got %s", stderr)
		}
	}
}

// TestImportExportRoundTrip imports in one transaction and in batches of
// two records (sources and nodes first, then edges).
func TestImportExportRoundTrip(t *testing.T) {
	for _, tt := range []struct {
		name  string
		flags []string
	}{
		{"one transaction", nil},
		{"batches of 2", []string{"--batch", "2"}},
	} {
		t.Run(tt.name, func(t *testing.T) { roundTrip(t, tt.flags) })
	}
}

func roundTrip(t *testing.T, importFlags []string) {
	db := filepath.Join(t.TempDir(), "x.db")
	args := append(append([]string{"import", "--db", db}, importFlags...), "testdata/roundtrip.yaml")
	if code, _, stderr := linkchart(t, args...); code != 0 {
		t.Fatalf("import: %s", stderr)
	}
	out := filepath.Join(t.TempDir(), "out.json")
	if code, _, stderr := linkchart(t, "export", "--db", db, "--seed", "Kim Young-bok", "--depth", "2", "--format", "json", "--clearance", "red", "-o", out); code != 0 {
		t.Fatalf("export: %s", stderr)
	}
	raw, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	var got graph.Subgraph
	if err := json.Unmarshal(raw, &got); err != nil {
		t.Fatalf("export is not the subgraph shape: %v", err)
	}
	want, err := graph.LoadFiles("testdata/roundtrip.yaml")
	if err != nil {
		t.Fatal(err)
	}
	wantG := graph.Subgraph{Nodes: want.Nodes, Edges: want.Edges}
	for _, s := range want.Sources {
		if s.ID != "uncited" { // an answer lists only the sources its edges cite
			wantG.Sources = append(wantG.Sources, s)
		}
	}
	wantG.Sort()
	for i := range got.Edges {
		got.Edges[i].Grade = ""
	}
	if !reflect.DeepEqual(got.Nodes, wantG.Nodes) {
		t.Errorf("nodes differ:\n got %+v\nwant %+v", got.Nodes, wantG.Nodes)
	}
	if !reflect.DeepEqual(got.Edges, wantG.Edges) {
		t.Errorf("edges differ:\n got %+v\nwant %+v", got.Edges, wantG.Edges)
	}
	if !reflect.DeepEqual(got.Sources, wantG.Sources) {
		t.Errorf("sources differ:\n got %+v\nwant %+v", got.Sources, wantG.Sources)
	}

	// At the default clearance the red unit and the edge to it are gone.
	code, stdout, stderr := linkchart(t, "export", "--db", db, "--seed", "kim-yong-bok", "--depth", "2", "--format", "json")
	if code != 0 {
		t.Fatalf("export: %s", stderr)
	}
	if strings.Contains(stdout, "secret-unit") || strings.Contains(stdout, "kyb-secret") {
		t.Errorf("a TLP:RED record leaked into a TLP:CLEAR export")
	}
}

func TestUsageErrors(t *testing.T) {
	tests := []struct {
		args []string
		code int
	}{
		{nil, 2},
		{[]string{"frobnicate"}, 2},
		{[]string{"validate"}, 2},
		{[]string{"export", "--depth", "9", "--seed", "x"}, 2},
		{[]string{"export", "--seed", "x", "--format", "xlsx"}, 2},
		{[]string{"gen"}, 2},
		{[]string{"import", "--batch", "-1", "testdata/roundtrip.yaml"}, 2},
	}
	for _, tt := range tests {
		if code, _, _ := linkchart(t, tt.args...); code != tt.code {
			t.Errorf("linkchart %v exited %d, want %d", tt.args, code, tt.code)
		}
	}
}
