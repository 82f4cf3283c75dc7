package server

import (
	"bytes"
	"context"
	"fmt"
	"mime/multipart"
	"net/http/httptest"
	"sort"
	"strings"
	"testing"

	"linkchart/graph"
)

// Columns of the status table (issue 5).
const (
	colOK        = "ok"
	colBad       = "bad input"
	colUnknown   = "unknown id"
	colNoToken   = "no token"
	colRole      = "role too low"
	colClearance = "clearance too low"
	colOther     = "other"
)

var columns = []string{colOK, colBad, colUnknown, colNoToken, colRole, colClearance, colOther}

// apiCase is one request against the fixture and the status it must get.
type apiCase struct {
	endpoint string // "GET /entities/{id}"
	column   string
	name     string
	r        req
	// authRequired runs the case on a server with AuthRequired.
	authRequired bool
	// mutates runs the case on a fresh store.
	mutates bool
	// tweak runs the case on a fresh store with changed options.
	tweak func(*Options)
	want  int
	check func(t *testing.T, e *env, w *httptest.ResponseRecorder)
}

// hasNot fails when the body mentions any of ids.
func hasNot(ids ...string) func(*testing.T, *env, *httptest.ResponseRecorder) {
	return func(t *testing.T, _ *env, w *httptest.ResponseRecorder) {
		for _, id := range ids {
			if strings.Contains(w.Body.String(), id) {
				t.Errorf("body mentions %q, which is above the caller's clearance:\n%s", id, w.Body.String())
			}
		}
	}
}

// has fails unless the body mentions every one of ids.
func has(ids ...string) func(*testing.T, *env, *httptest.ResponseRecorder) {
	return func(t *testing.T, _ *env, w *httptest.ResponseRecorder) {
		for _, id := range ids {
			if !strings.Contains(w.Body.String(), id) {
				t.Errorf("body lacks %q:\n%s", id, w.Body.String())
			}
		}
	}
}

// fields fails unless the problem names every one of fields.
func fields(names ...string) func(*testing.T, *env, *httptest.ResponseRecorder) {
	return func(t *testing.T, _ *env, w *httptest.ResponseRecorder) {
		if ct := w.Header().Get("Content-Type"); ct != "application/problem+json" {
			t.Errorf("Content-Type = %q, want application/problem+json", ct)
		}
		p := decode[Problem](t, w)
		got := map[string]bool{}
		for _, f := range p.Errors {
			got[f.Field] = true
		}
		for _, n := range names {
			if !got[n] {
				t.Errorf("problem does not name field %q: %+v", n, p.Errors)
			}
		}
		if p.Type == "" || p.Title == "" || p.Status != w.Code || p.Instance == "" {
			t.Errorf("problem lacks type/title/status/instance: %+v", p)
		}
	}
}

// sourceStored fails unless the store holds source id exactly when want.
func sourceStored(id string, want bool) func(*testing.T, *env, *httptest.ResponseRecorder) {
	return func(t *testing.T, e *env, _ *httptest.ResponseRecorder) {
		_, err := e.store.Source(context.Background(), id)
		if got := err == nil; got != want {
			t.Errorf("source %s stored: %v, want %v (%v)", id, got, want, err)
		}
	}
}

func all(checks ...func(*testing.T, *env, *httptest.ResponseRecorder)) func(*testing.T, *env, *httptest.ResponseRecorder) {
	return func(t *testing.T, e *env, w *httptest.ResponseRecorder) {
		for _, c := range checks {
			c(t, e, w)
		}
	}
}

// unchanged fails when the graph changed (counts seen by a red reader).
func unchanged(before graph.Schema) func(*testing.T, *env, *httptest.ResponseRecorder) {
	return func(t *testing.T, e *env, _ *httptest.ResponseRecorder) {
		if after := e.schemaCounts(); fmt.Sprint(after) != fmt.Sprint(before) {
			t.Errorf("graph changed:\nbefore %v\nafter  %v", before, after)
		}
	}
}

