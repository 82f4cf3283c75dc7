package server

import (
	"bytes"
	"context"
	"mime/multipart"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"linkchart/data"
	"linkchart/graph"
	"linkchart/graph/dedupe"
	"linkchart/graph/imports"
)

// kimBundle is a STIX bundle naming the seed's Kim Yong Bok by another
// spelling, under an id of its own.
const kimBundle = `{"type": "bundle", "id": "bundle--1", "objects": [
 {"type": "identity", "spec_version": "2.1", "id": "identity--9d4f7bc1-1d31-4bd5-a2c9-3b1c7d1e2f11", "created": "2024-11-01T00:00:00.000Z", "modified": "2024-11-01T00:00:00.000Z", "name": "Kim Young-bok", "identity_class": "individual"},
 {"type": "identity", "spec_version": "2.1", "id": "identity--5a0c2a0e-8d4b-4e55-9a7e-6b1d2b3c4d55", "created": "2024-11-01T00:00:00.000Z", "modified": "2024-11-01T00:00:00.000Z", "name": "Storm Corps", "identity_class": "organization", "sectors": ["defense"]},
 {"type": "relationship", "spec_version": "2.1", "id": "relationship--6b2f1c3d-1111-4a2b-8c3d-4e5f6a7b8c9d", "created": "2024-11-01T00:00:00.000Z", "modified": "2024-11-01T00:00:00.000Z", "relationship_type": "commands", "source_ref": "identity--9d4f7bc1-1d31-4bd5-a2c9-3b1c7d1e2f11", "target_ref": "identity--5a0c2a0e-8d4b-4e55-9a7e-6b1d2b3c4d55"}]}`

func seedEnv(t *testing.T, sk storeKind) *env {
	t.Helper()
	s := sk.open(t)
	b, err := data.Seed()
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Upsert(context.Background(), b); err != nil {
		t.Fatal(err)
	}
	return newEnvOn(t, s, nil)
}

// TestImportDryRunFindsDuplicate: the dry run of a bundle naming "Kim
// Young-bok" answers the seed's kim-yong-bok as a duplicate and writes
// nothing; the same import without dry_run writes.
func TestImportDryRunFindsDuplicate(t *testing.T) {
	for _, sk := range stores(t) {
		t.Run(sk.name, func(t *testing.T) {
			e := seedEnv(t, sk)
			before := e.schemaCounts()
			w := e.do(req{method: "POST", path: "/api/v1/import?format=stix&dry_run=true", token: "editor-clear", body: kimBundle})
			if w.Code != http.StatusOK {
				t.Fatalf("status %d: %s", w.Code, w.Body)
			}
			ans := decode[dryRunAnswer](t, w)
			if !ans.DryRun || len(ans.Problems) != 0 || ans.WouldImport.Nodes != 2 || ans.WouldImport.Edges != 1 {
				t.Errorf("answer %+v", ans)
			}
			if len(ans.Duplicates) == 0 || ans.Duplicates[0].A.ID != "kim-yong-bok" || ans.Duplicates[0].B.ID != "kim-young-bok" {
				t.Fatalf("duplicates %+v: want kim-yong-bok ~ kim-young-bok first", ans.Duplicates)
			}
			found := false
			for _, c := range ans.Duplicates {
				found = found || c.A.ID == "kpa-11th-corps" && c.B.ID == "storm-corps"
			}
			if !found {
				t.Errorf("Storm Corps not found as the seed's 11th Corps: %+v", ans.Duplicates)
			}
			if after := e.schemaCounts(); after.Counts != before.Counts {
				t.Errorf("dry run wrote: %+v -> %+v", before.Counts, after.Counts)
			}
			w = e.do(req{method: "POST", path: "/api/v1/import?format=stix", token: "editor-clear", body: kimBundle})
			if w.Code != http.StatusOK {
				t.Fatalf("import: status %d: %s", w.Code, w.Body)
			}
			if after := e.schemaCounts(); after.Counts.Nodes != before.Counts.Nodes+2 {
				t.Errorf("import wrote %+v, want 2 more nodes than %+v", after.Counts, before.Counts)
			}
		})
	}
}

