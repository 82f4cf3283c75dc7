package server

import (
	"bytes"
	"context"
	"net/http/httptest"
	"testing"

	"linkchart/graph"
)

// fuzzReads are the read endpoints whose query strings FuzzQuery binds.
var fuzzReads = []string{
	"/api/v1/entities",
	"/api/v1/entities/corps-11/neighborhood",
	"/api/v1/paths",
	"/api/v1/oversight",
	"/api/v1/schema",
}

// FuzzQuery binds arbitrary query strings: never a 5xx, never a change.
func FuzzQuery(f *testing.F) {
	for _, seed := range []string{
		"q=kim", "q=Storm+Corps&kind=Unit,Person&limit=5", "depth=2&kinds=Unit&types=PART_OF&as_of=2024-10&min_grade=B2&limit=3",
		"from=Kim+Yong+Bok&to=russia&max_depth=4&k=3&types=COMMANDS", "who=kim-yong-bok&as_of=2024", "what=Pak+Chol",
		"depth=%00", "q=%FF%FE", "limit=99999999999999999999", "kinds=Person&kinds=,,,&types=A,,B", "as_of=2024-02-30", "min_grade=b",
	} {
		for i := range fuzzReads {
			f.Add(uint8(i), seed)
		}
	}
	e := newEnv(f, storeKind{"memstore", openMem}, nil)
	before := e.schemaCounts()
	f.Fuzz(func(t *testing.T, which uint8, rawQuery string) {
		r := httptest.NewRequest("GET", fuzzReads[int(which)%len(fuzzReads)], nil)
		r.URL.RawQuery = rawQuery
		r.Header.Set("Authorization", "Bearer viewer-red")
		w := httptest.NewRecorder()
		e.h.ServeHTTP(w, r)
		if w.Code >= 500 {
			t.Fatalf("GET %s?%q = %d: %s", r.URL.Path, rawQuery, w.Code, w.Body.String())
		}
		after, err := e.store.Schema(context.Background(), graph.Red)
		if err != nil || after.Counts != before.Counts {
			t.Fatalf("GET %s?%q changed the graph: %v -> %v (%v)", r.URL.Path, rawQuery, before.Counts, after.Counts, err)
		}
	})
}

// fuzzWrites are the JSON-body endpoints FuzzBody posts to.
var fuzzWrites = []string{
	"/api/v1/subgraph",
	"/api/v1/export?format=json",
	"/api/v1/entities",
	"/api/v1/relations",
	"/api/v1/import",
}

// FuzzBody posts arbitrary bodies: never a 5xx.
func FuzzBody(f *testing.F) {
	for _, seed := range []string{
		`{"ids": ["kim-yong-bok", "corps-11"]}`, `{"seed": "Storm Corps", "depth": 2, "positions": {"kursk": {"x": 1, "y": 2}}}`,
		`{"id": "fz", "kind": "Person", "name": "F", "props": {"a": "b"}}`,
		`{"type": "VISITED", "from": "KYB", "to": "russia", "since": "2024", "credibility": 2, "sources": ["s-report"]}`,
		`{"entities": [{"id": "fz", "kind": "Place", "name": "F"}]}`, `{"ids": [[[[[]]]]]}`, "\x00", `{"id": "\u0000"}`, `[]`, `null`,
	} {
		for i := range fuzzWrites {
			f.Add(uint8(i), []byte(seed))
		}
	}
	e := newEnv(f, storeKind{"memstore", openMem}, nil)
	f.Fuzz(func(t *testing.T, which uint8, body []byte) {
		path := fuzzWrites[int(which)%len(fuzzWrites)]
		r := httptest.NewRequest("POST", path, bytes.NewReader(body))
		r.Header.Set("Content-Type", "application/json")
		r.Header.Set("Authorization", "Bearer editor-red")
		w := httptest.NewRecorder()
		e.h.ServeHTTP(w, r)
		if w.Code >= 500 {
			t.Fatalf("POST %s %q = %d: %s", path, body, w.Code, w.Body.String())
		}
	})
}