func apiCases() []apiCase {
	dataset := `{"sources": [{"id": "s-new", "title": "New source", "reliability": "C"}],
		"entities": [{"id": "new-a", "kind": "Person", "name": "New A"}, {"id": "new-b", "kind": "Unit", "name": "New B"}],
		"relations": [{"type": "MEMBER_OF", "from": "new-a", "to": "new-b", "sources": ["s-new"], "credibility": 3}]}`
	yamlDataset := "sources:\n  - {id: s-y, title: Y source}\nentities:\n  - {id: y-a, kind: Place, name: Y Place}\nrelations: []\n"
	csvBody, csvType := multipartCSV(map[string]string{
		"nodes":   "id,kind,name,aliases,summary,marking\ncsv-a,Person,CSV A,Alias A;Alias B,,\ncsv-b,Unit,CSV B,,,TLP:CLEAR\n",
		"edges":   "id,from,type,to,since,until,credibility,sources,note,marking\n,csv-a,MEMBER_OF,csv-b,2024,,2,s-csv,,\n,csv-a,VISITED,csv-b,,,,,,\n",
		"sources": "id,title,publisher,author,date,url,reliability,note\ns-csv,CSV source,,,2024,,B,\n",
	})
	return append(append(append(analysisCases(), windowCases()...), geoCases()...), []apiCase{
		// GET /entities
		{endpoint: "GET /entities", column: colOK, r: req{method: "GET", path: "/api/v1/entities?q=kim+yong"}, want: 200, check: has("kim-yong-bok", `"score"`)},
		{endpoint: "GET /entities", column: colOK, name: "alias typo kind", r: req{method: "GET", path: "/api/v1/entities?q=storm+corp&kind=Unit,Person&limit=5"}, want: 200, check: has("corps-11")},
		{endpoint: "GET /entities", column: colBad, r: req{method: "GET", path: "/api/v1/entities?limit=0&kind=Alien"}, want: 400, check: fields("q", "limit", "kind")},
		{endpoint: "GET /entities", column: colBad, name: "limit not a number", r: req{method: "GET", path: "/api/v1/entities?q=kim&limit=ten"}, want: 400, check: fields("limit")},
		{endpoint: "GET /entities", column: colUnknown, r: req{method: "GET", path: "/api/v1/entities?q=nobody+at+all"}, want: 200, check: hasNot("kim-yong-bok")},
		{endpoint: "GET /entities", column: colNoToken, authRequired: true, r: req{method: "GET", path: "/api/v1/entities?q=kim"}, want: 401},
		{endpoint: "GET /entities", column: colClearance, r: req{method: "GET", path: "/api/v1/entities?q=secret+agent", token: "editor-amber"}, want: 200, check: hasNot("secret-agent")},
		{endpoint: "GET /entities", column: colClearance, name: "cleared sees it", r: req{method: "GET", path: "/api/v1/entities?q=secret+agent", token: "viewer-red"}, want: 200, check: has("secret-agent")},
		{endpoint: "GET /entities", column: colOther, name: "bad token", r: req{method: "GET", path: "/api/v1/entities?q=kim", token: "nope"}, want: 401},

		// GET /entities/{id}
		{endpoint: "GET /entities/{id}", column: colOK, r: req{method: "GET", path: "/api/v1/entities/kim-yong-bok"}, want: 200,
			check: all(has("kim-yong-bok--commands--corps-11", "s-report", `"grade":"B2"`, `"truncated":false`), hasNot("kim-yong-bok--visited--kursk", "s-blog"))},
		{endpoint: "GET /entities/{id}", column: colBad, r: req{method: "GET", path: "/api/v1/entities/Not_An_Id"}, want: 400, check: fields("id")},
		{endpoint: "GET /entities/{id}", column: colUnknown, r: req{method: "GET", path: "/api/v1/entities/nobody"}, want: 404},
		{endpoint: "GET /entities/{id}", column: colNoToken, authRequired: true, r: req{method: "GET", path: "/api/v1/entities/kim-yong-bok"}, want: 401},
		{endpoint: "GET /entities/{id}", column: colClearance, r: req{method: "GET", path: "/api/v1/entities/secret-agent", token: "editor-amber"}, want: 404},
		{endpoint: "GET /entities/{id}", column: colClearance, name: "red edge hidden", r: req{method: "GET", path: "/api/v1/entities/kursk", token: "editor-amber"}, want: 200, check: hasNot("kim-yong-bok--visited--kursk")},

		// GET /entities/{id}/neighborhood
		{endpoint: "GET /entities/{id}/neighborhood", column: colOK, r: req{method: "GET", path: "/api/v1/entities/corps-11/neighborhood?depth=2&types=COMMANDS,PART_OF&as_of=2024-12&min_grade=B"}, want: 200,
			check: all(has("kim-yong-bok", "brigade-1", "dprk"), hasNot("kursk", "amber-unit", "secret-agent"))},
		{endpoint: "GET /entities/{id}/neighborhood", column: colOK, name: "limit truncates", r: req{method: "GET", path: "/api/v1/entities/corps-11/neighborhood?limit=2"}, want: 200, check: has(`"truncated":true`)},
		{endpoint: "GET /entities/{id}/neighborhood", column: colBad, r: req{method: "GET", path: "/api/v1/entities/corps-11/neighborhood?depth=4&kinds=Alien&types=commands&as_of=2024-13&min_grade=Z9&limit=5001"}, want: 400,
			check: fields("depth", "kinds", "types", "as_of", "min_grade", "limit")},
		{endpoint: "GET /entities/{id}/neighborhood", column: colUnknown, r: req{method: "GET", path: "/api/v1/entities/nobody/neighborhood"}, want: 404},
		{endpoint: "GET /entities/{id}/neighborhood", column: colNoToken, authRequired: true, r: req{method: "GET", path: "/api/v1/entities/corps-11/neighborhood"}, want: 401},
		{endpoint: "GET /entities/{id}/neighborhood", column: colClearance, r: req{method: "GET", path: "/api/v1/entities/secret-agent/neighborhood", token: "editor-amber"}, want: 404},
		{endpoint: "GET /entities/{id}/neighborhood", column: colClearance, name: "amber sees amber not red", r: req{method: "GET", path: "/api/v1/entities/corps-11/neighborhood", token: "editor-amber"}, want: 200,
			check: all(has("amber-unit"), hasNot("secret-agent"))},

		// GET /relations/{id}
		{endpoint: "GET /relations/{id}", column: colOK, r: req{method: "GET", path: "/api/v1/relations/kim-yong-bok--commands--corps-11"}, want: 200},
		{endpoint: "GET /relations/{id}", column: colBad, r: req{method: "GET", path: "/api/v1/relations/BAD%20ID"}, want: 400, check: fields("id")},
		{endpoint: "GET /relations/{id}", column: colUnknown, r: req{method: "GET", path: "/api/v1/relations/nobody--visited--russia"}, want: 404},
		{endpoint: "GET /relations/{id}", column: colUnknown, name: "free-form id", r: req{method: "GET", path: "/api/v1/relations/free-form-id"}, want: 404},
		{endpoint: "GET /relations/{id}", column: colNoToken, authRequired: true, r: req{method: "GET", path: "/api/v1/relations/kim-yong-bok--commands--corps-11"}, want: 401},
		{endpoint: "GET /relations/{id}", column: colClearance, r: req{method: "GET", path: "/api/v1/relations/secret-agent--member-of--corps-11", token: "editor-amber"}, want: 404},

		// GET /paths
		{endpoint: "GET /paths", column: colOK, r: req{method: "GET", path: "/api/v1/paths?from=kim-yong-bok&to=russia&k=2"}, want: 200,
			check: all(pathLens(3), hasNot("kim-yong-bok--visited--kursk"))},
		{endpoint: "GET /paths", column: colOK, name: "names and aliases", r: req{method: "GET", path: "/api/v1/paths?from=Kim+Yong+Bok&to=DPRK&max_depth=2"}, want: 200, check: pathLens(2)},
		{endpoint: "GET /paths", column: colOK, name: "names in other spellings", r: req{method: "GET", path: "/api/v1/paths?from=Kim%20Young-bok&to=DPRK&max_depth=2"}, want: 200, check: pathLens(2)},
		{endpoint: "GET /paths", column: colBad, r: req{method: "GET", path: "/api/v1/paths?from=kim-yong-bok&max_depth=11&k=0&types=x"}, want: 400, check: fields("to", "max_depth", "k", "types")},
		{endpoint: "GET /paths", column: colBad, name: "ambiguous name", r: req{method: "GET", path: "/api/v1/paths?from=Pak+Chol&to=russia"}, want: 400,
			check: all(fields("from"), has("pak-chol-1", "pak-chol-2"))},
		{endpoint: "GET /paths", column: colUnknown, r: req{method: "GET", path: "/api/v1/paths?from=nobody&to=russia"}, want: 404, check: fields("from")},
		{endpoint: "GET /paths", column: colUnknown, name: "a typo names the near match", r: req{method: "GET", path: "/api/v1/paths?from=Kim%20Yong%20Bk&to=russia"}, want: 404,
			check: all(fields("from"), has("did you mean Kim Yong Bok (kim-yong-bok)?", "candidate kim-yong-bok: Kim Yong Bok (Person)"))},
		{endpoint: "GET /paths", column: colNoToken, authRequired: true, r: req{method: "GET", path: "/api/v1/paths?from=kim-yong-bok&to=russia"}, want: 401},
		{endpoint: "GET /paths", column: colClearance, r: req{method: "GET", path: "/api/v1/paths?from=secret-agent&to=russia", token: "editor-amber"}, want: 404},
		{endpoint: "GET /paths", column: colClearance, name: "red shortcut only when cleared", r: req{method: "GET", path: "/api/v1/paths?from=kim-yong-bok&to=russia", token: "viewer-red"}, want: 200, check: pathLens(2)},

		// GET /oversight
		{endpoint: "GET /oversight", column: colOK, r: req{method: "GET", path: "/api/v1/oversight?who=Kim+Yong+Bok"}, want: 200,
			check: all(has(`"target":"corps-11"`, `"target":"brigade-1"`), hasNot("amber-unit"))},
		{endpoint: "GET /oversight", column: colOK, name: "what", r: req{method: "GET", path: "/api/v1/oversight?what=brigade-1&as_of=2024-11"}, want: 200, check: has(`"overseer":"kim-yong-bok"`)},
		{endpoint: "GET /oversight", column: colBad, r: req{method: "GET", path: "/api/v1/oversight?who=kim-yong-bok&what=corps-11&as_of=yesterday"}, want: 400, check: fields("as_of", "who", "what")},
		{endpoint: "GET /oversight", column: colBad, name: "neither", r: req{method: "GET", path: "/api/v1/oversight"}, want: 400, check: fields("who", "what")},
		{endpoint: "GET /oversight", column: colUnknown, r: req{method: "GET", path: "/api/v1/oversight?what=nobody"}, want: 404},
		{endpoint: "GET /oversight", column: colNoToken, authRequired: true, r: req{method: "GET", path: "/api/v1/oversight?who=kim-yong-bok"}, want: 401},
		{endpoint: "GET /oversight", column: colClearance, r: req{method: "GET", path: "/api/v1/oversight?what=amber-unit", token: "editor-clear"}, want: 404},
		{endpoint: "GET /oversight", column: colClearance, name: "amber target for amber", r: req{method: "GET", path: "/api/v1/oversight?who=kim-yong-bok", token: "editor-amber"}, want: 200, check: has(`"target":"amber-unit"`)},

		// POST /subgraph
		{endpoint: "POST /subgraph", column: colOK, r: req{method: "POST", path: "/api/v1/subgraph", body: map[string]any{"ids": []string{"kim-yong-bok", "corps-11", "kursk"}}}, want: 200,
			check: all(has("kim-yong-bok--commands--corps-11", "corps-11--deployed-to--kursk", "s-blog"), hasNot("kim-yong-bok--visited--kursk"))},
		{endpoint: "POST /subgraph", column: colBad, r: req{method: "POST", path: "/api/v1/subgraph", body: map[string]any{"ids": []string{"ok-id", "Not OK"}}}, want: 400, check: fields("ids[1]")},
		{endpoint: "POST /subgraph", column: colBad, name: "empty", r: req{method: "POST", path: "/api/v1/subgraph", body: `{"ids": []}`}, want: 400, check: fields("ids")},
		{endpoint: "POST /subgraph", column: colBad, name: "unknown field", r: req{method: "POST", path: "/api/v1/subgraph", body: `{"ids": ["kursk"], "depth": 2}`}, want: 400, check: fields("depth")},
		{endpoint: "POST /subgraph", column: colBad, name: "wrong type", r: req{method: "POST", path: "/api/v1/subgraph", body: `{"ids": "kursk"}`}, want: 400, check: fields("ids")},
		{endpoint: "POST /subgraph", column: colOther, name: "413", tweak: func(o *Options) { o.MaxBodyBytes = 64 }, r: req{method: "POST", path: "/api/v1/subgraph", body: `{"ids": ["kursk", "russia", "dprk", "corps-11", "brigade-1", "kim-yong-bok"]}`}, want: 413},
		{endpoint: "POST /subgraph", column: colUnknown, r: req{method: "POST", path: "/api/v1/subgraph", body: `{"ids": ["nobody"]}`}, want: 200, check: has(`"nodes":[]`)},
		{endpoint: "POST /subgraph", column: colNoToken, authRequired: true, r: req{method: "POST", path: "/api/v1/subgraph", body: `{"ids": ["kursk"]}`}, want: 200 + 201},
		{endpoint: "POST /subgraph", column: colClearance, r: req{method: "POST", path: "/api/v1/subgraph", body: `{"ids": ["secret-agent", "corps-11", "amber-unit"]}`, token: "viewer-clear"}, want: 200,
			check: hasNot("secret-agent", "amber-unit", "secret-agent--member-of--corps-11")},

		// POST /export
		{endpoint: "POST /export", column: colOK, r: req{method: "POST", path: "/api/v1/export?format=json", body: `{"ids": ["kim-yong-bok", "corps-11"], "title": "Brief", "positions": {"kim-yong-bok": {"x": 1, "y": 2}}}`}, want: 200,
			check: all(has("kim-yong-bok--commands--corps-11"), attachment(".json"))},
		{endpoint: "POST /export", column: colOK, name: "seed by name", r: req{method: "POST", path: "/api/v1/export?format=graphml", body: `{"seed": "Storm Corps", "depth": 2}`}, want: 200,
			check: all(has("kim-yong-bok", "russia"), hasNot("secret-agent", "amber-unit"), attachment(".graphml"))},
		{endpoint: "POST /export", column: colBad, r: req{method: "POST", path: "/api/v1/export?format=xlsx", body: `{"ids": ["kursk"], "depth": 7}`}, want: 400, check: fields("format")},
		{endpoint: "POST /export", column: colBad, name: "ids and seed", r: req{method: "POST", path: "/api/v1/export?format=json", body: `{"ids": ["kursk"], "seed": "kursk", "depth": 9}`}, want: 400, check: fields("ids", "seed", "depth")},
		{endpoint: "POST /export", column: colUnknown, r: req{method: "POST", path: "/api/v1/export?format=csv", body: `{"seed": "nobody"}`}, want: 404, check: fields("seed")},
		{endpoint: "POST /export", column: colNoToken, authRequired: true, r: req{method: "POST", path: "/api/v1/export?format=json", body: `{"ids": ["kursk"]}`}, want: 401},
		{endpoint: "POST /export", column: colClearance, r: req{method: "POST", path: "/api/v1/export?format=json", body: `{"seed": "secret-agent"}`, token: "editor-amber"}, want: 404},
		{endpoint: "POST /export", column: colClearance, name: "rows hidden", r: req{method: "POST", path: "/api/v1/export?format=cypher", body: `{"ids": ["secret-agent", "corps-11", "kim-yong-bok", "kursk"]}`}, want: 200,
			check: hasNot("secret-agent", "Secret Agent", "kim-yong-bok--visited--kursk")},

		// GET /schema
		{endpoint: "GET /schema", column: colOK, r: req{method: "GET", path: "/api/v1/schema", token: "viewer-red"}, want: 200, check: has(`"nodes":10`, `"edges":10`, `"sources":2`, `"revision":`)},
		{endpoint: "GET /schema", column: colNoToken, authRequired: true, r: req{method: "GET", path: "/api/v1/schema"}, want: 401},
		{endpoint: "GET /schema", column: colClearance, r: req{method: "GET", path: "/api/v1/schema"}, want: 200, check: has(`"nodes":8`, `"edges":7`, `"Person":3`)},

		// GET /overview
		{endpoint: "GET /overview", column: colOK, r: req{method: "GET", path: "/api/v1/overview?top=3"}, want: 200, check: topConnected(3, "corps-11")},
		{endpoint: "GET /overview", column: colOK, name: "by kind", r: req{method: "GET", path: "/api/v1/overview?kind=Place"}, want: 200, check: all(has("kursk"), hasNot("corps-11", "kim-yong-bok"))},
		{endpoint: "GET /overview", column: colBad, r: req{method: "GET", path: "/api/v1/overview?top=0&kind=Wizard"}, want: 400, check: fields("top", "kind")},
		{endpoint: "GET /overview", column: colNoToken, authRequired: true, r: req{method: "GET", path: "/api/v1/overview"}, want: 401},
		{endpoint: "GET /overview", column: colClearance, r: req{method: "GET", path: "/api/v1/overview?kind=Person&top=100"}, want: 200, check: hasNot("secret-agent")},
		{endpoint: "GET /overview", column: colClearance, name: "red", r: req{method: "GET", path: "/api/v1/overview?kind=Person&top=100", token: "viewer-red"}, want: 200, check: has("secret-agent")},

		// POST /entities
		{endpoint: "POST /entities", column: colOK, mutates: true, r: req{method: "POST", path: "/api/v1/entities", token: "editor-clear",
			body: `{"id": "new-person", "kind": "Person", "name": "New Person", "aliases": ["NP"], "props": {"rank": "Major"}}`}, want: 201,
			check: all(has("new-person", `"rank":"Major"`), location("/api/v1/entities/new-person"))},
		{endpoint: "POST /entities", column: colBad, mutates: true, r: req{method: "POST", path: "/api/v1/entities", token: "editor-clear",
			body: `{"id": "Bad Id", "kind": "Alien", "name": "", "marking": "SECRET", "aliases": ["ok", ""]}`}, want: 400, check: fields("id", "kind", "name", "marking", "aliases[1]")},
		{endpoint: "POST /entities", column: colOther, name: "409 exists", mutates: true, r: req{method: "POST", path: "/api/v1/entities", token: "editor-clear",
			body: `{"id": "kim-yong-bok", "kind": "Person", "name": "Other Kim"}`}, want: 409},
		{endpoint: "POST /entities", column: colOther, name: "413", tweak: func(o *Options) { o.MaxBodyBytes = 64 }, r: req{method: "POST", path: "/api/v1/entities", token: "editor-clear",
			body: `{"id": "new-person", "kind": "Person", "name": "New Person", "summary": "a long enough summary to pass the cap"}`}, want: 413},
		{endpoint: "POST /entities", column: colNoToken, authRequired: true, mutates: true, r: req{method: "POST", path: "/api/v1/entities", body: `{"id": "x", "kind": "Person", "name": "X"}`}, want: 401},
		{endpoint: "POST /entities", column: colRole, mutates: true, r: req{method: "POST", path: "/api/v1/entities", token: "viewer-red", body: `{"id": "x", "kind": "Person", "name": "X"}`}, want: 403},
		{endpoint: "POST /entities", column: colNoToken, name: "anonymous may sign in", mutates: true, r: req{method: "POST", path: "/api/v1/entities", body: `{"id": "x", "kind": "Person", "name": "X"}`}, want: 401},
		{endpoint: "POST /entities", column: colClearance, mutates: true, r: req{method: "POST", path: "/api/v1/entities", token: "editor-amber", body: `{"id": "x", "kind": "Person", "name": "X", "marking": "TLP:RED"}`}, want: 403, check: fields("marking")},

		// PATCH /entities/{id}
		{endpoint: "PATCH /entities/{id}", column: colOK, mutates: true, r: req{method: "PATCH", path: "/api/v1/entities/kim-yong-bok", token: "editor-clear",
			body: `{"name": "Kim Yong-bok", "props": {"rank": "General"}}`}, want: 200, check: has(`"name":"Kim Yong-bok"`, `"rank":"General"`, "KYB", "kim-yong-bok--commands--corps-11")},
		{endpoint: "PATCH /entities/{id}", column: colBad, mutates: true, r: req{method: "PATCH", path: "/api/v1/entities/kim-yong-bok", token: "editor-clear", body: `{"kind": "Alien", "idx": 1}`}, want: 400, check: fields("idx")},
		{endpoint: "PATCH /entities/{id}", column: colBad, name: "bad kind", mutates: true, r: req{method: "PATCH", path: "/api/v1/entities/kim-yong-bok", token: "editor-clear", body: `{"kind": "Alien", "summary": "a\u0000b"}`}, want: 400, check: fields("kind", "summary")},
		{endpoint: "PATCH /entities/{id}", column: colUnknown, mutates: true, r: req{method: "PATCH", path: "/api/v1/entities/nobody", token: "editor-clear", body: `{"name": "N"}`}, want: 404},
		{endpoint: "PATCH /entities/{id}", column: colNoToken, authRequired: true, mutates: true, r: req{method: "PATCH", path: "/api/v1/entities/kim-yong-bok", body: `{"name": "N"}`}, want: 401},
		{endpoint: "PATCH /entities/{id}", column: colRole, mutates: true, r: req{method: "PATCH", path: "/api/v1/entities/kim-yong-bok", token: "viewer-red", body: `{"name": "N"}`}, want: 403},
		{endpoint: "PATCH /entities/{id}", column: colClearance, mutates: true, r: req{method: "PATCH", path: "/api/v1/entities/secret-agent", token: "editor-amber", body: `{"name": "N"}`}, want: 404},
		{endpoint: "PATCH /entities/{id}", column: colClearance, name: "mark above own clearance", mutates: true, r: req{method: "PATCH", path: "/api/v1/entities/kim-yong-bok", token: "editor-clear", body: `{"marking": "TLP:GREEN"}`}, want: 403},

		// DELETE /entities/{id}
		{endpoint: "DELETE /entities/{id}", column: colOK, mutates: true, r: req{method: "DELETE", path: "/api/v1/entities/pak-chol-1", token: "editor-clear"}, want: 204, check: gone("/api/v1/entities/pak-chol-1")},
		{endpoint: "DELETE /entities/{id}", column: colBad, mutates: true, r: req{method: "DELETE", path: "/api/v1/entities/Bad_Id", token: "editor-clear"}, want: 400, check: fields("id")},
		{endpoint: "DELETE /entities/{id}", column: colUnknown, mutates: true, r: req{method: "DELETE", path: "/api/v1/entities/nobody", token: "editor-clear"}, want: 404},
		{endpoint: "DELETE /entities/{id}", column: colNoToken, authRequired: true, mutates: true, r: req{method: "DELETE", path: "/api/v1/entities/pak-chol-1"}, want: 401},
		{endpoint: "DELETE /entities/{id}", column: colRole, mutates: true, r: req{method: "DELETE", path: "/api/v1/entities/pak-chol-1", token: "viewer-red"}, want: 403},
		{endpoint: "DELETE /entities/{id}", column: colClearance, mutates: true, r: req{method: "DELETE", path: "/api/v1/entities/amber-unit", token: "editor-clear"}, want: 404},
		{endpoint: "DELETE /entities/{id}", column: colClearance, name: "hidden relations", mutates: true, r: req{method: "DELETE", path: "/api/v1/entities/kim-yong-bok", token: "editor-amber"}, want: 403},

		// POST /relations
		{endpoint: "POST /relations", column: colOK, mutates: true, r: req{method: "POST", path: "/api/v1/relations", token: "editor-clear",
			body: `{"type": "VISITED", "from": "KYB", "to": "russia", "since": "2024-11", "credibility": 2, "sources": ["s-report"]}`}, want: 201,
			check: all(has("kim-yong-bok--visited--russia", `"grade":"B2"`), location("/api/v1/relations/kim-yong-bok--visited--russia"))},
		{endpoint: "POST /relations", column: colBad, mutates: true, r: req{method: "POST", path: "/api/v1/relations", token: "editor-clear",
			body: `{"type": "visited", "from": "", "to": "russia", "since": "2024-1", "credibility": 7, "sources": []}`}, want: 400, check: fields("type", "from", "since", "credibility", "sources")},
		{endpoint: "POST /relations", column: colBad, name: "unknown source", mutates: true, r: req{method: "POST", path: "/api/v1/relations", token: "editor-clear",
			body: `{"type": "VISITED", "from": "kim-yong-bok", "to": "russia", "sources": ["s-report", "s-none"]}`}, want: 400, check: fields("sources[1]")},
		{endpoint: "POST /relations", column: colUnknown, mutates: true, r: req{method: "POST", path: "/api/v1/relations", token: "editor-clear",
			body: `{"type": "VISITED", "from": "nobody", "to": "russia", "sources": ["s-report"]}`}, want: 400, check: fields("from")},
		{endpoint: "POST /relations", column: colOther, name: "409 exists", mutates: true, r: req{method: "POST", path: "/api/v1/relations", token: "editor-clear",
			body: `{"id": "kim-yong-bok--commands--corps-11", "type": "VISITED", "from": "kim-yong-bok", "to": "russia", "sources": ["s-report"]}`}, want: 409},
		// New sources go in one batch with the relation: a refused relation
		// leaves none behind (issue 19).
		{endpoint: "POST /relations", column: colOK, name: "new source", mutates: true, r: req{method: "POST", path: "/api/v1/relations", token: "editor-clear",
			body: `{"type": "VISITED", "from": "KYB", "to": "russia", "credibility": 2, "sources": ["s-new"], "new_sources": [{"id": "s-new", "title": "A new report", "publisher": "Desk", "date": "2024-11", "reliability": "B"}]}`}, want: 201,
			check: all(has(`"grade":"B2"`, `"title":"A new report"`), sourceStored("s-new", true))},
		{endpoint: "POST /relations", column: colOther, name: "409 leaves no new source", mutates: true, r: req{method: "POST", path: "/api/v1/relations", token: "editor-clear",
			body: `{"id": "kim-yong-bok--commands--corps-11", "type": "VISITED", "from": "kim-yong-bok", "to": "russia", "sources": ["s-new"], "new_sources": [{"id": "s-new", "title": "A new report"}]}`}, want: 409,
			check: sourceStored("s-new", false)},
		{endpoint: "POST /relations", column: colUnknown, name: "unknown end leaves no new source", mutates: true, r: req{method: "POST", path: "/api/v1/relations", token: "editor-clear",
			body: `{"type": "VISITED", "from": "nobody", "to": "russia", "sources": ["s-new"], "new_sources": [{"id": "s-new", "title": "A new report"}]}`}, want: 400,
			check: all(fields("from"), sourceStored("s-new", false))},
		{endpoint: "POST /relations", column: colBad, name: "new source", mutates: true, r: req{method: "POST", path: "/api/v1/relations", token: "editor-clear",
			body: `{"type": "VISITED", "from": "kim-yong-bok", "to": "russia", "sources": ["s-report"], "new_sources": [{"id": "s-new", "title": "", "reliability": "G"}, {"id": "s-report", "title": "Taken"}]}`}, want: 400,
			check: all(fields("new_sources[0].title", "new_sources[0].reliability"), sourceStored("s-new", false))},
		{endpoint: "POST /relations", column: colBad, name: "new source not cited or taken", mutates: true, r: req{method: "POST", path: "/api/v1/relations", token: "editor-clear",
			body: `{"type": "VISITED", "from": "kim-yong-bok", "to": "russia", "sources": ["s-report"], "new_sources": [{"id": "s-new", "title": "Uncited"}, {"id": "s-report", "title": "Taken"}]}`}, want: 400,
			check: all(fields("new_sources[0].id", "new_sources[1].id"), sourceStored("s-new", false))},
		// An unsourced relation cites the reserved source, written with it
		// alone: its ends are not re-written (issue 19).
		{endpoint: "POST /relations", column: colOK, name: "unsourced", mutates: true, r: req{method: "POST", path: "/api/v1/relations", token: "editor-clear",
			body: `{"type": "VISITED", "from": "KYB", "to": "russia", "unsourced": true}`}, want: 201,
			check: all(has(`"sources":["unsourced"]`, `"grade":"F6"`), sourceStored(graph.UnsourcedID, true), lastWrite(graph.UnsourcedID, "kim-yong-bok--visited--russia"))},
		{endpoint: "POST /relations", column: colBad, name: "no sources", mutates: true, r: req{method: "POST", path: "/api/v1/relations", token: "editor-clear",
			body: `{"type": "VISITED", "from": "KYB", "to": "russia", "unsourced": false}`}, want: 400, check: fields("sources")},
		{endpoint: "POST /relations", column: colBad, name: "unsourced with sources", mutates: true, r: req{method: "POST", path: "/api/v1/relations", token: "editor-clear",
			body: `{"type": "VISITED", "from": "KYB", "to": "russia", "sources": ["s-report"], "unsourced": true}`}, want: 400,
			check: all(fields("unsourced"), sourceStored(graph.UnsourcedID, false))},
		{endpoint: "POST /relations", column: colUnknown, name: "unsourced to nobody", mutates: true, r: req{method: "POST", path: "/api/v1/relations", token: "editor-clear",
			body: `{"type": "VISITED", "from": "KYB", "to": "nobody", "unsourced": true}`}, want: 400,
			check: all(fields("to"), sourceStored(graph.UnsourcedID, false))},
		{endpoint: "POST /relations", column: colNoToken, authRequired: true, mutates: true, r: req{method: "POST", path: "/api/v1/relations",
			body: `{"type": "VISITED", "from": "kim-yong-bok", "to": "russia", "sources": ["s-report"]}`}, want: 401},
		{endpoint: "POST /relations", column: colRole, mutates: true, r: req{method: "POST", path: "/api/v1/relations", token: "viewer-red",
			body: `{"type": "VISITED", "from": "kim-yong-bok", "to": "russia", "sources": ["s-report"]}`}, want: 403},
		{endpoint: "POST /relations", column: colClearance, mutates: true, r: req{method: "POST", path: "/api/v1/relations", token: "editor-amber",
			body: `{"type": "VISITED", "from": "kim-yong-bok", "to": "secret-agent", "sources": ["s-report"]}`}, want: 400, check: fields("to")},
		{endpoint: "POST /relations", column: colClearance, name: "marked above", mutates: true, r: req{method: "POST", path: "/api/v1/relations", token: "editor-amber",
			body: `{"type": "VISITED", "from": "kim-yong-bok", "to": "russia", "sources": ["s-report"], "marking": "TLP:RED"}`}, want: 403},

		// PATCH /relations/{id}
		{endpoint: "PATCH /relations/{id}", column: colOK, mutates: true, r: req{method: "PATCH", path: "/api/v1/relations/kim-yong-bok--commands--corps-11", token: "editor-clear",
			body: `{"until": "2025-01", "note": "relieved"}`}, want: 200, check: has(`"until":"2025-01"`, `"note":"relieved"`, `"since":"2024-10"`, `"grade":"B2"`)},
		// A second source for a claim, created in the relation's update.
		{endpoint: "PATCH /relations/{id}", column: colOK, name: "new source", mutates: true, r: req{method: "PATCH", path: "/api/v1/relations/kim-yong-bok--commands--corps-11", token: "editor-clear",
			body: `{"sources": ["s-report", "s-second"], "new_sources": [{"id": "s-second", "title": "A second report", "reliability": "A"}]}`}, want: 200,
			check: all(has(`"title":"A second report"`, `"grade":"A2"`), sourceStored("s-second", true), lastWrite("s-second", "kim-yong-bok--commands--corps-11"))},
		{endpoint: "PATCH /relations/{id}", column: colBad, name: "new source not cited or taken", mutates: true, r: req{method: "PATCH", path: "/api/v1/relations/kim-yong-bok--commands--corps-11", token: "editor-clear",
			body: `{"sources": ["s-report"], "new_sources": [{"id": "s-second", "title": "Uncited"}, {"id": "s-report", "title": "Taken"}]}`}, want: 400,
			check: all(fields("new_sources[0].id", "new_sources[1].id"), sourceStored("s-second", false))},
		{endpoint: "PATCH /relations/{id}", column: colBad, name: "new source without sources", mutates: true, r: req{method: "PATCH", path: "/api/v1/relations/kim-yong-bok--commands--corps-11", token: "editor-clear",
			body: `{"note": "cites nothing new", "new_sources": [{"id": "s-second", "title": "Uncited"}]}`}, want: 400,
			check: all(fields("new_sources[0].id"), sourceStored("s-second", false))},
		{endpoint: "PATCH /relations/{id}", column: colClearance, name: "marked above leaves no new source", mutates: true, r: req{method: "PATCH", path: "/api/v1/relations/kim-yong-bok--commands--corps-11", token: "editor-clear",
			body: `{"sources": ["s-report", "s-second"], "new_sources": [{"id": "s-second", "title": "A second report"}], "marking": "TLP:AMBER"}`}, want: 403,
			check: sourceStored("s-second", false)},
		{endpoint: "PATCH /relations/{id}", column: colUnknown, name: "unknown relation leaves no new source", mutates: true, r: req{method: "PATCH", path: "/api/v1/relations/nobody--visited--russia", token: "editor-clear",
			body: `{"sources": ["s-second"], "new_sources": [{"id": "s-second", "title": "A second report"}]}`}, want: 404,
			check: sourceStored("s-second", false)},
		{endpoint: "PATCH /relations/{id}", column: colClearance, name: "mark above own clearance", mutates: true, r: req{method: "PATCH", path: "/api/v1/relations/kim-yong-bok--commands--corps-11", token: "editor-clear",
			body: `{"marking": "TLP:AMBER"}`}, want: 403},
		{endpoint: "PATCH /relations/{id}", column: colBad, mutates: true, r: req{method: "PATCH", path: "/api/v1/relations/kim-yong-bok--commands--corps-11", token: "editor-clear",
			body: `{"until": "Jan 2025", "credibility": 0}`}, want: 400, check: fields("until", "credibility")},
		{endpoint: "PATCH /relations/{id}", column: colUnknown, mutates: true, r: req{method: "PATCH", path: "/api/v1/relations/nobody--visited--russia", token: "editor-clear", body: `{"note": "x"}`}, want: 404},
		{endpoint: "PATCH /relations/{id}", column: colNoToken, authRequired: true, mutates: true, r: req{method: "PATCH", path: "/api/v1/relations/kim-yong-bok--commands--corps-11", body: `{"note": "x"}`}, want: 401},
		{endpoint: "PATCH /relations/{id}", column: colRole, mutates: true, r: req{method: "PATCH", path: "/api/v1/relations/kim-yong-bok--commands--corps-11", token: "viewer-red", body: `{"note": "x"}`}, want: 403},
		{endpoint: "PATCH /relations/{id}", column: colClearance, mutates: true, r: req{method: "PATCH", path: "/api/v1/relations/secret-agent--member-of--corps-11", token: "editor-amber", body: `{"note": "x"}`}, want: 404},

		// DELETE /relations/{id}
		{endpoint: "DELETE /relations/{id}", column: colOK, mutates: true, r: req{method: "DELETE", path: "/api/v1/relations/pak-chol-1--member-of--corps-11", token: "editor-clear"}, want: 204, check: gone("/api/v1/relations/pak-chol-1--member-of--corps-11")},
		{endpoint: "DELETE /relations/{id}", column: colBad, mutates: true, r: req{method: "DELETE", path: "/api/v1/relations/%3Cscript%3E", token: "editor-clear"}, want: 400},
		{endpoint: "DELETE /relations/{id}", column: colUnknown, mutates: true, r: req{method: "DELETE", path: "/api/v1/relations/nobody--visited--russia", token: "editor-clear"}, want: 404},
		{endpoint: "DELETE /relations/{id}", column: colNoToken, authRequired: true, mutates: true, r: req{method: "DELETE", path: "/api/v1/relations/pak-chol-1--member-of--corps-11"}, want: 401},
		{endpoint: "DELETE /relations/{id}", column: colRole, mutates: true, r: req{method: "DELETE", path: "/api/v1/relations/pak-chol-1--member-of--corps-11", token: "viewer-red"}, want: 403},
		{endpoint: "DELETE /relations/{id}", column: colClearance, mutates: true, r: req{method: "DELETE", path: "/api/v1/relations/kim-yong-bok--visited--kursk", token: "editor-amber"}, want: 404},

		// POST /import
		{endpoint: "POST /import", column: colOK, mutates: true, r: req{method: "POST", path: "/api/v1/import", token: "editor-clear", body: dataset}, want: 200,
			check: all(has(`"nodes":2`, `"edges":1`, `"sources":1`), visible("/api/v1/entities/new-a", "editor-clear"))},
		{endpoint: "POST /import", column: colOK, name: "yaml", mutates: true, r: req{method: "POST", path: "/api/v1/import", token: "editor-clear", body: yamlDataset, contentType: "application/yaml"}, want: 200,
			check: visible("/api/v1/entities/y-a", "editor-clear")},
		{endpoint: "POST /import", column: colOK, name: "csv", mutates: true, r: req{method: "POST", path: "/api/v1/import?allow_unsourced=true", token: "editor-clear", body: csvBody, contentType: csvType}, want: 200,
			check: all(has(`"nodes":2`, `"edges":2`), visible("/api/v1/entities/csv-b", "editor-clear"))},
		{endpoint: "POST /import", column: colBad, mutates: true, r: req{method: "POST", path: "/api/v1/import", token: "editor-clear",
			body: `{"entities": [{"id": "x", "kind": "Alien", "name": "X"}, {"id": "Y", "kind": "Person", "name": "Y"}], "relations": []}`}, want: 400,
			check: fields("entities[0].kind", "entities[1].id")},
		{endpoint: "POST /import", column: colBad, name: "415", mutates: true, r: req{method: "POST", path: "/api/v1/import", token: "editor-clear", body: "id,kind", contentType: "text/plain"}, want: 415},
		{endpoint: "POST /import", column: colUnknown, mutates: true, r: req{method: "POST", path: "/api/v1/import", token: "editor-clear",
			body: `{"sources": [{"id": "s1", "title": "S"}], "entities": [], "relations": [{"type": "VISITED", "from": "nobody", "to": "russia", "sources": ["s1"]}]}`}, want: 400},
		{endpoint: "POST /import", column: colOther, name: "413", tweak: func(o *Options) { o.MaxBodyBytes = 64 }, r: req{method: "POST", path: "/api/v1/import", token: "editor-clear", body: dataset}, want: 413},
		{endpoint: "POST /import", column: colNoToken, authRequired: true, mutates: true, r: req{method: "POST", path: "/api/v1/import", body: dataset}, want: 401},
		{endpoint: "POST /import", column: colRole, mutates: true, r: req{method: "POST", path: "/api/v1/import", token: "viewer-red", body: dataset}, want: 403},
		{endpoint: "POST /import", column: colClearance, mutates: true, r: req{method: "POST", path: "/api/v1/import", token: "editor-clear",
			body: `{"entities": [{"id": "x", "kind": "Person", "name": "X", "marking": "TLP:AMBER"}]}`}, want: 403, check: fields("entities[0].marking")},
		{endpoint: "POST /import", column: colClearance, name: "replace hidden node", mutates: true, r: req{method: "POST", path: "/api/v1/import", token: "editor-amber",
			body: `{"entities": [{"id": "secret-agent", "kind": "Person", "name": "Overwritten"}]}`}, want: 403},
		{endpoint: "POST /import", column: colClearance, name: "replace hidden edge", mutates: true, r: req{method: "POST", path: "/api/v1/import", token: "editor-amber",
			body: `{"sources": [{"id": "s-blog", "title": "A blog post"}], "entities": [{"id": "kim-yong-bok", "kind": "Person", "name": "Kim Yong Bok"}, {"id": "kursk", "kind": "Place", "name": "Kursk"}],
			"relations": [{"id": "kim-yong-bok--visited--kursk", "type": "VISITED", "from": "kim-yong-bok", "to": "kursk", "sources": ["s-blog"]}]}`}, want: 403},

		// Service routes
		{endpoint: "GET /healthz", column: colOK, r: req{method: "GET", path: "/healthz"}, want: 200},
		{endpoint: "GET /readyz", column: colOK, r: req{method: "GET", path: "/readyz"}, want: 200},
		{endpoint: "GET /metrics", column: colOK, r: req{method: "GET", path: "/metrics"}, want: 200},
		{endpoint: "GET /api/openapi.json", column: colOK, r: req{method: "GET", path: "/api/openapi.json"}, want: 200, check: has(`"openapi":"3.1.0"`)},
		{endpoint: "GET /", column: colOK, r: req{method: "GET", path: "/"}, want: 200, check: has("make frontend")},
		{endpoint: "any other route", column: colOther, name: "unknown API route", r: req{method: "GET", path: "/api/v1/nothing"}, want: 404},
		{endpoint: "any other route", column: colOther, name: "wrong method", r: req{method: "PUT", path: "/api/v1/schema"}, want: 405},
	}...)
}

