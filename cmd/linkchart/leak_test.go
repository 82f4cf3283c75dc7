package main

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"testing"

	"linkchart/graph"
	"linkchart/graph/export"
	"linkchart/graph/export/exporttest"
)

// TestNoRecordAboveClearanceLeaks serves a dataset with records at every
// marking through a real server process and asks every read endpoint and
// every export format, as callers of each clearance, for everything. No id,
// name, alias or source only a hidden edge cites may appear, and counts and
// path existence must not betray the hidden records.
func TestNoRecordAboveClearanceLeaks(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a real server process")
	}
	db := filepath.Join(t.TempDir(), "marked.db")
	if code, _, stderr := linkchart(t, "import", "--db", db, "testdata/marked.yaml"); code != 0 {
		t.Fatalf("import: %s", stderr)
	}
	b, err := graph.LoadFiles("testdata/marked.yaml")
	if err != nil {
		t.Fatal(err)
	}
	addr := freeAddr(t)
	startServerWith(t, addr, []string{"LINKCHART_TOKENS=tc=viewer:clear,tg=viewer:green,ta=viewer:amber"}, "--db", db, "--seed=false")

	checks, failed := 0, 0
	fail := func(format string, args ...any) {
		t.Helper()
		failed++
		t.Errorf(format, args...)
	}
	for _, clr := range []struct {
		token string
		level graph.Marking
	}{{"tc", graph.Clear}, {"tg", graph.Green}, {"ta", graph.Amber}} {
		hidden, visibleNodes, visibleEdges := hiddenWords(b, clr.level)
		get := func(method, path, body string) (int, []byte) {
			req, _ := http.NewRequest(method, "http://"+addr+path, strings.NewReader(body))
			req.Header.Set("Authorization", "Bearer "+clr.token)
			if body != "" {
				req.Header.Set("Content-Type", "application/json")
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			raw, _ := io.ReadAll(resp.Body)
			return resp.StatusCode, raw
		}
		noLeak := func(what string, raw []byte) {
			t.Helper()
			checks++
			for _, w := range hidden {
				if bytes.Contains(bytes.ToLower(raw), []byte(strings.ToLower(w))) {
					fail("%s: %s at clearance %s shows %q, which is above it", clr.level, what, clr.level, w)
				}
			}
		}
		all := `{"ids": ["boss","unit-a","unit-b","place-c","n-green-1","n-amber-1","n-red-1"]}`
		reads := []struct{ method, path, body string }{
			{"GET", "/api/v1/entities?q=word", ""},
			{"GET", "/api/v1/entities?q=amberalias", ""},
			{"GET", "/api/v1/entities/unit-a", ""},
			{"GET", "/api/v1/entities/unit-a/neighborhood?depth=3", ""},
			{"GET", "/api/v1/entities/boss/neighborhood?depth=3", ""},
			{"GET", "/api/v1/paths?from=boss&to=place-c&k=10", ""},
			{"GET", "/api/v1/paths?from=unit-a&to=place-c&k=10", ""},
			{"GET", "/api/v1/oversight?who=boss", ""},
			{"GET", "/api/v1/oversight?what=unit-b", ""},
			{"POST", "/api/v1/subgraph", all},
			{"GET", "/api/v1/schema", ""},
		}
		for _, r := range reads {
			code, raw := get(r.method, r.path, r.body)
			if code >= 500 {
				fail("%s %s: %d", r.method, r.path, code)
			}
			noLeak(r.method+" "+r.path, raw)
		}
		// Hidden ids are not found, whatever their kind.
		for _, w := range hidden {
			if !strings.HasPrefix(w, "n-") && !strings.HasPrefix(w, "e-") {
				continue
			}
			path := "/api/v1/entities/" + w
			if strings.HasPrefix(w, "e-") {
				path = "/api/v1/relations/" + w
			}
			checks++
			if code, _ := get("GET", path, ""); code != http.StatusNotFound {
				fail("%s: GET %s = %d, want 404", clr.level, path, code)
			}
		}
		// Counts: exactly the visible records.
		_, raw := get("GET", "/api/v1/schema", "")
		var sc graph.Schema
		if err := json.Unmarshal(raw, &sc); err != nil {
			t.Fatal(err)
		}
		checks++
		if sc.Counts.Nodes != visibleNodes || sc.Counts.Edges != visibleEdges {
			fail("%s: schema counts %+v, want %d nodes %d edges", clr.level, sc.Counts, visibleNodes, visibleEdges)
		}
		// Boss reaches nothing below RED: no path, no oversight answer.
		checks++
		if _, raw := get("GET", "/api/v1/paths?from=boss&to=place-c", ""); !bytes.Contains(raw, []byte(`"paths":[]`)) {
			fail("%s: a path through a red edge exists for this caller: %s", clr.level, raw)
		}
		checks++
		if _, raw := get("GET", "/api/v1/oversight?who=boss", ""); !bytes.Contains(raw, []byte(`"answers":[]`)) {
			fail("%s: an oversight answer through a red edge: %s", clr.level, raw)
		}
		for _, f := range export.Formats {
			for _, body := range []string{all, `{"seed": "unit-a", "depth": 3}`} {
				code, raw := get("POST", "/api/v1/export?format="+f, body)
				if code != http.StatusOK {
					fail("%s: export %s: %d %s", clr.level, f, code, raw)
					continue
				}
				if f == "csv" {
					raw = unzipAll(t, raw)
				} else {
					raw = []byte(exporttest.Text(t, f, raw))
				}
				noLeak("export "+f, raw)
			}
		}
	}
	t.Logf("marking-leak checks: %d of %d passed", checks-failed, checks)
}

// hiddenWords lists the ids, names and aliases of records above clearance,
// and the sources cited only by hidden edges; and the visible counts.
func hiddenWords(b graph.Batch, clearance graph.Marking) (words []string, nodes, edges int) {
	hiddenNode := map[string]bool{}
	for _, n := range b.Nodes {
		if !clearance.Allows(n.Marking) {
			hiddenNode[n.ID] = true
			words = append(words, n.ID, n.Name)
			words = append(words, n.Aliases...)
		} else {
			nodes++
		}
	}
	citedVisible := map[string]bool{}
	for _, e := range b.Edges {
		if !clearance.Allows(e.Marking) || hiddenNode[e.From] || hiddenNode[e.To] {
			words = append(words, e.ID)
			continue
		}
		edges++
		for _, s := range e.Sources {
			citedVisible[s] = true
		}
	}
	for _, s := range b.Sources {
		if !citedVisible[s.ID] {
			words = append(words, s.Title)
		}
	}
	return words, nodes, edges
}

func unzipAll(t *testing.T, raw []byte) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(raw), int64(len(raw)))
	if err != nil {
		t.Fatalf("csv export is not a zip: %v", err)
	}
	var all bytes.Buffer
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(&all, rc)
		rc.Close()
		fmt.Fprintln(&all)
	}
	return all.Bytes()
}
