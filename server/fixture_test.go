package server

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"linkchart/graph"
	"linkchart/graph/memstore"
	"linkchart/graph/neo4jstore"
)

// The fixture, drawn (all TLP:CLEAR unless marked):
//
//	kim-yong-bok --COMMANDS--> corps-11 <--PART_OF-- brigade-1
//	     |                        |   ^  <--PART_OF-- amber-unit (AMBER, edge AMBER)
//	     +--VISITED (RED edge)--+ |   +---MEMBER_OF-- secret-agent (RED, edge RED)
//	                            v v DEPLOYED_TO
//	                           kursk --LOCATED_IN--> russia
//	corps-11 --PART_OF--> dprk;  pak-chol-1 MEMBER_OF corps-11, pak-chol-2 MEMBER_OF brigade-1
//	(both named "Pak Chol": an ambiguous name)
func fixture() graph.Batch {
	src := []string{"s-report"}
	b := graph.Batch{
		Sources: []graph.Source{
			{ID: "s-report", Title: "A report", Publisher: "Analysts", Date: "2024-11", Reliability: "B"},
			{ID: "s-blog", Title: "A blog post", Reliability: "D"},
		},
		Nodes: []graph.Node{
			{ID: "kim-yong-bok", Kind: graph.Person, Name: "Kim Yong Bok", Aliases: []string{"KYB"}},
			{ID: "corps-11", Kind: graph.Unit, Name: "11th Corps", Aliases: []string{"Storm Corps"}},
			{ID: "brigade-1", Kind: graph.Unit, Name: "First Brigade"},
			{ID: "dprk", Kind: graph.State, Name: "North Korea", Aliases: []string{"DPRK"}},
			{ID: "russia", Kind: graph.State, Name: "Russia"},
			{ID: "kursk", Kind: graph.Place, Name: "Kursk"},
			{ID: "secret-agent", Kind: graph.Person, Name: "Secret Agent", Marking: graph.Red},
			{ID: "amber-unit", Kind: graph.Unit, Name: "Amber Unit", Marking: graph.Amber},
			{ID: "pak-chol-1", Kind: graph.Person, Name: "Pak Chol"},
			{ID: "pak-chol-2", Kind: graph.Person, Name: "Pak Chol"},
		},
		Edges: []graph.Edge{
			{ID: "kim-yong-bok--commands--corps-11", Type: graph.Commands, From: "kim-yong-bok", To: "corps-11", Since: "2024-10", Credibility: 2, Sources: src},
			{ID: "brigade-1--part-of--corps-11", Type: graph.PartOf, From: "brigade-1", To: "corps-11", Sources: src},
			{ID: "corps-11--part-of--dprk", Type: graph.PartOf, From: "corps-11", To: "dprk", Sources: src},
			{ID: "corps-11--deployed-to--kursk", Type: graph.DeployedTo, From: "corps-11", To: "kursk", Since: "2024-10", Sources: []string{"s-report", "s-blog"}},
			{ID: "kursk--located-in--russia", Type: graph.LocatedIn, From: "kursk", To: "russia", Sources: src},
			{ID: "kim-yong-bok--visited--kursk", Type: graph.Visited, From: "kim-yong-bok", To: "kursk", Sources: []string{"s-blog"}, Marking: graph.Red},
			{ID: "secret-agent--member-of--corps-11", Type: graph.MemberOf, From: "secret-agent", To: "corps-11", Sources: src, Marking: graph.Red},
			{ID: "amber-unit--part-of--corps-11", Type: graph.PartOf, From: "amber-unit", To: "corps-11", Sources: src, Marking: graph.Amber},
			{ID: "pak-chol-1--member-of--corps-11", Type: graph.MemberOf, From: "pak-chol-1", To: "corps-11", Sources: src},
			{ID: "pak-chol-2--member-of--brigade-1", Type: graph.MemberOf, From: "pak-chol-2", To: "brigade-1", Sources: src},
		},
	}
	for i := range b.Nodes {
		b.Nodes[i].Normalize()
	}
	for i := range b.Edges {
		b.Edges[i].Normalize()
	}
	for i := range b.Sources {
		b.Sources[i].Normalize()
	}
	return b
}

// Tokens of the tests: role and clearance in the name.
var testTokens = map[string]Access{
	"viewer-clear": {Role: RoleViewer, Clearance: graph.Clear},
	"viewer-red":   {Role: RoleViewer, Clearance: graph.Red},
	"editor-clear": {Role: RoleEditor, Clearance: graph.Clear},
	"editor-amber": {Role: RoleEditor, Clearance: graph.Amber},
	"editor-red":   {Role: RoleEditor, Clearance: graph.Red},
	"admin-red":    {Role: RoleAdmin, Clearance: graph.Red},
}

