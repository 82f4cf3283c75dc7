package server

import (
	"bytes"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"testing/fstest"
)

// hostileCases are requests an attacker or a broken client might send.
// Each must get a 4xx (or be handled with a 2xx read), never a 5xx, and the
// graph must not change.
func hostileCases() []struct {
	name string
	r    req
} {
	long := strings.Repeat("a", 10000)
	deep := `{"ids": ` + strings.Repeat("[", 100000) + strings.Repeat("]", 100000) + `}`
	cypher := `x') MATCH (n) DETACH DELETE n //`
	laughs := "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
	prev := "a"
	for _, n := range []string{"b", "c", "d", "e", "f", "g", "h", "i"} {
		laughs += fmt.Sprintf("%s: &%s [*%s,*%s,*%s,*%s,*%s,*%s,*%s,*%s,*%s]\n", n, n, prev, prev, prev, prev, prev, prev, prev, prev, prev)
		prev = n
	}
	q := url.QueryEscape
	ed := "editor-red"
	return []struct {
		name string
		r    req
	}{
		{"oversized body", req{method: "POST", path: "/api/v1/subgraph", token: ed, body: `{"ids": ["` + strings.Repeat("a", 200<<10) + `"]}`}},
		{"oversized import", req{method: "POST", path: "/api/v1/import", token: ed, body: strings.Repeat("#", 200<<10), contentType: "application/yaml"}},
		{"deep nesting", req{method: "POST", path: "/api/v1/subgraph", token: ed, body: deep[:60000]}},
		{"deep nesting entity", req{method: "POST", path: "/api/v1/entities", token: ed, body: `{"id": "x", "kind": "Person", "name": "X", "props": ` + strings.Repeat(`{"a":`, 5000) + "1" + strings.Repeat("}", 5000) + "}"}},
		{"NUL in name", req{method: "POST", path: "/api/v1/entities", token: ed, body: `{"id": "nul", "kind": "Person", "name": "a\u0000b"}`}},
		{"raw NUL in body", req{method: "POST", path: "/api/v1/entities", token: ed, body: "{\"id\": \"nul\", \"kind\": \"Person\", \"name\": \"a\x00b\"}"}},
		{"NUL in query", req{method: "GET", path: "/api/v1/entities?q=" + q("kim\x00"), token: ed}},
		{"NUL in path", req{method: "GET", path: "/api/v1/entities/kim%00", token: ed}},
		{"invalid UTF-8 body", req{method: "POST", path: "/api/v1/entities", token: ed, body: []byte("{\"id\": \"bad-utf8\", \"kind\": \"Person\", \"name\": \"\xff\xfe\"}")}},
		{"invalid UTF-8 query", req{method: "GET", path: "/api/v1/paths?from=%FF%FE&to=russia", token: ed}},
		{"invalid UTF-8 import", req{method: "POST", path: "/api/v1/import", token: ed, body: []byte("entities:\n  - {id: u, kind: Person, name: \"\xff\"}\n"), contentType: "application/yaml"}},
		{"10k id in path", req{method: "GET", path: "/api/v1/entities/" + long, token: ed}},
		{"10k id delete", req{method: "DELETE", path: "/api/v1/entities/" + long, token: ed}},
		{"10k id in body", req{method: "POST", path: "/api/v1/entities", token: ed, body: `{"id": "` + long + `", "kind": "Person", "name": "X"}`}},
		{"10k ref", req{method: "GET", path: "/api/v1/paths?from=" + long + "&to=russia", token: ed}},
		{"10k query", req{method: "GET", path: "/api/v1/entities?q=" + q(strings.Repeat("kim ", 30000)), token: ed}},
		{"huge number", req{method: "GET", path: "/api/v1/entities/corps-11/neighborhood?depth=99999999999999999999999", token: ed}},
		{"negative limit", req{method: "GET", path: "/api/v1/entities?q=kim&limit=-1", token: ed}},
		{"too many ids", req{method: "POST", path: "/api/v1/subgraph", token: ed, body: `{"ids": [` + strings.TrimSuffix(strings.Repeat(`"a",`, 5001), ",") + `]}`}},
		{"path traversal", req{method: "GET", path: "/api/v1/entities/..%2F..%2Fetc%2Fpasswd", token: ed}},
		{"path traversal dots", req{method: "GET", path: "/api/v1/entities/../../../etc/passwd", token: ed}},
		{"path traversal page", req{method: "GET", path: "/..%2F..%2Fetc%2Fpasswd"}},
		{"path traversal page dots", req{method: "GET", path: "/assets/../../server.go"}},
		{"path traversal delete", req{method: "DELETE", path: "/api/v1/entities/..%2Fkim-yong-bok", token: ed}},
		{"cypher in search", req{method: "GET", path: "/api/v1/entities?q=" + q(cypher), token: ed}},
		{"cypher in ref", req{method: "GET", path: "/api/v1/paths?from=" + q(cypher) + "&to=russia", token: ed}},
		{"cypher in id", req{method: "POST", path: "/api/v1/entities", token: ed, body: fmt.Sprintf(`{"id": %q, "kind": "Person", "name": "X"}`, cypher)}},
		{"cypher in type", req{method: "GET", path: "/api/v1/entities/corps-11/neighborhood?types=" + q("COMMANDS]->() DETACH DELETE n//"), token: ed}},
		{"cypher in kind", req{method: "POST", path: "/api/v1/entities", token: ed, body: `{"id": "ck", "kind": "Person:Admin", "name": "X"}`}},
		{"cypher in export seed", req{method: "POST", path: "/api/v1/export?format=cypher", token: ed, body: fmt.Sprintf(`{"seed": %q}`, cypher)}},
		{"script in search", req{method: "GET", path: "/api/v1/entities?q=" + q("<script>alert(1)</script>"), token: ed}},
		{"script in bad entity", req{method: "POST", path: "/api/v1/entities", token: ed, body: `{"id": "<script>", "kind": "<img src=x onerror=alert(1)>", "name": "<script>alert(1)</script>"}`}},
		{"script in format", req{method: "POST", path: "/api/v1/export?format=" + q("<script>"), token: ed, body: `{"ids": ["kursk"]}`}},
		{"script in path", req{method: "GET", path: "/api/v1/entities/%3Cscript%3E", token: ed}},
		{"billion laughs", req{method: "POST", path: "/api/v1/import", token: ed, body: laughs, contentType: "application/yaml"}},
		{"not JSON", req{method: "POST", path: "/api/v1/subgraph", token: ed, body: "ids=kursk"}},
		{"empty body", req{method: "POST", path: "/api/v1/entities", token: ed, body: ""}},
		{"JSON array", req{method: "POST", path: "/api/v1/entities", token: ed, body: `[1,2,3]`}},
		{"null fields", req{method: "POST", path: "/api/v1/relations", token: ed, body: `{"type": null, "from": null, "to": null, "sources": null}`}},
		{"broken multipart", req{method: "POST", path: "/api/v1/import", token: ed, body: "--x\r\nContent-Disposition: form-data; name=\"nodes\"; filename=\"nodes.csv\"\r\n\r\nid,kind\r\n", contentType: "multipart/form-data; boundary=x"}},
		{"bad CSV", req{method: "POST", path: "/api/v1/import", token: ed, body: "--x\r\nContent-Disposition: form-data; name=\"nodes\"; filename=\"nodes.csv\"\r\n\r\nid,\"kind\r\n--x--\r\n", contentType: "multipart/form-data; boundary=x"}},
		{"huge token", req{method: "GET", path: "/api/v1/schema", token: long}},
		{"import above clearance", req{method: "POST", path: "/api/v1/import", token: "editor-clear", body: `{"entities": [{"id": "kim-yong-bok", "kind": "Person", "name": "K", "marking": "TLP:RED"}]}`}},
	}
}

