package server

import (
	"fmt"
	"net/http"
	"testing"

	"linkchart/graph"
)

// TestHistoryAPI: writes through the API are recorded with the token's
// name and before/after, listed newest first within the caller's
// clearance, and reverted by an editor (409 when a later revision changed
// the record, 401/403 without an editor's token), on every store.
func TestHistoryAPI(t *testing.T) {
	for _, sk := range stores(t) {
		t.Run(sk.name, func(t *testing.T) {
			e := newEnv(t, sk, func(o *Options) {
				o.Tokens = map[string]Access{
					"tok-ed":  {Name: "alice", Role: RoleEditor, Clearance: graph.Red},
					"tok-vw":  {Name: "val", Role: RoleViewer, Clearance: graph.Clear},
					"tok-vwr": {Name: "rita", Role: RoleViewer, Clearance: graph.Red},
				}
			})
			must := func(w interface{ Result() *http.Response }, code int, what string) {
				t.Helper()
				if got := w.Result().StatusCode; got != code {
					t.Fatalf("%s: %d, want %d", what, got, code)
				}
			}
			w := e.do(req{method: "POST", path: "/api/v1/entities", token: "tok-ed", body: map[string]any{"id": "hist-a", "kind": "Person", "name": "Hist Alpha"}})
			must(w, http.StatusCreated, "create")
			for _, name := range []string{"Hist Beta", "Hist Gamma"} {
				w = e.do(req{method: "PATCH", path: "/api/v1/entities/hist-a", token: "tok-ed", body: map[string]any{"name": name}})
				must(w, http.StatusOK, "patch "+name)
			}
			w = e.do(req{method: "POST", path: "/api/v1/entities", token: "tok-ed", body: map[string]any{"id": "hist-red", "kind": "Unit", "name": "Hist Red", "marking": "TLP:RED"}})
			must(w, http.StatusCreated, "create red")

			got := decode[historyAnswer](t, e.do(req{method: "GET", path: "/api/v1/history?id=hist-a", token: "tok-vw"}))
			if len(got.Revisions) != 3 || got.Revisions[0].Op != "update" || got.Revisions[2].Op != "create" || got.Revisions[0].Who != "alice" {
				t.Fatalf("history of hist-a = %+v", got.Revisions)
			}
			if got := decode[historyAnswer](t, e.do(req{method: "GET", path: "/api/v1/history?id=hist-red", token: "tok-vw"})); len(got.Revisions) != 0 {
				t.Errorf("a CLEAR viewer sees the history of a RED record: %+v", got.Revisions)
			}
			if got := decode[historyAnswer](t, e.do(req{method: "GET", path: "/api/v1/history?id=hist-red", token: "tok-vwr"})); len(got.Revisions) != 1 {
				t.Errorf("a RED viewer sees %d revisions of hist-red, want 1", len(got.Revisions))
			}
			if got := decode[historyAnswer](t, e.do(req{method: "GET", path: "/api/v1/history?limit=1", token: "tok-vwr"})); len(got.Revisions) != 1 {
				t.Errorf("limit=1 gave %d revisions", len(got.Revisions))
			}
			last, first := got.Revisions[0].Rev, got.Revisions[1].Rev
			must(e.do(req{method: "POST", path: fmt.Sprintf("/api/v1/history/%d/revert", last), token: "tok-vw"}), http.StatusForbidden, "revert as a viewer")
			must(e.do(req{method: "POST", path: fmt.Sprintf("/api/v1/history/%d/revert", last)}), http.StatusUnauthorized, "revert without a token")
			must(e.do(req{method: "POST", path: fmt.Sprintf("/api/v1/history/%d/revert", first), token: "tok-ed"}), http.StatusConflict, "revert of an older change")
			must(e.do(req{method: "POST", path: fmt.Sprintf("/api/v1/history/%d/revert", last), token: "tok-ed"}), http.StatusOK, "revert")
			must(e.do(req{method: "POST", path: "/api/v1/history/99999999/revert", token: "tok-ed"}), http.StatusNotFound, "revert of a missing revision")
			g := decode[graph.Subgraph](t, e.do(req{method: "GET", path: "/api/v1/entities/hist-a", token: "tok-vw"}))
			if len(g.Nodes) == 0 || g.Nodes[0].Name != "Hist Beta" {
				t.Errorf("after revert: %+v, want Hist Beta", g.Nodes)
			}
			h := decode[historyAnswer](t, e.do(req{method: "GET", path: "/api/v1/history?id=hist-a&limit=1", token: "tok-vw"}))
			if len(h.Revisions) != 1 || h.Revisions[0].Op != "revert" || h.Revisions[0].Reverts != last {
				t.Errorf("the revert is recorded as %+v", h.Revisions)
			}
		})
	}
}
