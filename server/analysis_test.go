package server

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"slices"
	"testing"

	"linkchart/graph"
	"linkchart/graph/analysis"
)

// analysisCases are the status-table rows of POST /analysis and /connect.
func analysisCases() []apiCase {
	return []apiCase{
		{endpoint: "POST /analysis", column: colOK, name: "seed by name", r: req{method: "POST", path: "/api/v1/analysis", body: `{"seed": "Storm Corps", "depth": 2, "communities": true}`}, want: 200,
			check: all(has(`"id":"kursk"`, `"betweenness":`, `"eigenvector":`, `"community":`, `"communities":`, `"sampled":null`), hasNot("secret-agent", "amber-unit"))},
		{endpoint: "POST /analysis", column: colOK, name: "ids filtered", r: req{method: "POST", path: "/api/v1/analysis",
			body: `{"ids": ["kim-yong-bok", "corps-11", "brigade-1", "dprk", "kursk"], "measures": ["degree"], "types": ["PART_OF"], "kinds": ["Unit", "State"]}`}, want: 200,
			check: all(has(`{"id":"corps-11","scores":{"degree":1}}`, `{"id":"dprk","scores":{"degree":0.5}}`, `"modularity":null`), hasNot("kim-yong-bok", "kursk", "pagerank"))},
		{endpoint: "POST /analysis", column: colBad, r: req{method: "POST", path: "/api/v1/analysis",
			body: `{"ids": ["kursk"], "seed": "kursk", "measures": ["fame"], "min_grade": "Z9", "kinds": ["Alien"], "limit": 0}`}, want: 400,
			check: fields("ids", "seed", "measures[0]", "min_grade", "kinds", "limit")},
		{endpoint: "POST /analysis", column: colBad, name: "nothing named", r: req{method: "POST", path: "/api/v1/analysis", body: `{"measures": ["degree"]}`}, want: 400, check: fields("ids", "seed")},
		{endpoint: "POST /analysis", column: colUnknown, r: req{method: "POST", path: "/api/v1/analysis", body: `{"seed": "nobody"}`}, want: 404, check: fields("seed")},
		{endpoint: "POST /analysis", column: colNoToken, authRequired: true, r: req{method: "POST", path: "/api/v1/analysis", body: `{"ids": ["kursk"]}`}, want: 401},
		{endpoint: "POST /analysis", column: colClearance, r: req{method: "POST", path: "/api/v1/analysis", body: `{"ids": ["secret-agent", "corps-11", "amber-unit"]}`, token: "editor-amber"}, want: 200,
			check: all(has("amber-unit"), hasNot("secret-agent"))},

		{endpoint: "POST /connect", column: colOK, r: req{method: "POST", path: "/api/v1/connect", body: `{"ids": ["kim-yong-bok", "russia", "brigade-1"]}`}, want: 200,
			check: all(has("kim-yong-bok--commands--corps-11", "corps-11--deployed-to--kursk", "kursk--located-in--russia", "brigade-1--part-of--corps-11", `"joined":true`, `"common_neighbors":[]`),
				hasNot("corps-11--part-of--dprk", "kim-yong-bok--visited--kursk"))},
		{endpoint: "POST /connect", column: colOK, name: "common neighbours", r: req{method: "POST", path: "/api/v1/connect", body: `{"ids": ["brigade-1", "pak-chol-1", "dprk"]}`}, want: 200,
			check: has(`"common_neighbors":["corps-11"]`, `"joined":true`)},
		{endpoint: "POST /connect", column: colOK, name: "too far", r: req{method: "POST", path: "/api/v1/connect", body: `{"ids": ["pak-chol-2", "russia"], "max_depth": 3}`}, want: 200,
			check: has(`"joined":false`, `"edges":[]`)},
		{endpoint: "POST /connect", column: colBad, r: req{method: "POST", path: "/api/v1/connect", body: `{"ids": ["kursk"], "max_depth": 9, "as_of": "2024-13"}`}, want: 400, check: fields("ids", "max_depth", "as_of")},
		{endpoint: "POST /connect", column: colUnknown, r: req{method: "POST", path: "/api/v1/connect", body: `{"ids": ["kursk", "nobody"]}`}, want: 404, check: fields("ids[1]")},
		{endpoint: "POST /connect", column: colNoToken, authRequired: true, r: req{method: "POST", path: "/api/v1/connect", body: `{"ids": ["kursk", "dprk"]}`}, want: 401},
		{endpoint: "POST /connect", column: colClearance, r: req{method: "POST", path: "/api/v1/connect", body: `{"ids": ["secret-agent", "kursk"]}`, token: "editor-amber"}, want: 404, check: fields("ids[0]")},
		{endpoint: "POST /connect", column: colClearance, name: "red edge not walked", r: req{method: "POST", path: "/api/v1/connect", body: `{"ids": ["kim-yong-bok", "kursk"]}`}, want: 200,
			check: all(has("kim-yong-bok--commands--corps-11", "corps-11--deployed-to--kursk"), hasNot("kim-yong-bok--visited--kursk"))},
	}
}