// TestImportDryRunProblems: problems come back named by file, line and
// field in a 200 answer; without dry_run they are a 400; nothing written.
func TestImportDryRunProblems(t *testing.T) {
	e := seedEnv(t, storeKind{"memstore", openMem})
	before := e.schemaCounts()
	bad := "<graphml>\n<graph>\n<node id=\"a\"/>\n</graph></graphml>"
	w := e.do(req{method: "POST", path: "/api/v1/import?format=graphml&dry_run=true", token: "editor-clear", body: bad, contentType: "application/xml"})
	ans := decode[dryRunAnswer](t, w)
	if w.Code != http.StatusOK || len(ans.Problems) == 0 || ans.Problems[0].Field != "kind" || ans.Problems[0].Line != 3 || ans.Problems[0].File != "import.graphml" {
		t.Errorf("status %d, answer %+v", w.Code, ans)
	}
	w = e.do(req{method: "POST", path: "/api/v1/import?format=graphml", token: "editor-clear", body: bad, contentType: "application/xml"})
	if w.Code != http.StatusBadRequest || !strings.Contains(w.Body.String(), "kind") {
		t.Errorf("status %d: %s", w.Code, w.Body)
	}
	w = e.do(req{method: "POST", path: "/api/v1/import?format=word", token: "editor-clear", body: bad})
	if w.Code != http.StatusBadRequest || !strings.Contains(w.Body.String(), "format") {
		t.Errorf("unknown format: status %d: %s", w.Code, w.Body)
	}
	if after := e.schemaCounts(); after.Counts != before.Counts {
		t.Errorf("wrote: %+v -> %+v", before.Counts, after.Counts)
	}
}

// TestImportMappedCSVMultipart imports a CSV with its own headers through
// a mapping sent as the form's "map" part.
func TestImportMappedCSVMultipart(t *testing.T) {
	e := seedEnv(t, storeKind{"memstore", openMem})
	body, ct := mappedForm(t, nil)
	w := e.do(req{method: "POST", path: "/api/v1/import?format=csv&dry_run=true", token: "editor-amber", body: body, contentType: ct})
	ans := decode[dryRunAnswer](t, w)
	if w.Code != http.StatusOK || len(ans.Problems) != 0 || ans.WouldImport.Nodes != 3 || ans.WouldImport.Edges != 2 {
		t.Fatalf("status %d, answer %+v", w.Code, ans)
	}
	importAndRead(t, e, body, ct, "/api/v1/entities/storm-corps")
}

// importAndRead imports a multipart mapped CSV as an AMBER editor, then
// reads path, a record the import wrote.
func importAndRead(t *testing.T, e *env, body []byte, ct, path string) {
	t.Helper()
	w := e.do(req{method: "POST", path: "/api/v1/import?format=csv", token: "editor-amber", body: body, contentType: ct})
	if w.Code != http.StatusOK {
		t.Fatalf("import: status %d: %s", w.Code, w.Body)
	}
	w = e.do(req{method: "GET", path: path, token: "editor-amber"})
	if w.Code != http.StatusOK {
		t.Errorf("%s not imported: %d %s", path, w.Code, w.Body)
	}
}

// mappedForm is the multipart form of graph/imports' mapped CSV example,
// with files of replace instead of its own.
func mappedForm(t *testing.T, replace map[string]string) ([]byte, string) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for field, name := range map[string]string{"map": "mapping.yaml", "people": "people.csv", "links": "links.csv"} {
		data, err := os.ReadFile(filepath.Join("..", "graph", "imports", "testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		if r, ok := replace[name]; ok {
			data = []byte(r)
		}
		fw, _ := mw.CreateFormFile(field, name)
		_, _ = fw.Write(data)
	}
	_ = mw.Close()
	return buf.Bytes(), mw.FormDataContentType()
}

