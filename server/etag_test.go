package server

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"linkchart/graph"
)

// doIfMatch is e.do with an If-Match header.
func (e *env) doIfMatch(r req, tag string) *httptest.ResponseRecorder {
	e.t.Helper()
	hr := httptest.NewRequest(r.method, r.path, strings.NewReader(r.body.(string)))
	hr.Header.Set("Content-Type", "application/json")
	hr.Header.Set("Authorization", "Bearer "+r.token)
	hr.Header.Set("If-Match", tag)
	w := httptest.NewRecorder()
	e.h.ServeHTTP(w, hr)
	return w
}

// TestPatchIfMatch: entity and relation answers carry an ETag; a PATCH with
// If-Match of a stale ETag is 412 and changes nothing, a current one or
// "*" goes through and answers the new ETag.
func TestPatchIfMatch(t *testing.T) {
	for _, sk := range stores(t) {
		t.Run(sk.name, func(t *testing.T) {
			e := newEnv(t, sk, nil)
			for _, tt := range []struct{ path, field string }{
				{"/api/v1/entities/kim-yong-bok", "summary"},
				{"/api/v1/relations/kim-yong-bok--commands--corps-11", "note"},
			} {
				get := func() (string, string) {
					t.Helper()
					r := e.do(req{method: "GET", path: tt.path, token: "editor-clear"})
					if r.Code != 200 || r.Header().Get("ETag") == "" {
						t.Fatalf("GET %s = %d, ETag %q", tt.path, r.Code, r.Header().Get("ETag"))
					}
					return r.Header().Get("ETag"), r.Body.String()
				}
				patch := func(value, tag string) *httptest.ResponseRecorder {
					return e.doIfMatch(req{method: "PATCH", path: tt.path, token: "editor-clear",
						body: fmt.Sprintf(`{%q: %q}`, tt.field, value)}, tag)
				}
				first, _ := get()
				if again, _ := get(); again != first {
					t.Errorf("%s: ETag changed between two reads: %s, %s", tt.path, first, again)
				}
				r := patch("one", first)
				if r.Code != 200 {
					t.Fatalf("PATCH %s If-Match current = %d %s", tt.path, r.Code, r.Body.String())
				}
				second, body := get()
				if second == first || r.Header().Get("ETag") != second || !strings.Contains(body, `"one"`) {
					t.Errorf("%s: after PATCH ETag %s (answered %s), was %s; body has one: %v",
						tt.path, second, r.Header().Get("ETag"), first, strings.Contains(body, `"one"`))
				}
				// A client that read before that edit is refused.
				r = patch("lost", first)
				if r.Code != http.StatusPreconditionFailed {
					t.Errorf("PATCH %s If-Match stale = %d %s, want 412", tt.path, r.Code, r.Body.String())
				}
				if p := decode[Problem](t, r); p.Status != 412 || len(p.Errors) != 1 || p.Errors[0].Field != "If-Match" {
					t.Errorf("412 problem = %+v", p)
				}
				if now, body := get(); now != second || strings.Contains(body, `"lost"`) {
					t.Errorf("%s: the refused PATCH changed the record (ETag %s, was %s)", tt.path, now, second)
				}
				for _, tag := range []string{"W/" + second, `"nope", ` + first} {
					if r := patch("lost", tag); r.Code != http.StatusPreconditionFailed {
						t.Errorf("PATCH %s If-Match %s = %d, want 412", tt.path, tag, r.Code)
					}
				}
				if r := patch("two", `"nope", `+second); r.Code != 200 {
					t.Errorf("PATCH %s If-Match list holding the current tag = %d %s", tt.path, r.Code, r.Body.String())
				}
				if r := patch("three", "*"); r.Code != 200 {
					t.Errorf("PATCH %s If-Match * = %d %s", tt.path, r.Code, r.Body.String())
				}
			}
		})
	}
}

// TestConcurrentPatchesLoseNoUpdate: PATCHes of different props of one
// entity at once all land (the read-modify-write runs in the store).
func TestConcurrentPatchesLoseNoUpdate(t *testing.T) {
	for _, sk := range stores(t) {
		t.Run(sk.name, func(t *testing.T) {
			e := newEnv(t, sk, nil)
			const n = 12
			var wg sync.WaitGroup
			codes := make([]int, n)
			for i := range n {
				wg.Go(func() {
					codes[i] = e.do(req{method: "PATCH", path: "/api/v1/entities/corps-11", token: "editor-clear",
						body: fmt.Sprintf(`{"props": {"k%d": "v"}}`, i)}).Code
				})
			}
			wg.Wait()
			for i, c := range codes {
				if c != 200 {
					t.Errorf("PATCH %d = %d", i, c)
				}
			}
			g := decode[graph.Subgraph](t, e.do(req{method: "GET", path: "/api/v1/entities/corps-11", token: "editor-clear"}))
			for _, node := range g.Nodes {
				if node.ID == "corps-11" && len(node.Props) < n {
					t.Errorf("corps-11 has %d of the %d props patched at once: %v", len(node.Props), n, node.Props)
				}
			}
		})
	}
}

