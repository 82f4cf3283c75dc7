package server

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"strings"
	"testing"

	"linkchart/graph"
	"linkchart/graph/export"
	"linkchart/graph/export/exporttest"
)

// leakFixture adds to the fixture a path and an oversight chain that exist
// only through records above TLP:CLEAR:
//
//	gate-a --LOCATED_IN--> hidden-hub (AMBER) <--LOCATED_IN-- gate-b
//	boss --COMMANDS (RED edge)--> corps-11
func leakFixture() graph.Batch {
	b := fixture()
	src := []string{"s-report"}
	b.Nodes = append(b.Nodes,
		graph.Node{ID: "gate-a", Kind: graph.Place, Name: "Gate A"},
		graph.Node{ID: "gate-b", Kind: graph.Place, Name: "Gate B"},
		graph.Node{ID: "hidden-hub", Kind: graph.Place, Name: "Hidden Hub", Marking: graph.Amber},
		graph.Node{ID: "boss", Kind: graph.Person, Name: "The Boss"},
	)
	b.Edges = append(b.Edges,
		graph.Edge{ID: "gate-a--located-in--hidden-hub", Type: graph.LocatedIn, From: "gate-a", To: "hidden-hub", Sources: src},
		graph.Edge{ID: "gate-b--located-in--hidden-hub", Type: graph.LocatedIn, From: "gate-b", To: "hidden-hub", Sources: src},
		graph.Edge{ID: "boss--commands--corps-11", Type: graph.Commands, From: "boss", To: "corps-11", Sources: []string{"s-blog"}, Marking: graph.Red},
	)
	for i := range b.Nodes {
		b.Nodes[i].Normalize()
	}
	for i := range b.Edges {
		b.Edges[i].Normalize()
	}
	return b
}

// hiddenFrom lists the ids and names a caller cleared for cl must never see.
func hiddenFrom(b graph.Batch, cl graph.Marking) []string {
	var out []string
	hiddenNode := map[string]bool{}
	for _, n := range b.Nodes {
		if !cl.Allows(n.Marking) {
			hiddenNode[n.ID] = true
			out = append(out, n.ID, n.Name)
		}
	}
	for _, e := range b.Edges {
		if !cl.Allows(e.Marking) || hiddenNode[e.From] || hiddenNode[e.To] {
			out = append(out, e.ID)
		}
	}
	return out
}