// topConnected checks GET /overview: n entities, first the one named,
// degrees falling.
func topConnected(n int, first string) func(*testing.T, *env, *httptest.ResponseRecorder) {
	return func(t *testing.T, _ *env, w *httptest.ResponseRecorder) {
		ans := decode[overviewAnswer](t, w)
		if len(ans.Connected) != n || ans.Connected[0].ID != first {
			t.Fatalf("want %d entities from %s: %s", n, first, w.Body.String())
		}
		for i := 1; i < n; i++ {
			if ans.Connected[i].Degree > ans.Connected[i-1].Degree {
				t.Errorf("degrees not falling: %s", w.Body.String())
			}
		}
	}
}

func pathLens(want int) func(*testing.T, *env, *httptest.ResponseRecorder) {
	return func(t *testing.T, _ *env, w *httptest.ResponseRecorder) {
		ans := decode[graph.PathAnswer](t, w)
		if len(ans.Paths) == 0 {
			t.Fatalf("no paths: %s", w.Body.String())
		}
		if got := len(ans.Paths[0].Edges); got != want {
			t.Errorf("shortest path has %d hops, want %d: %+v", got, want, ans.Paths)
		}
	}
}

func attachment(ext string) func(*testing.T, *env, *httptest.ResponseRecorder) {
	return func(t *testing.T, _ *env, w *httptest.ResponseRecorder) {
		cd := w.Header().Get("Content-Disposition")
		if !strings.HasPrefix(cd, "attachment; filename=") || !strings.Contains(cd, ext) {
			t.Errorf("Content-Disposition = %q, want an attachment ending %s", cd, ext)
		}
	}
}