func TestHostileInput(t *testing.T) {
	for _, sk := range stores(t) {
		t.Run(sk.name, func(t *testing.T) {
			page := fstest.MapFS{"index.html": {Data: []byte("<!doctype html><title>linkchart</title>")}}
			e := newEnv(t, sk, func(o *Options) { o.MaxBodyBytes = 64 << 10; o.Page = page })
			before := e.schemaCounts()
			seen5xx := 0
			for _, tc := range hostileCases() {
				w := e.do(tc.r)
				if w.Code >= 500 {
					seen5xx++
					t.Errorf("%s: %s %.80s = %d: %.300s", tc.name, tc.r.method, tc.r.path, w.Code, w.Body.String())
				}
				if bytes.Contains(w.Body.Bytes(), []byte("<script>")) || bytes.Contains(w.Body.Bytes(), []byte("root:")) {
					t.Errorf("%s: the answer echoes hostile text: %.300s", tc.name, w.Body.String())
				}
				if w.Code >= 400 && w.Header().Get("Content-Type") != "application/problem+json" {
					t.Errorf("%s: error answer is %q", tc.name, w.Header().Get("Content-Type"))
				}
				t.Logf("%-26s %d", tc.name, w.Code)
			}
			if after := e.schemaCounts(); fmt.Sprint(after) != fmt.Sprint(before) {
				t.Errorf("graph changed:\nbefore %v\nafter  %v", before, after)
			}
			t.Logf("hostile cases: %d tried, %d answered 5xx", len(hostileCases()), seen5xx)
		})
	}
}

// TestOversizedChunkedBody checks the cap when no Content-Length is sent.
func TestOversizedChunkedBody(t *testing.T) {
	e := newEnv(t, storeKind{"memstore", openMem}, func(o *Options) { o.MaxBodyBytes = 1 << 10 })
	body := `{"ids": ["` + strings.Repeat("a", 4<<10) + `"]}`
	r := httptest.NewRequest("POST", "/api/v1/subgraph", strings.NewReader(body))
	r.ContentLength = -1
	r.Header.Set("Content-Type", "application/json")
	w := httptest.NewRecorder()
	e.h.ServeHTTP(w, r)
	if w.Code != http.StatusRequestEntityTooLarge {
		t.Errorf("chunked oversized body = %d, want 413: %s", w.Code, w.Body.String())
	}
}

// TestScriptNameEscaped writes a name with markup and reads it back: JSON
// answers carry it escaped, never as live markup.
func TestScriptNameEscaped(t *testing.T) {
	for _, sk := range stores(t) {
		t.Run(sk.name, func(t *testing.T) { testScriptNameEscaped(t, sk) })
	}
}

func testScriptNameEscaped(t *testing.T, sk storeKind) {
	e := newEnv(t, sk, nil)
	w := e.do(req{method: "POST", path: "/api/v1/entities", token: "editor-clear",
		body: `{"id": "xss", "kind": "Person", "name": "<script>alert(1)</script>", "props": {"note": "<img src=x onerror=alert(1)>"}}`})
	if w.Code != 201 {
		t.Fatalf("create: %d %s", w.Code, w.Body.String())
	}
	for _, path := range []string{"/api/v1/entities/xss", "/api/v1/entities?q=script+alert"} {
		w := e.do(req{method: "GET", path: path})
		if w.Code != 200 || strings.Contains(w.Body.String(), "<script>") || strings.Contains(w.Body.String(), "<img") {
			t.Errorf("GET %s = %d, markup not escaped: %s", path, w.Code, w.Body.String())
		}
		if ct := w.Header().Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
			t.Errorf("GET %s Content-Type %q", path, ct)
		}
	}
}
