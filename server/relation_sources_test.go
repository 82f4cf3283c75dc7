package server

import (
	"net/http"
	"net/http/httptest"
	"slices"
	"testing"

	"linkchart/graph"
)

// lastWrite fails unless the store's last recorded write changed exactly
// the records ids (in any order): a relation written alone leaves its ends
// as they are.
func lastWrite(ids ...string) func(*testing.T, *env, *httptest.ResponseRecorder) {
	return func(t *testing.T, e *env, _ *httptest.ResponseRecorder) {
		h, ok := e.store.(graph.Historian)
		if !ok {
			t.Fatalf("%T records no history", e.store)
		}
		revs, err := h.History(t.Context(), graph.HistoryQuery{Limit: 1, Clearance: graph.Red})
		if err != nil || len(revs) != 1 {
			t.Fatalf("History() = %d revisions, %v", len(revs), err)
		}
		var got []string
		for _, c := range revs[0].Changes {
			got = append(got, c.ID)
		}
		slices.Sort(got)
		want := slices.Sorted(slices.Values(ids))
		if !slices.Equal(got, want) {
			t.Errorf("last write changed %v, want %v", got, want)
		}
	}
}

// TestRelationSourcesWrite: a second unsourced relation cites the reserved
// source the first created; an edit of an end made before an unsourced
// relation is drawn stays; a PATCH with new sources refused by If-Match
// writes none of them.
func TestRelationSourcesWrite(t *testing.T) {
	for _, sk := range stores(t) {
		t.Run(sk.name, func(t *testing.T) {
			e := newEnv(t, sk, nil)
			edit := e.do(req{method: "PATCH", path: "/api/v1/entities/russia", token: "editor-clear", body: `{"summary": "edited in between"}`})
			if edit.Code != 200 {
				t.Fatalf("PATCH russia = %d %s", edit.Code, edit.Body.String())
			}
			for _, from := range []string{"kim-yong-bok", "corps-11"} {
				w := e.do(req{method: "POST", path: "/api/v1/relations", token: "editor-clear",
					body: `{"type": "VISITED", "from": "` + from + `", "to": "russia", "unsourced": true}`})
				if w.Code != http.StatusCreated {
					t.Fatalf("POST unsourced relation from %s = %d %s", from, w.Code, w.Body.String())
				}
			}
			lastWrite("corps-11--visited--russia")(t, e, nil)
			g := decode[graph.Subgraph](t, e.do(req{method: "GET", path: "/api/v1/entities/russia", token: "editor-clear"}))
			for _, n := range g.Nodes {
				if n.ID == "russia" && n.Summary != "edited in between" {
					t.Errorf("russia's summary = %q, want the edit made before the relations kept", n.Summary)
				}
			}

			const path = "/api/v1/relations/kim-yong-bok--commands--corps-11"
			stale := e.do(req{method: "GET", path: path, token: "editor-clear"}).Header().Get("ETag")
			if w := e.do(req{method: "PATCH", path: path, token: "editor-clear", body: `{"note": "changed"}`}); w.Code != 200 {
				t.Fatalf("PATCH note = %d %s", w.Code, w.Body.String())
			}
			w := e.doIfMatch(req{method: "PATCH", path: path, token: "editor-clear",
				body: `{"sources": ["s-report", "s-second"], "new_sources": [{"id": "s-second", "title": "A second report"}]}`}, stale)
			if w.Code != http.StatusPreconditionFailed {
				t.Errorf("PATCH with a new source and a stale If-Match = %d %s, want 412", w.Code, w.Body.String())
			}
			sourceStored("s-second", false)(t, e, w)
		})
	}
}
