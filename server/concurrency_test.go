package server

import (
	"fmt"
	"net/url"
	"sync"
	"testing"
)

// TestConcurrentReadersAndWriters drives the API from parallel writers and
// readers (run it with -race): every write is acknowledged, no read fails,
// and the graph holds exactly what was acknowledged at the end.
func TestConcurrentReadersAndWriters(t *testing.T) {
	for _, sk := range stores(t) {
		t.Run(sk.name, func(t *testing.T) {
			e := newEnv(t, sk, func(o *Options) { o.Logger = testLogger(t) })
			before := e.schemaCounts()
			const writers, perWriter, readers = 3, 10, 3
			var wg sync.WaitGroup
			errs := make(chan string, writers*perWriter*3+readers*100)
			for w := 0; w < writers; w++ {
				wg.Add(1)
				go func(w int) {
					defer wg.Done()
					for i := 0; i < perWriter; i++ {
						id := fmt.Sprintf("c-%d-%d", w, i)
						r := e.do(req{method: "POST", path: "/api/v1/entities", token: "editor-clear", body: `{"id": "` + id + `", "kind": "Person", "name": "Concurrent ` + id + `"}`})
						if r.Code != 201 {
							errs <- fmt.Sprintf("create %s: %d %s", id, r.Code, r.Body.String())
							continue
						}
						r = e.do(req{method: "POST", path: "/api/v1/relations", token: "editor-clear",
							body: `{"type": "MEMBER_OF", "from": "` + id + `", "to": "corps-11", "sources": ["s-report"]}`})
						if r.Code != 201 {
							errs <- fmt.Sprintf("relate %s: %d %s", id, r.Code, r.Body.String())
						}
					}
				}(w)
			}
			for rd := 0; rd < readers; rd++ {
				wg.Add(1)
				go func(rd int) {
					defer wg.Done()
					paths := []string{
						"/api/v1/entities/corps-11/neighborhood?depth=2",
						"/api/v1/entities?q=" + url.QueryEscape("concurrent c"),
						"/api/v1/paths?from=kim-yong-bok&to=russia&k=3",
						"/api/v1/oversight?who=kim-yong-bok",
						"/api/v1/schema",
					}
					for i := 0; i < 20; i++ {
						p := paths[(i+rd)%len(paths)]
						if r := e.do(req{method: "GET", path: p}); r.Code != 200 {
							errs <- fmt.Sprintf("read %s: %d %s", p, r.Code, r.Body.String())
						}
					}
				}(rd)
			}
			wg.Wait()
			close(errs)
			for msg := range errs {
				t.Error(msg)
			}
			after := e.schemaCounts()
			if want := before.Counts.Nodes + writers*perWriter; after.Counts.Nodes != want {
				t.Errorf("nodes = %d, want %d", after.Counts.Nodes, want)
			}
			if want := before.Counts.Edges + writers*perWriter; after.Counts.Edges != want {
				t.Errorf("edges = %d, want %d", after.Counts.Edges, want)
			}
		})
	}
}
