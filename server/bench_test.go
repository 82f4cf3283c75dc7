package server

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"

	"linkchart/graph"
	"linkchart/graph/gen"
	"linkchart/graph/storebench"
)

// The response path of the API in process, without the network: the whole
// router (logging, metrics, security headers, authentication, binding,
// the store's answer, JSON) on a generated graph of 10k nodes / 100k edges
// in memstore, cycling through fixed requests like `make bench`'s wrk runs.
// Compare versions with -benchmem: allocations per request drive the GC
// work that sets the tail latency under load.

// benchStore is memstore holding gen's graph.
func benchStore(b *testing.B) (graph.Store, graph.Batch) {
	b.Helper()
	g := gen.Generate(10_000, 100_000, 1)
	st := openMem(b)
	if _, err := storebench.Load(context.Background(), st, g, storebench.DefaultBatch); err != nil {
		b.Fatal(err)
	}
	return st, g
}

// benchServer serves benchStore, logging JSON to nowhere (as `linkchart
// serve` does to stderr).
func benchServer(b *testing.B) (http.Handler, graph.Batch) {
	b.Helper()
	st, g := benchStore(b)
	h, err := New(Options{Store: st, Tokens: map[string]Access{"bench": {Role: RoleViewer, Clearance: graph.Red}},
		Logger: slog.New(slog.NewJSONHandler(io.Discard, nil))})
	if err != nil {
		b.Fatal(err)
	}
	return h, g
}

// serveAll runs the requests of paths in turn through h, each answered 200.
func serveAll(b *testing.B, h http.Handler, paths []string) {
	reqs := make([]*http.Request, len(paths))
	for i, p := range paths {
		reqs[i] = httptest.NewRequest(http.MethodGet, p, nil)
		reqs[i].Header.Set("Authorization", "Bearer bench")
	}
	b.ReportAllocs()
	w := &countingWriter{header: http.Header{}}
	for i := 0; b.Loop(); i++ {
		clear(w.header)
		w.code = 0
		h.ServeHTTP(w, reqs[i%len(reqs)])
		if w.code != http.StatusOK {
			b.Fatalf("%s: status %d", paths[i%len(paths)], w.code)
		}
	}
	b.ReportMetric(float64(w.bytes)/float64(b.N), "B/answer")
}

// countingWriter is a ResponseWriter that only counts the body, so that
// the benchmarks measure the server's allocations, not a recorder's.
type countingWriter struct {
	header http.Header
	code   int
	bytes  int
}

func (w *countingWriter) Header() http.Header { return w.header }

func (w *countingWriter) WriteHeader(code int) {
	if w.code == 0 {
		w.code = code
	}
}

func (w *countingWriter) Write(p []byte) (int, error) {
	w.WriteHeader(http.StatusOK)
	w.bytes += len(p)
	return len(p), nil
}

func BenchmarkAPINeighborhood1Hop(b *testing.B) {
	h, g := benchServer(b)
	q := storebench.NewQueries(g)
	paths := make([]string, len(q.Seeds))
	for i, id := range q.Seeds {
		paths[i] = "/api/v1/entities/" + id + "/neighborhood?depth=1"
	}
	serveAll(b, h, paths)
}

func BenchmarkAPISearch(b *testing.B) {
	h, g := benchServer(b)
	q := storebench.NewQueries(g)
	paths := make([]string, len(q.Search))
	for i, text := range q.Search {
		paths[i] = "/api/v1/entities?q=" + url.QueryEscape(text)
	}
	serveAll(b, h, paths)
}

// BenchmarkAppendSubgraph is the encoder alone on 1-hop answers.
func BenchmarkAppendSubgraph(b *testing.B) {
	st, g := benchStore(b)
	var answers []graph.Subgraph
	for _, id := range storebench.NewQueries(g).Seeds[:100] {
		sg, err := st.Neighborhood(context.Background(), graph.NeighborhoodQuery{Seed: id, Depth: 1, Limit: graph.DefaultLimit, Clearance: graph.Red})
		if err != nil {
			b.Fatal(err)
		}
		sg.Sort()
		answers = append(answers, sg)
	}
	b.ReportAllocs()
	var buf []byte
	n := 0
	for i := 0; b.Loop(); i++ {
		buf = appendSubgraph(buf[:0], &answers[i%len(answers)])
		n += len(buf)
	}
	b.SetBytes(int64(n / b.N))
}