// storeKind names a store the API tests run against.
type storeKind struct {
	name string
	open func(t testing.TB) graph.Store // an empty store
}

// stores lists memstore always, and neo4jstore when NEO4J_URI is set (in
// CI, a missing NEO4J_URI fails).
func stores(t *testing.T) []storeKind {
	t.Helper()
	ks := []storeKind{{"memstore", openMem}}
	if os.Getenv("NEO4J_URI") != "" {
		ks = append(ks, storeKind{"neo4jstore", openNeo4j})
	} else if os.Getenv("CI") == "true" {
		t.Errorf("CI=true but NEO4J_URI is not set: the API tests must run against Neo4j too")
	} else {
		t.Logf("NEO4J_URI not set: neo4jstore skipped")
	}
	return ks
}

func openMem(t testing.TB) graph.Store {
	t.Helper()
	s, err := memstore.Open(filepath.Join(t.TempDir(), "graph.db"))
	if err != nil {
		t.Fatalf("memstore.Open: %v", err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

func openNeo4j(t testing.TB) graph.Store {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	s, err := neo4jstore.Open(ctx, neo4jstore.ConfigFromEnv())
	if err != nil {
		t.Fatalf("neo4jstore.Open: %v", err)
	}
	if err := s.Reset(ctx); err != nil {
		t.Fatalf("neo4jstore.Reset: %v", err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

// env is a server over a store loaded with the fixture.
type env struct {
	t     testing.TB
	store graph.Store
	h     http.Handler
}

func newEnv(t testing.TB, sk storeKind, tweak func(*Options)) *env {
	t.Helper()
	s := sk.open(t)
	if err := s.Upsert(context.Background(), fixture()); err != nil {
		t.Fatalf("load fixture: %v", err)
	}
	return newEnvOn(t, s, tweak)
}

func newEnvOn(t testing.TB, s graph.Store, tweak func(*Options)) *env {
	t.Helper()
	opt := Options{
		Store: s, Tokens: testTokens, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
		WriteRate: 1000, WriteBurst: 1000,
	}
	if tweak != nil {
		tweak(&opt)
	}
	h, err := New(opt)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return &env{t: t, store: s, h: h}
}

// req is one request of a test.
type req struct {
	method, path, token string
	body                any    // marshalled as JSON unless a string or []byte
	contentType         string // default application/json when a body is given
}

func (e *env) do(r req) *httptest.ResponseRecorder {
	e.t.Helper()
	var body io.Reader
	switch b := r.body.(type) {
	case nil:
	case string:
		body = strings.NewReader(b)
	case []byte:
		body = bytes.NewReader(b)
	default:
		data, err := json.Marshal(b)
		if err != nil {
			e.t.Fatalf("marshal body: %v", err)
		}
		body = bytes.NewReader(data)
	}
	hr := httptest.NewRequest(r.method, r.path, body)
	if body != nil {
		ct := r.contentType
		if ct == "" {
			ct = "application/json"
		}
		hr.Header.Set("Content-Type", ct)
	}
	if r.token != "" {
		hr.Header.Set("Authorization", "Bearer "+r.token)
	}
	w := httptest.NewRecorder()
	e.h.ServeHTTP(w, hr)
	return w
}

// schemaCounts is what the caller cleared for red sees, for before/after
// comparisons.
func (e *env) schemaCounts() graph.Schema {
	e.t.Helper()
	s, err := e.store.Schema(context.Background(), graph.Red)
	if err != nil {
		e.t.Fatalf("schema: %v", err)
	}
	return s
}

func decode[T any](t testing.TB, w *httptest.ResponseRecorder) T {
	t.Helper()
	var v T
	if err := json.Unmarshal(w.Body.Bytes(), &v); err != nil {
		t.Fatalf("decode %T: %v: %s", v, err, w.Body.String())
	}
	return v
}

// optionsForTest rebuilds the options of e's handler for direct router use.
func (e *env) optionsForTest() Options {
	opt := Options{Store: e.store, Tokens: testTokens, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
	if err := opt.defaults(); err != nil {
		e.t.Fatal(err)
	}
	return opt
}

// testLogger logs warnings and errors through t.Log.
func testLogger(t *testing.T) *slog.Logger {
	return slog.New(slog.NewTextHandler(tWriter{t}, &slog.HandlerOptions{Level: slog.LevelError}))
}

type tWriter struct{ t *testing.T }

func (w tWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimSpace(string(p)))
	return len(p), nil
}