// TestMarkingsNeverLeak asks every read endpoint and every export format,
// at every clearance, and checks that nothing above the clearance shows:
// no id, no name, no count, no path through it, no oversight because of it.
func TestMarkingsNeverLeak(t *testing.T) {
	tokens := map[graph.Marking]string{graph.Clear: "viewer-clear", graph.Green: "viewer-green", graph.Amber: "editor-amber", graph.Red: "viewer-red"}
	allIDs := []string{}
	b := leakFixture()
	for _, n := range b.Nodes {
		allIDs = append(allIDs, n.ID)
	}
	idsBody, _ := json.Marshal(map[string]any{"ids": allIDs})
	for _, sk := range stores(t) {
		t.Run(sk.name, func(t *testing.T) {
			s := sk.open(t)
			if err := s.Upsert(context.Background(), b); err != nil {
				t.Fatal(err)
			}
			e := newEnvOn(t, s, func(o *Options) {
				o.Tokens = map[string]Access{}
				for k, v := range testTokens {
					o.Tokens[k] = v
				}
				o.Tokens["viewer-green"] = Access{Role: RoleViewer, Clearance: graph.Green}
			})
			checks := 0
			for _, cl := range graph.Markings {
				tok := tokens[cl]
				hidden := hiddenFrom(b, cl)
				reads := []req{
					{method: "GET", path: "/api/v1/entities?q=" + url.QueryEscape("secret agent")},
					{method: "GET", path: "/api/v1/entities?q=hidden+hub"},
					{method: "GET", path: "/api/v1/entities?q=gate"},
					{method: "GET", path: "/api/v1/entities/corps-11"},
					{method: "GET", path: "/api/v1/entities/kim-yong-bok"},
					{method: "GET", path: "/api/v1/entities/gate-a"},
					{method: "GET", path: "/api/v1/entities/corps-11/neighborhood?depth=3&limit=5000"},
					{method: "GET", path: "/api/v1/entities/gate-a/neighborhood?depth=3"},
					{method: "GET", path: "/api/v1/paths?from=gate-a&to=gate-b&k=10&max_depth=10"},
					{method: "GET", path: "/api/v1/paths?from=kim-yong-bok&to=kursk&k=10"},
					{method: "GET", path: "/api/v1/oversight?what=corps-11"},
					{method: "GET", path: "/api/v1/oversight?what=brigade-1"},
					{method: "GET", path: "/api/v1/oversight?who=boss"},
					{method: "POST", path: "/api/v1/subgraph", body: idsBody},
					{method: "GET", path: "/api/v1/schema"},
				}
				for _, f := range export.Formats {
					reads = append(reads, req{method: "POST", path: "/api/v1/export?format=" + f, body: idsBody},
						req{method: "POST", path: "/api/v1/export?format=" + f, body: `{"seed": "corps-11", "depth": 3}`})
				}
				for _, r := range reads {
					r.token = tok
					w := e.do(r)
					if w.Code != 200 {
						t.Errorf("%s: %s %s = %d: %.300s", cl, r.method, r.path, w.Code, w.Body.String())
						continue
					}
					text := w.Body.String()
					if strings.Contains(r.path, "format=csv") {
						text = unzipAll(t, w.Body.Bytes())
					}
					if f, ok := strings.CutPrefix(r.path, "/api/v1/export?format="); ok && f != "csv" {
						text = exporttest.Text(t, f, w.Body.Bytes())
					}
					for _, h := range hidden {
						if strings.Contains(text, h) {
							t.Errorf("%s: %s %s shows %q, which is above the clearance", cl, r.method, r.path, h)
						}
					}
					checks++
				}
				// No path, no oversight, no count through what is hidden.
				paths := decode[graph.PathAnswer](t, e.do(req{method: "GET", path: "/api/v1/paths?from=gate-a&to=gate-b", token: tok}))
				if got, want := len(paths.Paths) > 0, cl.Allows(graph.Amber); got != want {
					t.Errorf("%s: path gate-a..gate-b found %v, want %v", cl, got, want)
				}
				ov := decode[graph.OversightAnswer](t, e.do(req{method: "GET", path: "/api/v1/oversight?who=boss", token: tok}))
				if got, want := len(ov.Answers) > 0, cl == graph.Red; got != want {
					t.Errorf("%s: boss oversaw something: %v, want %v", cl, got, want)
				}
				sc := decode[graph.Schema](t, e.do(req{method: "GET", path: "/api/v1/schema", token: tok}))
				if want := visibleCounts(b, cl); sc.Counts != want {
					t.Errorf("%s: schema counts %+v, want %+v", cl, sc.Counts, want)
				}
				checks += 3
			}
			t.Logf("%d marking checks made", checks)
		})
	}
}

// visibleCounts counts what a caller cleared for cl sees.
func visibleCounts(b graph.Batch, cl graph.Marking) graph.Counts {
	var c graph.Counts
	vis := map[string]bool{}
	for _, n := range b.Nodes {
		if cl.Allows(n.Marking) {
			vis[n.ID] = true
			c.Nodes++
		}
	}
	cited := map[string]bool{}
	for _, e := range b.Edges {
		if cl.Allows(e.Marking) && vis[e.From] && vis[e.To] {
			c.Edges++
			for _, s := range e.Sources {
				cited[s] = true
			}
		}
	}
	c.Sources = len(cited)
	return c
}

func unzipAll(t *testing.T, data []byte) string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatalf("csv export is not a zip: %v", err)
	}
	var all strings.Builder
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(rc)
		rc.Close()
		fmt.Fprintf(&all, "%s\n%s\n", f.Name, b)
	}
	all.WriteString(zr.Comment)
	return all.String()
}
