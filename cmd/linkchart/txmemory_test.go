package main

import (
	"context"
	"errors"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"linkchart/graph"
	"linkchart/graph/neo4jstore"
)

// smallNeo4j starts a Neo4j of the test's own, through scripts/neo4j.sh on
// a free port, whose transactions together may hold only txMemoryMB, and
// returns its URI. It runs wherever the Neo4j tests run (NEO4J_URI set);
// in CI it never skips.
func smallNeo4j(t *testing.T, txMemoryMB string) string {
	t.Helper()
	if os.Getenv("NEO4J_URI") == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("CI=true but NEO4J_URI is not set: this test starts a Neo4j of its own beside it")
		}
		t.Skip("NEO4J_URI is not set (the Neo4j tests are not running)")
	}
	_, port, err := net.SplitHostPort(freeAddr(t))
	if err != nil {
		t.Fatal(err)
	}
	script, err := filepath.Abs("../../scripts/neo4j.sh")
	if err != nil {
		t.Fatal(err)
	}
	env := append(os.Environ(), "NEO4J_PORT="+port, "NEO4J_TX_MEMORY_MB="+txMemoryMB, "NEO4J_HEAP=256m")
	neo4jsh := func(cmd string) ([]byte, error) {
		c := exec.Command("bash", script, cmd)
		c.Env = env
		return c.CombinedOutput()
	}
	t.Cleanup(func() {
		if out, err := neo4jsh("stop"); err != nil {
			t.Errorf("neo4j.sh stop: %v\n%s", err, out)
		}
	})
	if out, err := neo4jsh("start"); err != nil {
		t.Fatalf("neo4j.sh start: %v\n%s", err, out)
	}
	return "bolt://127.0.0.1:" + port
}

// tooOptimistic is a Neo4j store that claims its transactions hold
// everything, so that graph.UpsertInParts learns the limit from Neo4j's
// refusals alone.
type tooOptimistic struct{ *neo4jstore.Store }

func (tooOptimistic) BatchLimit(context.Context) (int, error) { return 1 << 30, nil }

// TestImportOutgrowingNeo4jTransactionMemory: a dataset larger than one of
// Neo4j's transactions holds is refused whole as graph.ErrTooLarge (and
// not retried), written in parts by graph.UpsertInParts, sized from the
// server's limit or learnt from its refusals, and `linkchart import`
// without --batch succeeds and says that it committed in parts; a dataset
// that fits stays one transaction.
func TestImportOutgrowingNeo4jTransactionMemory(t *testing.T) {
	uri := smallNeo4j(t, "10")
	ctx := t.Context()
	dir := t.TempDir()
	if code, _, stderr := linkchart(t, "gen", "--nodes", "600", "--edges", "6000", "--seed", "1", "--out", dir); code != 0 {
		t.Fatalf("gen: %s", stderr)
	}
	files := []string{filepath.Join(dir, "nodes.csv"), filepath.Join(dir, "edges.csv"), filepath.Join(dir, "sources.csv")}
	b, err := graph.Load(graph.LoadOptions{}, files...)
	if err != nil {
		t.Fatal(err)
	}
	st, err := neo4jstore.Open(ctx, neo4jstore.Config{URI: uri})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	want := graph.Counts{Nodes: len(b.Nodes), Edges: len(b.Edges), Sources: len(b.Sources)}
	counts := func() graph.Counts {
		t.Helper()
		s, err := st.Schema(ctx, graph.Red)
		if err != nil {
			t.Fatal(err)
		}
		return s.Counts
	}

	began := time.Now()
	if err := st.Upsert(ctx, b); !errors.Is(err, graph.ErrTooLarge) {
		t.Fatalf("Upsert of the whole dataset into 10 MB of transaction memory = %v, want ErrTooLarge", err)
	}
	t.Logf("refused whole in %v", time.Since(began))
	if got := counts(); got != (graph.Counts{}) {
		t.Fatalf("the refused Upsert wrote %+v", got)
	}

	limit, err := st.BatchLimit(ctx)
	if err != nil || limit <= 0 || limit >= len(b.Nodes)+len(b.Edges) {
		t.Fatalf("BatchLimit = %d, %v; want a limit below the dataset's %d records", limit, err, len(b.Nodes)+len(b.Edges))
	}
	parts, err := graph.UpsertInParts(ctx, tooOptimistic{st}, b)
	if err != nil || parts < 2 {
		t.Fatalf("UpsertInParts learning the limit from refusals = %d parts, %v", parts, err)
	}
	if got := counts(); got != want {
		t.Fatalf("after UpsertInParts: %+v, want %+v", got, want)
	}
	t.Logf("UpsertInParts learnt the limit in %d parts; BatchLimit is %d records", parts, limit)

	// The import replaces the same records (a Reset would outgrow 10 MB
	// too): it must size its parts itself and say so.

	code, stdout, stderr := linkchart(t, append([]string{"import", "--neo4j-uri", uri}, files...)...)
	if code != 0 {
		t.Fatalf("import without --batch: exit %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, "committed in") || !strings.Contains(stdout, "not all or nothing") {
		t.Errorf("import output does not say it committed in parts:\n%s", stdout)
	}
	if got := counts(); got != want {
		t.Errorf("after import: %+v, want %+v", got, want)
	}

	code, stdout, stderr = linkchart(t, "import", "--neo4j-uri", uri, "testdata/roundtrip.yaml")
	if code != 0 || strings.Contains(stdout, "committed in") {
		t.Errorf("import of a small file: exit %d, output %q %s; want one transaction, nothing said about parts", code, stdout, stderr)
	}
}
