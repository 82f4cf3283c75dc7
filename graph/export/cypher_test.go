package export

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"linkchart/graph"
)

// statements splits the Cypher export into its statements: one per line,
// ending with ";"; comment lines are skipped.
func statements(t *testing.T, script string) []string {
	t.Helper()
	var out []string
	for _, l := range strings.Split(script, "\n") {
		switch {
		case l == "", strings.HasPrefix(l, "//"):
		case strings.HasSuffix(l, ";"):
			out = append(out, strings.TrimSuffix(l, ";"))
		default:
			t.Fatalf("line is neither a comment nor a statement ending with ';': %q", l)
		}
	}
	return out
}

func TestCypherScriptShape(t *testing.T) {
	g := fixture(t, "tricky.json")
	script := string(export(t, "cypher", g, Options{Title: "two\nlines // and a comment"}))
	st := statements(t, script)
	if want := 2 + len(g.Sources) + len(g.Nodes) + len(g.Edges); len(st) != want {
		t.Errorf("%d statements, want %d", len(st), want)
	}
	if !strings.HasPrefix(script, "// TLP:AMBER\n") || !strings.HasSuffix(script, "// TLP:AMBER\n") {
		t.Error("the script does not start and end with the banner")
	}
	for _, s := range st[:2] {
		if !strings.HasPrefix(s, "CREATE CONSTRAINT ") || !strings.Contains(s, " IF NOT EXISTS ") {
			t.Errorf("want constraints first: %s", s)
		}
	}
	bad := g
	bad.Edges = append([]graph.Edge(nil), g.Edges...)
	bad.Edges[0].Type = "COMMANDS]->(b) DETACH DELETE b //"
	if err := Write(&strings.Builder{}, "cypher", bad, Options{}); err == nil {
		t.Error("a relationship type outside ^[A-Z][A-Z0-9_]*$ must be refused")
	}
}

