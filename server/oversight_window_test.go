package server

import (
	"encoding/json"
	"strings"
	"testing"

	"linkchart/graph"
)

// TestOversightDirectAndWindow: direct=true keeps the answers through an
// oversight edge alone, with only their part of the subgraph; every answer
// carries the window in which all its hops held.
func TestOversightDirectAndWindow(t *testing.T) {
	for _, sk := range stores(t) {
		t.Run(sk.name, func(t *testing.T) {
			e := newEnv(t, sk, nil)
			get := func(q string) graph.OversightAnswer {
				t.Helper()
				w := e.do(req{method: "GET", path: "/api/v1/oversight?" + q, token: "viewer-red"})
				if w.Code != 200 {
					t.Fatalf("%s = %d: %s", q, w.Code, w.Body)
				}
				var a graph.OversightAnswer
				if err := json.Unmarshal(w.Body.Bytes(), &a); err != nil {
					t.Fatal(err)
				}
				return a
			}
			all := get("who=kim-yong-bok")
			direct := get("who=kim-yong-bok&direct=true")
			if len(all.Answers) <= len(direct.Answers) || len(direct.Answers) != 1 || direct.Answers[0].Target != "corps-11" {
				t.Fatalf("direct answers %+v of %d", direct.Answers, len(all.Answers))
			}
			if len(direct.Edges) != 1 || direct.Edges[0].ID != "kim-yong-bok--commands--corps-11" || len(direct.Nodes) != 2 || len(direct.Sources) != 1 {
				t.Errorf("direct subgraph: %d nodes, %+v edges, %d sources", len(direct.Nodes), direct.Edges, len(direct.Sources))
			}
			for _, a := range all.Answers {
				if a.Window == nil {
					t.Fatalf("answer %s→%s has no window", a.Overseer, a.Target)
				}
				if a.Window.Since != "2024-10" || a.Window.Until != "" || a.Window.Never {
					t.Errorf("answer %s→%s window %+v, want since 2024-10 (the COMMANDS edge)", a.Overseer, a.Target, *a.Window)
				}
			}
		})
	}
}

// TestPathOptions: GET /paths passes direction, exclude, max_degree and
// consistent to the store, ranks by grade on rank=grade, resolves excluded
// names as from and to are, and names a bad or unknown excluded entity.
func TestPathOptions(t *testing.T) {
	for _, sk := range stores(t) {
		t.Run(sk.name, func(t *testing.T) {
			e := newEnv(t, sk, nil)
			count := func(q string) int {
				t.Helper()
				w := e.do(req{method: "GET", path: "/api/v1/paths?from=kim-yong-bok&to=kursk&k=10&" + q})
				if w.Code != 200 {
					t.Fatalf("%s = %d: %s", q, w.Code, w.Body)
				}
				var a graph.PathAnswer
				if err := json.Unmarshal(w.Body.Bytes(), &a); err != nil {
					t.Fatal(err)
				}
				return len(a.Paths)
			}
			for q, want := range map[string]int{
				"direction=any": 1, "direction=out": 1, "direction=in": 0, "exclude=corps-11": 0, "exclude=brigade-1,dprk": 1,
				"max_degree=2": 0, "max_degree=100": 1, "consistent=true": 1, "rank=grade": 1,
				"exclude=Storm%20Corps": 0, "exclude=First%20Brigade,DPRK": 1, "exclude=ghost-id": 1,
			} {
				if got := count(q); got != want {
					t.Errorf("%s: %d paths, want %d", q, got, want)
				}
			}
			for q, want := range map[string]int{"exclude=ok,Bad%01Id": 400, "exclude=ok,Nobody%20Here": 404, "exclude=ok,Pak%20Chol": 400} {
				w := e.do(req{method: "GET", path: "/api/v1/paths?from=kim-yong-bok&to=kursk&" + q})
				if w.Code != want || !strings.Contains(w.Body.String(), "exclude[1]") {
					t.Errorf("%s = %d %s, want %d naming exclude[1]", q, w.Code, w.Body, want)
				}
			}
			if w := e.do(req{method: "GET", path: "/api/v1/paths?from=kim-yong-bok&to=kursk&direction=sideways"}); w.Code != 400 {
				t.Errorf("bad direction = %d", w.Code)
			}
		})
	}
}

func TestRankByGrade(t *testing.T) {
	a := graph.PathAnswer{
		Paths:    []graph.Path{{Nodes: []string{"a", "b"}, Edges: []string{"weak"}}, {Nodes: []string{"a", "c", "b"}, Edges: []string{"good", "good2"}}},
		Subgraph: graph.Subgraph{Edges: []graph.Edge{{ID: "weak", Grade: "D3"}, {ID: "good", Grade: "B2"}, {ID: "good2", Grade: "A3"}}},
	}
	a.RankByGrade()
	if a.Paths[0].Edges[0] != "good" {
		t.Errorf("rank by grade put %v first, want the B3 path before the D3 one", a.Paths[0])
	}
}
