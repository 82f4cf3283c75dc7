package export

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"linkchart/data"
	"linkchart/graph"
)

// generated is the fixed export time of the tests.
var generated = time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)

// inCI reports whether the tests run in CI, where a missing consumer
// (python module, Neo4j, Chromium) is a failure, never a skip.
func inCI() bool { return os.Getenv("CI") == "true" }

// unavailable skips locally and fails in CI.
func unavailable(t *testing.T, format string, args ...any) {
	t.Helper()
	if inCI() {
		t.Fatalf("CI=true but "+format, args...)
	}
	t.Skipf(format, args...)
}

// fixture loads a subgraph from testdata, normalized as Write sees it.
func fixture(t *testing.T, name string) graph.Subgraph {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	var g graph.Subgraph
	if err := json.Unmarshal(b, &g); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return prepare(g)
}

// export writes g in format and returns the bytes.
func export(t *testing.T, format string, g graph.Subgraph, opt Options) []byte {
	t.Helper()
	if opt.Generated.IsZero() {
		opt.Generated = generated
	}
	var buf bytes.Buffer
	if err := Write(&buf, format, g, opt); err != nil {
		t.Fatalf("Write %s: %v", format, err)
	}
	return buf.Bytes()
}

// writeTemp writes data to a file in a test temp dir.
func writeTemp(t *testing.T, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// python runs testdata/read_export.py on an export and decodes its JSON.
func python(t *testing.T, format, path string, out any) {
	t.Helper()
	py, err := exec.LookPath("python3")
	if err != nil {
		unavailable(t, "python3 not found")
	}
	cmd := exec.Command(py, filepath.Join("testdata", "read_export.py"), format, path)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	stdout, err := cmd.Output()
	var exit *exec.ExitError
	if errors.As(err, &exit) && exit.ExitCode() == 3 {
		unavailable(t, "%s (pip install -r requirements-test.txt)", bytes.TrimSpace(stderr.Bytes()))
	}
	if err != nil {
		t.Fatalf("read_export.py %s: %v\n%s", format, err, stderr.String())
	}
	if err := json.Unmarshal(stdout, out); err != nil {
		t.Fatalf("read_export.py %s output: %v\n%s", format, err, stdout)
	}
}

type namedGraph struct {
	name string
	g    graph.Subgraph
}

// graphs are the subgraphs the consumer tests run on: the tricky fixture,
// the seed-like 2-hop fixture, and the whole bundled seed dataset.
func graphs(t *testing.T) []namedGraph {
	t.Helper()
	out := []namedGraph{
		{"tricky", fixture(t, "tricky.json")},
		{"kim-yong-bok-2hop", fixture(t, "kim-yong-bok-2hop.json")},
	}
	b, err := data.Seed()
	if err != nil {
		t.Fatalf("seed dataset: %v", err)
	}
	return append(out, namedGraph{"seed", prepare(graph.Subgraph{Nodes: b.Nodes, Edges: b.Edges, Sources: b.Sources})})
}
