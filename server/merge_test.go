package server

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"linkchart/graph"
)

// TestMergeAPI: POST /entities/{id}/merge moves a duplicate's relation to
// the survivor; every read given the old id answers for the survivor
// (entity, neighborhood, paths, oversight, subgraph, export); viewers are
// refused; the merge reverts through the history. On every store.
func TestMergeAPI(t *testing.T) {
	for _, sk := range stores(t) {
		t.Run(sk.name, func(t *testing.T) {
			e := newEnv(t, sk, nil)
			code := func(r req) int { return e.do(r).Code }
			if c := code(req{method: "POST", path: "/api/v1/entities", token: "editor-red", body: map[string]any{"id": "kim-young-bok", "kind": "Person", "name": "Kim Young-bok"}}); c != http.StatusCreated {
				t.Fatalf("create duplicate: %d", c)
			}
			if c := code(req{method: "POST", path: "/api/v1/relations", token: "editor-red", body: map[string]any{"id": "dup-visited-russia", "type": "VISITED", "from": "kim-young-bok", "to": "russia", "sources": []string{"s-report"}}}); c != http.StatusCreated {
				t.Fatalf("create duplicate's relation: %d", c)
			}
			merge := req{method: "POST", path: "/api/v1/entities/kim-young-bok/merge", token: "viewer-red", body: map[string]any{"into": "kim-yong-bok"}}
			if c := code(merge); c != http.StatusForbidden {
				t.Errorf("merge as a viewer: %d, want 403", c)
			}
			merge.token = ""
			if c := code(merge); c != http.StatusUnauthorized {
				t.Errorf("merge without a token: %d, want 401", c)
			}
			if c := code(req{method: "POST", path: "/api/v1/entities/kim-young-bok/merge", token: "editor-red", body: map[string]any{"into": "kim-young-bok"}}); c != http.StatusBadRequest {
				t.Errorf("merge into itself: %d, want 400", c)
			}
			merge.token = "editor-red"
			w := e.do(merge)
			if w.Code != http.StatusOK {
				t.Fatalf("merge: %d %s", w.Code, w.Body)
			}
			ans := decode[mergeAnswer](t, w)
			if ans.Into != "kim-yong-bok" || ans.Revision.Op != "merge" {
				t.Errorf("merge answer = %+v", ans)
			}
			has := func(what string, r req, want ...string) {
				t.Helper()
				w := e.do(r)
				if w.Code != http.StatusOK {
					t.Errorf("%s: %d %s", what, w.Code, w.Body)
					return
				}
				for _, s := range want {
					if !strings.Contains(w.Body.String(), s) {
						t.Errorf("%s: no %q in %s", what, s, w.Body)
					}
				}
			}
			has("entity", req{method: "GET", path: "/api/v1/entities/kim-young-bok"}, `"id":"kim-yong-bok"`, "dup-visited-russia", "Kim Young-bok")
			has("neighborhood", req{method: "GET", path: "/api/v1/entities/kim-young-bok/neighborhood"}, `"id":"kim-yong-bok"`, "dup-visited-russia")
			has("paths", req{method: "GET", path: "/api/v1/paths?from=kim-young-bok&to=russia"}, "dup-visited-russia")
			has("oversight", req{method: "GET", path: "/api/v1/oversight?who=kim-young-bok"}, `"overseer":"kim-yong-bok"`, "corps-11")
			has("oversight by name", req{method: "GET", path: "/api/v1/oversight?who=" + "Kim%20Young-bok"}, `"overseer":"kim-yong-bok"`)
			has("subgraph", req{method: "POST", path: "/api/v1/subgraph", body: map[string]any{"ids": []string{"kim-young-bok", "corps-11"}}}, `"id":"kim-yong-bok"`, "kim-yong-bok--commands--corps-11")
			has("export seed", req{method: "POST", path: "/api/v1/export?format=json", body: map[string]any{"seed": "kim-young-bok"}}, `"id": "kim-yong-bok"`, "dup-visited-russia", `"revision":`)

			w = e.do(req{method: "POST", path: fmt.Sprintf("/api/v1/history/%d/revert", ans.Revision.Rev), token: "editor-red"})
			if w.Code != http.StatusOK {
				t.Fatalf("revert of the merge: %d %s", w.Code, w.Body)
			}
			var g graph.Subgraph
			w = e.do(req{method: "GET", path: "/api/v1/entities/kim-young-bok"})
			if err := json.Unmarshal(w.Body.Bytes(), &g); err != nil || w.Code != http.StatusOK {
				t.Fatalf("after revert: %d %s", w.Code, w.Body)
			}
			for _, n := range g.Nodes {
				if n.ID == "kim-yong-bok" {
					t.Errorf("after the revert the old id still redirects: %s", w.Body)
				}
			}
		})
	}
}
