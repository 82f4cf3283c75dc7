package server

import (
	"bytes"
	"encoding/json"
	"math"
	"math/rand/v2"
	"os"
	"testing"

	"linkchart/graph"
	"linkchart/graph/gen"
	"linkchart/internal/everyfield"
	"linkchart/server/internal/jsongen"
)

// The hand-written encoders must give json.Marshal's bytes exactly.

func TestAppendSubgraphIsJSONMarshal(t *testing.T) {
	f := fixture()
	cases := map[string]graph.Subgraph{
		"fixture":           {Nodes: f.Nodes, Edges: f.Edges, Sources: f.Sources, Truncated: true},
		"nil slices":        {},
		"empty slices":      {Nodes: []graph.Node{}, Edges: []graph.Edge{}, Sources: []graph.Source{}},
		"zero records":      {Nodes: []graph.Node{{}}, Edges: []graph.Edge{{}}, Sources: []graph.Source{{}}},
		"generated":         generatedSubgraph(),
		"empty props/alias": {Nodes: []graph.Node{{ID: "a", Aliases: []string{}, Props: map[string]string{}}}, Edges: []graph.Edge{{ID: "e", Props: map[string]string{}, Sources: []string{}}}},
	}
	r := rand.New(rand.NewPCG(1, 2))
	for i := range 200 {
		cases["random "+string(rune('a'+i%26))+string(rune('a'+i/26))] = randomSubgraph(r)
	}
	for name, g := range cases {
		want, err := json.Marshal(g)
		if err != nil {
			t.Fatalf("%s: json.Marshal: %v", name, err)
		}
		if got := appendSubgraph(nil, &g); !bytes.Equal(got, want) {
			t.Errorf("%s:\n got %s\nwant %s", name, got, want)
		}
	}
}

func TestAppendHitsIsJSONMarshal(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	scores := []float64{0, 1, -1, 0.5, 1.0 / 3, 123456789, 1e20, 1e21, 1.5e300, 1e-6, 9.99e-7, 1e-9, -2.5e-8, 5e-324, math.MaxFloat64}
	var hits []graph.Hit
	for _, s := range scores {
		hits = append(hits, graph.Hit{Node: randomSubgraph(r).Nodes[0], Score: s})
	}
	for _, hs := range [][]graph.Hit{nil, {}, hits} {
		want, err := json.Marshal(map[string]any{"results": hs})
		if err != nil {
			t.Fatal(err)
		}
		if got := appendHits(nil, hs); !bytes.Equal(got, want) {
			t.Errorf("got  %s\nwant %s", got, want)
		}
	}
}

// TestAnswerBytesUnchanged checks the encoders through the API: a
// neighborhood answer is what c.JSON wrote before, byte for byte.
func TestAnswerBytesUnchanged(t *testing.T) {
	e := newEnv(t, storeKind{"memstore", openMem}, nil)
	rec := e.do(req{method: "GET", path: "/api/v1/entities/corps-11/neighborhood?depth=2", token: "viewer-red"})
	if rec.Code != 200 || rec.Header().Get("Content-Type") != jsonContentType {
		t.Fatalf("status %d, content type %q", rec.Code, rec.Header().Get("Content-Type"))
	}
	var g graph.Subgraph
	if err := json.Unmarshal(rec.Body.Bytes(), &g); err != nil {
		t.Fatal(err)
	}
	want, _ := json.Marshal(g)
	if !bytes.Equal(rec.Body.Bytes(), want) {
		t.Errorf("got  %s\nwant %s", rec.Body.Bytes(), want)
	}
}

func generatedSubgraph() graph.Subgraph {
	b := gen.Generate(200, 1000, 7)
	return graph.Subgraph{Nodes: b.Nodes, Edges: b.Edges, Sources: b.Sources}
}

// randomText draws strings with what JSON must escape: quotes, backslashes,
// control characters, <>&, invalid UTF-8, U+2028/2029, DEL, Hangul.
func randomText(r *rand.Rand) string {
	pieces := []string{"a", "Kim", " ", `"`, `\`, "\n", "\t", "\r", "\b", "\f", "\x00", "\x1f", "\x7f", "<", ">", "&",
		"\xff", "\xe2\x80", "\u2028", "\u2029", "김정은", "é", "\U0001F600", "'", "/"}
	var s string
	for range r.IntN(6) {
		s += pieces[r.IntN(len(pieces))]
	}
	return s
}

func randomStrings(r *rand.Rand) []string {
	switch r.IntN(3) {
	case 0:
		return nil
	case 1:
		return []string{}
	}
	var s []string
	for range 1 + r.IntN(3) {
		s = append(s, randomText(r))
	}
	return s
}

func randomProps(r *rand.Rand) map[string]string {
	switch r.IntN(3) {
	case 0:
		return nil
	case 1:
		return map[string]string{}
	}
	m := map[string]string{}
	for range 1 + r.IntN(12) {
		m[randomText(r)] = randomText(r)
	}
	return m
}

func randomSubgraph(r *rand.Rand) graph.Subgraph {
	var g graph.Subgraph
	for range 1 + r.IntN(3) {
		g.Nodes = append(g.Nodes, graph.Node{ID: randomText(r), Kind: graph.Kind(randomText(r)), Name: randomText(r),
			Aliases: randomStrings(r), Summary: randomText(r), Props: randomProps(r), Marking: graph.Marking(randomText(r))})
	}
	for range r.IntN(3) {
		g.Edges = append(g.Edges, graph.Edge{ID: randomText(r), Type: randomText(r), From: randomText(r), To: randomText(r),
			Since: graph.Date(randomText(r)), Until: graph.Date(randomText(r)), Credibility: r.IntN(13) - 6, Grade: randomText(r),
			Sources: randomStrings(r), Note: randomText(r), Props: randomProps(r), Marking: graph.Marking(randomText(r))})
	}
	for range r.IntN(3) {
		g.Sources = append(g.Sources, graph.Source{ID: randomText(r), Title: randomText(r), Publisher: randomText(r), Author: randomText(r),
			Date: graph.Date(randomText(r)), URL: randomText(r), Reliability: graph.Reliability(randomText(r)), Note: randomText(r)})
	}
	g.Truncated = r.IntN(2) == 0
	return g
}

// TestAppendEveryFieldIsJSONMarshal encodes records with every field of
// the model set (and the derived grade): a field the encoder forgets fails
// here.
func TestAppendEveryFieldIsJSONMarshal(t *testing.T) {
	var g graph.Subgraph
	g.Nodes, g.Edges, g.Sources = make([]graph.Node, 1), make([]graph.Edge, 1), make([]graph.Source, 1)
	for _, p := range []any{&g.Nodes[0], &g.Edges[0], &g.Sources[0]} {
		everyfield.Fill(p)
	}
	g.Edges[0].Grade = "B3"
	want, err := json.Marshal(g)
	if err != nil {
		t.Fatal(err)
	}
	if got := appendSubgraph(nil, &g); !bytes.Equal(got, want) {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

// TestRecordsJSONGenerated: records_json.go is what jsongen writes from
// the model's tags today (run go generate ./server after changing them).
func TestRecordsJSONGenerated(t *testing.T) {
	want, err := jsongen.Render()
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile("records_json.go")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Error("records_json.go is stale: run go generate ./server")
	}
}
