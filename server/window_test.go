package server

import (
	"encoding/json"
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
