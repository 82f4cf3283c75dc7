package server

import (
	"encoding/json"
	"strings"
	"testing"

	"linkchart/graph"
)

// TestCharts: save, list, read, rename and delete a chart through the API
// on every store; the chart is marked with the highest marking it shows,
// is invisible (404, absent from the list) above a caller's clearance, and
// writes need an editor.
func TestCharts(t *testing.T) {
	body := func(title string, ids ...string) map[string]any {
		ents := []map[string]any{}
		for i, id := range ids {
			ents = append(ents, map[string]any{"id": id, "x": 10 * i, "y": -5.5, "pinned": i == 0})
		}
		return map[string]any{"title": title, "entities": ents, "filters": map[string]string{"ht": "VISITED"},
			"time_window": map[string]string{"as_of": "2024-10"}, "selection": []string{ids[0]},
			"annotations": []map[string]any{{"id": "n1", "text": "the <i>commander</i>", "on": ids[0]}, {"id": "n2", "text": "canvas note", "x": 3, "y": 4}}}
	}
	for _, sk := range stores(t) {
		t.Run(sk.name, func(t *testing.T) {
			e := newEnv(t, sk, nil)
			decode := func(t *testing.T, b []byte) graph.Chart {
				t.Helper()
				var c graph.Chart
				if err := json.Unmarshal(b, &c); err != nil {
					t.Fatalf("%v: %s", err, b)
				}
				return c
			}
			// viewers may not save
			if w := e.do(req{method: "POST", path: "/api/v1/charts", body: body("x", "kursk")}); w.Code != 403 && w.Code != 401 {
				t.Fatalf("anonymous save = %d, want 401/403", w.Code)
			}
			// a chart of clear records is clear; with the red relation between kim-yong-bok and kursk, red
			w := e.do(req{method: "POST", path: "/api/v1/charts", token: "editor-clear", body: body("Clear chart", "kim-yong-bok", "kursk", "secret-agent")})
			if w.Code != 201 {
				t.Fatalf("save = %d: %s", w.Code, w.Body)
			}
			clear := decode(t, w.Body.Bytes())
			if clear.Marking != graph.Clear || len(clear.Entities) != 2 || clear.Entities[0].X != 0 || !clear.Entities[0].Pinned {
				t.Errorf("saved as editor-clear: %+v (secret-agent must be dropped, marking TLP:CLEAR)", clear)
			}
			w = e.do(req{method: "POST", path: "/api/v1/charts", token: "editor-red", body: body("Red chart", "kim-yong-bok", "kursk")})
			if w.Code != 201 {
				t.Fatalf("save red = %d: %s", w.Code, w.Body)
			}
			red := decode(t, w.Body.Bytes())
			if red.Marking != graph.Red {
				t.Errorf("a chart showing a red relation is marked %s", red.Marking)
			}
			w = e.do(req{method: "POST", path: "/api/v1/charts", token: "editor-amber", body: body("Amber chart", "amber-unit", "corps-11")})
			amber := decode(t, w.Body.Bytes())
			if amber.Marking != graph.Amber {
				t.Errorf("amber chart marked %s", amber.Marking)
			}
			list := func(tok string) string {
				w := e.do(req{method: "GET", path: "/api/v1/charts", token: tok})
				if w.Code != 200 {
					t.Fatalf("list = %d", w.Code)
				}
				return w.Body.String()
			}
			if l := list(""); !strings.Contains(l, clear.ID) || strings.Contains(l, red.ID) || strings.Contains(l, amber.ID) || strings.Contains(l, "Red chart") {
				t.Errorf("anonymous list shows charts above TLP:CLEAR: %s", l)
			}
			if l := list("viewer-red"); !strings.Contains(l, red.ID) || !strings.Contains(l, amber.ID) {
				t.Errorf("red list misses charts: %s", l)
			}
			for _, r := range []req{
				{method: "GET", path: "/api/v1/charts/" + red.ID},
				{method: "GET", path: "/api/v1/charts/" + amber.ID, token: "editor-clear"},
				{method: "PUT", path: "/api/v1/charts/" + red.ID, token: "editor-amber", body: body("mine now", "kursk")},
				{method: "DELETE", path: "/api/v1/charts/" + red.ID, token: "editor-amber"},
			} {
				if w := e.do(r); w.Code != 404 {
					t.Errorf("%s %s as %q = %d, want 404", r.method, r.path, r.token, w.Code)
				}
			}
			w = e.do(req{method: "GET", path: "/api/v1/charts/" + clear.ID})
			if got := decode(t, w.Body.Bytes()); w.Code != 200 || len(got.Annotations) != 2 || got.Annotations[0].Text != "the <i>commander</i>" || got.Window.AsOf != "2024-10" {
				t.Errorf("read = %d %+v", w.Code, got)
			}
			// rename (PUT replaces whole); delete
			if w := e.do(req{method: "PUT", path: "/api/v1/charts/" + clear.ID, token: "editor-clear", body: body("Renamed", "kursk")}); w.Code != 200 || decode(t, w.Body.Bytes()).Title != "Renamed" {
				t.Errorf("rename = %d %s", w.Code, w.Body)
			}
			if w := e.do(req{method: "DELETE", path: "/api/v1/charts/" + clear.ID, token: "editor-clear"}); w.Code != 204 {
				t.Errorf("delete = %d", w.Code)
			}
			if w := e.do(req{method: "GET", path: "/api/v1/charts/" + clear.ID}); w.Code != 404 {
				t.Errorf("deleted chart = %d", w.Code)
			}
			// bad input names the field
			w = e.do(req{method: "POST", path: "/api/v1/charts", token: "editor-clear", body: map[string]any{"title": "", "entities": []map[string]any{{"id": "Bad Id!"}}}})
			if w.Code != 400 || !strings.Contains(w.Body.String(), "title") || !strings.Contains(w.Body.String(), "entities[0].id") {
				t.Errorf("bad chart = %d %s", w.Code, w.Body)
			}
		})
	}
}

// TestExportShownEdges: POST /export with edges keeps only those relations
// among the ids, and only the sources they cite.
func TestExportShownEdges(t *testing.T) {
	e := newEnv(t, storeKind{"memstore", openMem}, nil)
	ids := []string{"kim-yong-bok", "corps-11", "kursk"}
	w := e.do(req{method: "POST", path: "/api/v1/export?format=json", body: map[string]any{"ids": ids, "edges": []string{"corps-11--deployed-to--kursk"}}})
	if w.Code != 200 {
		t.Fatalf("export = %d %s", w.Code, w.Body)
	}
	var v graph.Subgraph
	if err := json.Unmarshal(w.Body.Bytes(), &v); err != nil {
		t.Fatal(err)
	}
	if len(v.Nodes) != 3 || len(v.Edges) != 1 || v.Edges[0].ID != "corps-11--deployed-to--kursk" || len(v.Sources) != 2 {
		t.Errorf("export: %d nodes, edges %+v, %d sources", len(v.Nodes), v.Edges, len(v.Sources))
	}
	w = e.do(req{method: "POST", path: "/api/v1/export?format=json", body: map[string]any{"ids": ids}})
	if err := json.Unmarshal(w.Body.Bytes(), &v); err != nil || len(v.Edges) != 2 {
		t.Errorf("without edges every relation among the ids: %d, %v", len(v.Edges), err)
	}
}