// TestImportMappedCSVResolvesNames: a relation end that is no id of the
// files or the store is resolved by the store's names and aliases as the
// API's from/to are ("11th Corps" is kpa-11th-corps); the dry run lists
// what it resolved; a name of two entities is a problem naming file,
// line, column and the candidates.
func TestImportMappedCSVResolvesNames(t *testing.T) {
	for _, sk := range stores(t) {
		t.Run(sk.name, func(t *testing.T) {
			e := seedEnv(t, sk)
			links := "Who,Whom,Link,Start,End,Conf,Source\nkim-yong-bok,11th Corps,commands,2020,2024-10,2,\n"
			body, ct := mappedForm(t, map[string]string{"links.csv": links})
			w := e.do(req{method: "POST", path: "/api/v1/import?format=csv&dry_run=true", token: "editor-amber", body: body, contentType: ct})
			ans := decode[dryRunAnswer](t, w)
			if w.Code != http.StatusOK || len(ans.Problems) != 0 || ans.WouldImport.Edges != 1 {
				t.Fatalf("status %d, answer %+v", w.Code, ans)
			}
			if len(ans.Resolved) != 1 || ans.Resolved[0] != (imports.Resolution{File: "links.csv", Line: 2, Field: "to", Name: "11th Corps", ID: "kpa-11th-corps"}) {
				t.Errorf("resolved %+v", ans.Resolved)
			}
			importAndRead(t, e, body, ct, "/api/v1/relations/kim-yong-bok--commands--kpa-11th-corps")

			twins := graph.Batch{Nodes: []graph.Node{{ID: "twin-a", Kind: graph.Unit, Name: "Twin Brigade"}, {ID: "twin-b", Kind: graph.Unit, Name: "Twin Brigade"}}}
			if err := e.store.Upsert(context.Background(), twins); err != nil {
				t.Fatal(err)
			}
			body, ct = mappedForm(t, map[string]string{"links.csv": "Who,Whom,Link,Start,End,Conf,Source\nkim-yong-bok,Twin Brigade,commands,,,,\n"})
			w = e.do(req{method: "POST", path: "/api/v1/import?format=csv&dry_run=true", token: "editor-amber", body: body, contentType: ct})
			ans = decode[dryRunAnswer](t, w)
			if w.Code != http.StatusOK || len(ans.Problems) == 0 {
				t.Fatalf("status %d, answer %+v", w.Code, ans)
			}
			p := ans.Problems[0]
			if p.File != "links.csv" || p.Line != 2 || p.Field != "to" || !strings.Contains(p.Message, "twin-a") || !strings.Contains(p.Message, "twin-b") {
				t.Errorf("problem %+v: want links.csv:2 to naming twin-a and twin-b", p)
			}
		})
	}
}

// TestDuplicatesEndpoint: pairs among a kind, with the reason, within the
// caller's clearance; a bad kind is a 400.
func TestDuplicatesEndpoint(t *testing.T) {
	for _, sk := range stores(t) {
		t.Run(sk.name, func(t *testing.T) {
			e := newEnv(t, sk, nil)
			w := e.do(req{method: "GET", path: "/api/v1/duplicates?kind=Person&limit=10", token: "viewer-clear"})
			if w.Code != http.StatusOK {
				t.Fatalf("status %d: %s", w.Code, w.Body)
			}
			ans := decode[struct{ Candidates []dedupe.Candidate }](t, w)
			if len(ans.Candidates) == 0 || ans.Candidates[0].A.ID != "pak-chol-1" || ans.Candidates[0].B.ID != "pak-chol-2" || ans.Candidates[0].Reason == "" {
				t.Fatalf("candidates %+v: want pak-chol-1 ~ pak-chol-2", ans.Candidates)
			}
			for _, c := range ans.Candidates {
				if c.A.Kind != graph.Person || c.A.ID == "secret-agent" || c.B.ID == "secret-agent" {
					t.Errorf("candidate %+v: want Persons visible at TLP:CLEAR", c)
				}
				// Each entity comes with its count of visible relations.
				for _, r := range []dedupe.Ref{c.A, c.B} {
					g, err := e.store.Entity(context.Background(), r.ID, graph.Clear)
					if err != nil || r.Relations != len(g.Edges) {
						t.Errorf("%s: relations %d, want %d (%v)", r.ID, r.Relations, len(g.Edges), err)
					}
				}
			}
			w = e.do(req{method: "GET", path: "/api/v1/duplicates?kind=Wizard", token: "viewer-clear"})
			if w.Code != http.StatusBadRequest || !strings.Contains(w.Body.String(), "kind") {
				t.Errorf("bad kind: status %d: %s", w.Code, w.Body)
			}
		})
	}
}