func location(want string) func(*testing.T, *env, *httptest.ResponseRecorder) {
	return func(t *testing.T, _ *env, w *httptest.ResponseRecorder) {
		if got := w.Header().Get("Location"); got != want {
			t.Errorf("Location = %q, want %q", got, want)
		}
	}
}

func gone(path string) func(*testing.T, *env, *httptest.ResponseRecorder) {
	return func(t *testing.T, e *env, _ *httptest.ResponseRecorder) {
		if w := e.do(req{method: "GET", path: path, token: "viewer-red"}); w.Code != 404 {
			t.Errorf("GET %s after delete = %d, want 404", path, w.Code)
		}
	}
}

func visible(path, token string) func(*testing.T, *env, *httptest.ResponseRecorder) {
	return func(t *testing.T, e *env, _ *httptest.ResponseRecorder) {
		if w := e.do(req{method: "GET", path: path, token: token}); w.Code != 200 {
			t.Errorf("GET %s = %d, want 200: %s", path, w.Code, w.Body.String())
		}
	}
}

// statusTable collects the statuses seen, endpoint by column.
type statusTable struct {
	order []string
	cells map[string]map[string][]string
}

func (s *statusTable) add(endpoint, column string, status int, ok bool) {
	if s.cells == nil {
		s.cells = map[string]map[string][]string{}
	}
	if s.cells[endpoint] == nil {
		s.cells[endpoint] = map[string][]string{}
		s.order = append(s.order, endpoint)
	}
	v := fmt.Sprint(status)
	if !ok {
		v += "(FAIL)"
	}
	for _, have := range s.cells[endpoint][column] {
		if have == v {
			return
		}
	}
	s.cells[endpoint][column] = append(s.cells[endpoint][column], v)
}