// TestCypherScriptRecreatesTheSubgraph runs the script statement by
// statement in a real, empty Neo4j (NEO4J_URI) and reads the graph back.
func TestCypherScriptRecreatesTheSubgraph(t *testing.T) {
	uri := os.Getenv("NEO4J_URI")
	if uri == "" {
		unavailable(t, "NEO4J_URI is not set (start one with NEO4J_PORT=7690 scripts/neo4j.sh start)")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	auth := neo4j.NoAuth()
	if u := os.Getenv("NEO4J_USERNAME"); u != "" {
		auth = neo4j.BasicAuth(u, os.Getenv("NEO4J_PASSWORD"), "")
	}
	driver, err := neo4j.NewDriverWithContext(uri, auth)
	if err != nil {
		t.Fatal(err)
	}
	defer driver.Close(ctx)
	if err := driver.VerifyConnectivity(ctx); err != nil {
		t.Fatalf("neo4j at %s: %v", uri, err)
	}
	db := neo4j.ExecuteQueryWithDatabase(os.Getenv("NEO4J_DATABASE"))
	run := func(q string, params map[string]any) *neo4j.EagerResult {
		t.Helper()
		res, err := neo4j.ExecuteQuery(ctx, driver, q, params, neo4j.EagerResultTransformer, db)
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		return res
	}
	// The database is shared with nothing else in this test run, but start
	// from empty all the same: the script is for an empty database.
	run("MATCH (n) DETACH DELETE n", nil)

	g := fixture(t, "tricky.json")
	// One more node whose name holds every escape at once.
	g.Nodes = append(g.Nodes, graph.Node{ID: "zz-escapes", Kind: graph.Place, Name: "a\x00b\u2028c\u2029 ' \" \\ \\u0027 \\' \n\t\r\b\f 폭풍 😀 */ /* //",
		Aliases: []string{}, Props: map[string]string{"k'": "v\"\n"}, Marking: graph.Clear})
	script := string(export(t, "cypher", g, Options{}))
	for _, s := range statements(t, script) {
		run(s, nil)
	}
	// Twice: MERGE makes the script idempotent.
	for _, s := range statements(t, script) {
		run(s, nil)
	}

	count := func(q string) int64 {
		v, _ := run(q, nil).Records[0].Values[0].(int64)
		return v
	}
	if got := count("MATCH (n:Entity) RETURN count(n)"); got != int64(len(g.Nodes)) {
		t.Errorf("%d entities, want %d", got, len(g.Nodes))
	}
	if got := count("MATCH (s:Source) RETURN count(s)"); got != int64(len(g.Sources)) {
		t.Errorf("%d sources, want %d", got, len(g.Sources))
	}
	if got := count("MATCH ()-[r]->() RETURN count(r)"); got != int64(len(g.Edges)) {
		t.Errorf("%d relationships, want %d", got, len(g.Edges))
	}

	res := run("MATCH (n:Entity) RETURN n.id AS id, n.name AS name, n.kind AS kind, labels(n) AS labels, n.aliases AS aliases, n.summary AS summary, n.props AS props", nil)
	seen := map[string]bool{}
	for _, rec := range res.Records {
		m := rec.AsMap()
		id := m["id"].(string)
		seen[id] = true
		n := nodeIndex(g)[id]
		if m["name"] != n.Name || m["kind"] != string(n.Kind) {
			t.Errorf("node %s: name %q kind %v, want %q %s", id, m["name"], m["kind"], n.Name, n.Kind)
		}
		var labels []string
		for _, l := range m["labels"].([]any) {
			labels = append(labels, l.(string))
		}
		sort.Strings(labels)
		if want := []string{"Entity", string(n.Kind)}; !reflect.DeepEqual(labels, sortStrings(want)) {
			t.Errorf("node %s labels %v, want %v", id, labels, want)
		}
		var aliases []string
		for _, a := range m["aliases"].([]any) {
			aliases = append(aliases, a.(string))
		}
		if !reflect.DeepEqual(aliases, n.Aliases) && !(len(aliases) == 0 && len(n.Aliases) == 0) {
			t.Errorf("node %s aliases %q, want %q", id, aliases, n.Aliases)
		}
		summary, _ := m["summary"].(string)
		if summary != n.Summary {
			t.Errorf("node %s summary %q, want %q", id, summary, n.Summary)
		}
		props := map[string]string{}
		if p, _ := m["props"].(string); p != "" {
			if err := json.Unmarshal([]byte(p), &props); err != nil {
				t.Errorf("node %s props %q: %v", id, p, err)
			}
		}
		if !reflect.DeepEqual(props, n.Props) {
			t.Errorf("node %s props %v, want %v", id, props, n.Props)
		}
	}
	if len(seen) != len(g.Nodes) {
		t.Errorf("read back %d nodes, want %d", len(seen), len(g.Nodes))
	}

	res = run("MATCH (a)-[r]->(b) RETURN r.id AS id, type(r) AS type, a.id AS from, b.id AS to, r.since AS since, r.note AS note, r.credibility AS credibility, r.sources AS sources, r.marking AS marking", nil)
	for _, rec := range res.Records {
		m := rec.AsMap()
		e, ok := edgeByID(g, m["id"].(string))
		if !ok {
			t.Errorf("unexpected relationship %v", m["id"])
			continue
		}
		note, _ := m["note"].(string)
		since, _ := m["since"].(string)
		if m["type"] != e.Type || m["from"] != e.From || m["to"] != e.To || note != e.Note || since != string(e.Since) ||
			m["credibility"] != int64(e.Credibility) || m["marking"] != string(e.Marking) {
			t.Errorf("relationship %s read back as %v", e.ID, m)
		}
		var srcs []string
		for _, s := range m["sources"].([]any) {
			srcs = append(srcs, s.(string))
		}
		if !reflect.DeepEqual(srcs, e.Sources) {
			t.Errorf("relationship %s sources %v, want %v", e.ID, srcs, e.Sources)
		}
	}
	res = run("MATCH (s:Source {id: $id}) RETURN s.title AS title, s.url AS url, s.reliability AS reliability", map[string]any{"id": "yonhap-storm-corps"})
	if len(res.Records) != 1 || res.Records[0].AsMap()["title"] != "North Korea’s “Storm Corps” in Kursk" ||
		res.Records[0].AsMap()["url"] != "https://example.org/yonhap?a=1&b=2" {
		t.Errorf("source read back as %v", res.Records)
	}

	// The whole seed dataset: counts per relationship type and per kind.
	run("MATCH (n) DETACH DELETE n", nil)
	seed := graphs(t)[2].g
	// Constraints cannot share a transaction with writes; the rest runs as
	// one transaction, as cypher-shell -f would with --format plain.
	st := statements(t, string(export(t, "cypher", seed, Options{})))
	for _, s := range st[:2] {
		run(s, nil)
	}
	session := driver.NewSession(ctx, neo4j.SessionConfig{DatabaseName: os.Getenv("NEO4J_DATABASE")})
	defer session.Close(ctx)
	if _, err := session.ExecuteWrite(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
		for _, s := range st[2:] {
			if _, err := tx.Run(ctx, s, nil); err != nil {
				return nil, fmt.Errorf("%s: %w", s, err)
			}
		}
		return nil, nil
	}); err != nil {
		t.Fatalf("seed script: %v", err)
	}
	wantTypes, wantKinds := map[string]int64{}, map[string]int64{}
	for _, e := range seed.Edges {
		wantTypes[e.Type]++
	}
	for _, n := range seed.Nodes {
		wantKinds[string(n.Kind)]++
	}
	gotTypes, gotKinds := map[string]int64{}, map[string]int64{}
	for _, rec := range run("MATCH ()-[r]->() RETURN type(r) AS k, count(r) AS n", nil).Records {
		gotTypes[rec.Values[0].(string)] = rec.Values[1].(int64)
	}
	for _, rec := range run("MATCH (n:Entity) RETURN n.kind AS k, count(n) AS n", nil).Records {
		gotKinds[rec.Values[0].(string)] = rec.Values[1].(int64)
	}
	if !reflect.DeepEqual(gotTypes, wantTypes) || !reflect.DeepEqual(gotKinds, wantKinds) {
		t.Errorf("seed in Neo4j: types %v kinds %v; want %v %v", gotTypes, gotKinds, wantTypes, wantKinds)
	}
	if got := count("MATCH (s:Source) RETURN count(s)"); got != int64(len(seed.Sources)) {
		t.Errorf("seed in Neo4j: %d sources, want %d", got, len(seed.Sources))
	}
	run("MATCH (n) DETACH DELETE n", nil)
}

func edgeByID(g graph.Subgraph, id string) (graph.Edge, bool) {
	for _, e := range g.Edges {
		if e.ID == id {
			return e, true
		}
	}
	return graph.Edge{}, false
}

func sortStrings(s []string) []string { sort.Strings(s); return s }