// visiblePart is the part of b a caller cleared for cl sees, worked out here
// independently of the stores.
func visiblePart(b graph.Batch, cl graph.Marking) graph.Subgraph {
	var g graph.Subgraph
	seen := map[string]bool{}
	for _, n := range b.Nodes {
		if cl.Allows(n.Marking) {
			g.Nodes = append(g.Nodes, n)
			seen[n.ID] = true
		}
	}
	for _, e := range b.Edges {
		if cl.Allows(e.Marking) && seen[e.From] && seen[e.To] {
			g.Edges = append(g.Edges, e)
		}
	}
	return g
}

// TestAnalysisAgreesAcrossStores: /analysis and /connect answer the same
// on every store, and /analysis of given ids what graph/analysis computes
// over the visible part of the graph.
func TestAnalysisAgreesAcrossStores(t *testing.T) {
	b := randomGraph(22, 150, 260)
	var ids []string
	for _, n := range b.Nodes {
		ids = append(ids, n.ID)
	}
	want := analysis.Analyze(visiblePart(b, graph.Clear), analysis.Options{Measures: analysis.Measures, Communities: true})
	bodies := []any{
		map[string]any{"ids": ids, "communities": true},
		map[string]any{"seed": "n001", "depth": 3, "types": []string{"A_REL"}, "measures": []string{"betweenness", "pagerank"}, "communities": true},
	}
	connects := []any{
		map[string]any{"ids": []string{"n001", "n040", "n077", "n100", "n149"}, "max_depth": 6},
		map[string]any{"ids": []string{"n002", "n003", "n004"}, "types": []string{"B_REL"}, "max_depth": 6},
	}
	var first []string // the first store's answers
	for _, sk := range stores(t) {
		t.Run(sk.name, func(t *testing.T) {
			s := sk.open(t)
			if err := s.Upsert(context.Background(), b); err != nil {
				t.Fatal(err)
			}
			e := newEnvOn(t, s, nil)
			var answers []string
			for i, body := range bodies {
				w := e.do(req{method: "POST", path: "/api/v1/analysis", body: body})
				if w.Code != 200 {
					t.Fatalf("analysis %d: %d %s", i, w.Code, w.Body.String())
				}
				got := decode[analysisAnswer](t, w)
				if i == 0 {
					sameAnalysis(t, "ids vs graph/analysis", got.Result, want)
				}
				answers = append(answers, w.Body.String())
				if first != nil {
					var a analysisAnswer
					_ = json.Unmarshal([]byte(first[i]), &a)
					sameAnalysis(t, fmt.Sprintf("analysis %d vs the first store", i), got.Result, a.Result)
				}
			}
			for i, body := range connects {
				w := e.do(req{method: "POST", path: "/api/v1/connect", body: body})
				if w.Code != 200 {
					t.Fatalf("connect %d: %d %s", i, w.Code, w.Body.String())
				}
				got := decode[connectAnswer](t, w)
				if i == 0 && (!got.Joined || len(got.Edges) < 4 || len(got.Nodes) != len(got.Edges)+1) {
					t.Errorf("connect %d: joined %v, %d nodes, %d edges: want a tree joining 5", i, got.Joined, len(got.Nodes), len(got.Edges))
				}
				answers = append(answers, w.Body.String())
				if first != nil && first[len(bodies)+i] != w.Body.String() {
					t.Errorf("connect %d differs from the first store:\n%s\n%s", i, first[len(bodies)+i], w.Body.String())
				}
			}
			if first == nil {
				first = answers
			}
		})
	}
}

// sameAnalysis fails unless two answers hold the same nodes, communities
// and modularity and scores equal within 1e-9.
func sameAnalysis(t *testing.T, what string, got, want analysis.Result) {
	t.Helper()
	if len(got.Nodes) != len(want.Nodes) || fmt.Sprint(got.Modularity) != fmt.Sprint(want.Modularity) && math.Abs(*got.Modularity-*want.Modularity) > 1e-12 {
		t.Fatalf("%s: %d nodes (want %d), modularity %v (want %v)", what, len(got.Nodes), len(want.Nodes), deref(got.Modularity), deref(want.Modularity))
	}
	for i, n := range got.Nodes {
		w := want.Nodes[i]
		if n.ID != w.ID || deref(n.Community) != deref(w.Community) || !slices.Equal(keys(n.Scores), keys(w.Scores)) {
			t.Fatalf("%s: node %d: %s in %v %v, want %s in %v %v", what, i, n.ID, deref(n.Community), keys(n.Scores), w.ID, deref(w.Community), keys(w.Scores))
		}
		for m, x := range n.Scores {
			if math.Abs(x-w.Scores[m]) > 1e-9 {
				t.Errorf("%s: %s %s = %g, want %g", what, n.ID, m, x, w.Scores[m])
			}
		}
	}
}

func deref[T any](p *T) any {
	if p == nil {
		return nil
	}
	return *p
}

func keys(m map[string]float64) []string { return slices.Sorted(maps.Keys(m)) }