func (s *statusTable) markdown() string {
	var b strings.Builder
	b.WriteString("| endpoint | " + strings.Join(columns, " | ") + " |\n|---|")
	b.WriteString(strings.Repeat("---|", len(columns)) + "\n")
	for _, ep := range s.order {
		b.WriteString("| " + ep)
		for _, col := range columns {
			vals := s.cells[ep][col]
			sort.Strings(vals)
			cell := strings.Join(vals, ", ")
			if cell == "" {
				cell = "–"
			}
			b.WriteString(" | " + cell)
		}
		b.WriteString(" |\n")
	}
	return b.String()
}

// TestStatusTable runs every case against every store and prints the
// endpoint × column table of statuses (go test -run TestStatusTable -v).
func TestStatusTable(t *testing.T) {
	for _, sk := range stores(t) {
		t.Run(sk.name, func(t *testing.T) {
			shared := newEnv(t, sk, nil)
			authed := newEnvOn(t, shared.store, func(o *Options) { o.AuthRequired = true })
			var table statusTable
			for _, tc := range apiCases() {
				name := tc.endpoint + "/" + tc.column
				if tc.name != "" {
					name += "/" + tc.name
				}
				t.Run(name, func(t *testing.T) {
					e := shared
					switch {
					case tc.mutates || tc.tweak != nil:
						e = newEnv(t, sk, func(o *Options) {
							o.AuthRequired = tc.authRequired
							if tc.tweak != nil {
								tc.tweak(o)
							}
						})
					case tc.authRequired:
						e = authed
					}
					before := e.schemaCounts()
					w := e.do(tc.r)
					if w.Code != tc.want {
						t.Errorf("%s %s = %d, want %d: %s", tc.r.method, tc.r.path, w.Code, tc.want, w.Body.String())
					}
					if w.Code >= 400 && !strings.HasPrefix(w.Header().Get("Content-Type"), "application/problem+json") {
						t.Errorf("error answer is %q, want application/problem+json", w.Header().Get("Content-Type"))
					}
					if tc.check != nil {
						tc.check(t, e, w)
					}
					if w.Code >= 400 || tc.r.method == "GET" {
						unchanged(before)(t, e, w)
					}
					table.add(tc.endpoint, tc.column, w.Code, !t.Failed())
				})
			}
			t.Logf("status table (%s):\n%s", sk.name, table.markdown())
		})
	}
}

// multipartCSV builds a multipart form with one CSV file per field.
func multipartCSV(files map[string]string) ([]byte, string) {
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for _, name := range []string{"nodes", "edges", "sources"} {
		if data, ok := files[name]; ok {
			fw, _ := mw.CreateFormFile(name, name+".csv")
			_, _ = fw.Write([]byte(data))
		}
	}
	_ = mw.Close()
	return buf.Bytes(), mw.FormDataContentType()
}