// TestDeleteRacingRedRelation: a TLP:RED relation created while an AMBER
// editor deletes one of its ends is never deleted by that editor: either
// the delete comes first (the relation then has no end) or it is refused.
func TestDeleteRacingRedRelation(t *testing.T) {
	for _, sk := range stores(t) {
		t.Run(sk.name, func(t *testing.T) {
			e := newEnv(t, sk, nil)
			for i := range 10 {
				id := fmt.Sprintf("target-%d", i)
				if r := e.do(req{method: "POST", path: "/api/v1/entities", token: "editor-amber",
					body: `{"id": "` + id + `", "kind": "Person", "name": "Target"}`}); r.Code != 201 {
					t.Fatalf("create %s = %d %s", id, r.Code, r.Body.String())
				}
				var created, deleted *httptest.ResponseRecorder
				var wg sync.WaitGroup
				wg.Go(func() {
					created = e.do(req{method: "POST", path: "/api/v1/relations", token: "editor-red",
						body: `{"type": "MEMBER_OF", "from": "` + id + `", "to": "corps-11", "sources": ["s-report"], "marking": "TLP:RED"}`})
				})
				wg.Go(func() {
					deleted = e.do(req{method: "DELETE", path: "/api/v1/entities/" + id, token: "editor-amber"})
				})
				wg.Wait()
				switch {
				case created.Code == 201 && deleted.Code == 204:
					t.Fatalf("round %d: the RED relation was created and the AMBER delete of its end went through", i)
				case created.Code == 201 && deleted.Code != 403:
					t.Errorf("round %d: DELETE after the RED relation = %d %s, want 403", i, deleted.Code, deleted.Body.String())
				case created.Code != 201 && (deleted.Code != 204 || created.Code >= 500):
					t.Errorf("round %d: POST relation = %d %s, DELETE = %d", i, created.Code, created.Body.String(), deleted.Code)
				}
			}
		})
	}
}

// TestWritesWithinClearance: the store's refusals reach the client as
// 403/404/400 with nothing written.
func TestWritesWithinClearance(t *testing.T) {
	for _, sk := range stores(t) {
		t.Run(sk.name, func(t *testing.T) {
			e := newEnv(t, sk, nil)
			before := e.schemaCounts()
			for _, tt := range []struct {
				name string
				r    req
				want int
			}{
				{"delete an entity with a RED relation", req{method: "DELETE", path: "/api/v1/entities/kim-yong-bok", token: "editor-amber"}, 403},
				{"delete a RED relation", req{method: "DELETE", path: "/api/v1/relations/kim-yong-bok--visited--kursk", token: "editor-amber"}, 404},
				{"import over a RED entity", req{method: "POST", path: "/api/v1/import", token: "editor-amber", contentType: "application/json",
					body: `{"entities": [{"id": "secret-agent", "kind": "Person", "name": "Renamed"}]}`}, 403},
				{"import a relation to a RED entity", req{method: "POST", path: "/api/v1/import", token: "editor-amber", contentType: "application/json",
					body: `{"relations": [{"id": "x-to-secret", "type": "MEMBER_OF", "from": "corps-11", "to": "secret-agent", "sources": ["s-report"]}]}`}, 400},
				{"patch an entity above one's clearance", req{method: "PATCH", path: "/api/v1/entities/amber-unit", token: "editor-clear", body: `{"name": "N"}`}, 404},
				{"patch a relation to a RED end", req{method: "PATCH", path: "/api/v1/relations/kim-yong-bok--commands--corps-11", token: "editor-amber", body: `{"to": "secret-agent"}`}, 400},
			} {
				if r := e.do(tt.r); r.Code != tt.want {
					t.Errorf("%s = %d %s, want %d", tt.name, r.Code, r.Body.String(), tt.want)
				}
			}
			if after := e.schemaCounts(); after.Counts != before.Counts {
				t.Errorf("refused writes changed the counts: %+v, was %+v", after.Counts, before.Counts)
			}
			// A made-up relation id taken by a RED relation gets the next
			// suffix, as a visible one does.
			r := e.do(req{method: "POST", path: "/api/v1/relations", token: "editor-amber",
				body: `{"type": "VISITED", "from": "kim-yong-bok", "to": "kursk", "sources": ["s-report"]}`})
			if g := decode[graph.Subgraph](t, r); r.Code != 201 || len(g.Edges) != 1 || g.Edges[0].ID == "kim-yong-bok--visited--kursk" {
				t.Errorf("POST a relation whose made-up id a RED one holds = %d %s", r.Code, r.Body.String())
			}
		})
	}
}
