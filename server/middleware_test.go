package server

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"linkchart/graph"
)

func TestParseTokens(t *testing.T) {
	tests := []struct {
		in      string
		want    map[string]Access
		wantErr bool
	}{
		{"", map[string]Access{}, false},
		{"abc=editor:amber", map[string]Access{"abc": {"abc", RoleEditor, graph.Amber}}, false},
		{" a=viewer:clear , b=admin:TLP:RED ,", map[string]Access{"a": {"a", RoleViewer, graph.Clear}, "b": {"b", RoleAdmin, graph.Red}}, false},
		{"a=Editor:Green", map[string]Access{"a": {"a", RoleEditor, graph.Green}}, false},
		{"a=viewer:clear\nb=editor:red\n", map[string]Access{"a": {"a", RoleViewer, graph.Clear}, "b": {"b", RoleEditor, graph.Red}}, false},
		// Token names: NAME:TOKEN, or the token's first 6 characters.
		{"ana:s3cret-long=editor:amber", map[string]Access{"s3cret-long": {"ana", RoleEditor, graph.Amber}}, false},
		{"s3cret-long=editor:amber", map[string]Access{"s3cret-long": {"s3cret", RoleEditor, graph.Amber}}, false},
		{" Kim Ana : t0k = viewer:red", map[string]Access{"t0k": {"Kim Ana", RoleViewer, graph.Red}}, false},
		{":t0k=viewer:red", nil, true},
		{"anonymous:t0k=viewer:red", nil, true},
		{"a:=viewer:red", nil, true},
		{"a=editor", nil, true},
		{"a=boss:red", nil, true},
		{"a=viewer:secret", nil, true},
		{"=viewer:red", nil, true},
		{"a=viewer:red,a=editor:red", nil, true},
		{"noequals", nil, true},
	}
	for _, tt := range tests {
		got, err := ParseTokens(tt.in)
		if (err != nil) != tt.wantErr {
			t.Errorf("ParseTokens(%q) error = %v, want error %v", tt.in, err, tt.wantErr)
			continue
		}
		if tt.wantErr {
			if strings.Contains(err.Error(), "a=") {
				t.Errorf("ParseTokens(%q) error echoes the token: %v", tt.in, err)
			}
			continue
		}
		if len(got) != len(tt.want) {
			t.Errorf("ParseTokens(%q) = %v, want %v", tt.in, got, tt.want)
		}
		for k, v := range tt.want {
			if got[k] != v {
				t.Errorf("ParseTokens(%q)[%q] = %v, want %v", tt.in, k, got[k], v)
			}
		}
	}
}

func TestNewChecksOptions(t *testing.T) {
	if _, err := New(Options{}); err == nil {
		t.Error("New without a store succeeded")
	}
	s := openMem(t)
	if _, err := New(Options{Store: s, Tokens: map[string]Access{"t": {Role: "root", Clearance: graph.Red}}}); err == nil {
		t.Error("New with a bad role succeeded")
	}
	if _, err := New(Options{Store: s, TrustedProxies: []string{"not-an-ip"}}); err == nil {
		t.Error("New with a bad trusted proxy succeeded")
	}
}

func TestWriteRateLimit(t *testing.T) {
	e := newEnv(t, storeKind{"memstore", openMem}, func(o *Options) { o.WriteRate = 0.001; o.WriteBurst = 2 })
	body := func(id string) string { return `{"id": "` + id + `", "kind": "Place", "name": "P"}` }
	want := []int{201, 201, 429}
	for i, w := range want {
		got := e.do(req{method: "POST", path: "/api/v1/entities", token: "editor-clear", body: body("p" + string(rune('a'+i)))})
		if got.Code != w {
			t.Errorf("write %d = %d, want %d: %s", i+1, got.Code, w, got.Body.String())
		}
		if w == 429 && got.Header().Get("Retry-After") == "" {
			t.Error("429 without Retry-After")
		}
	}
	if got := e.do(req{method: "POST", path: "/api/v1/entities", token: "editor-red", body: body("px")}); got.Code != 201 {
		t.Errorf("another client's write = %d, want 201", got.Code)
	}
	if got := e.do(req{method: "GET", path: "/api/v1/entities/pa", token: "editor-clear"}); got.Code != 200 {
		t.Errorf("reads are not limited: got %d", got.Code)
	}
}

// switchStore is a real memstore that can be made to fail as a store that
// is down (ErrUnavailable), slow (it waits for the context), or broken
// (it panics): the server's mapping of each is under test, not the store.
type switchStore struct {
	graph.Store
	mu   sync.Mutex
	mode string // "", "down", "slow", "panic"
}

func (s *switchStore) set(mode string) { s.mu.Lock(); s.mode = mode; s.mu.Unlock() }

func (s *switchStore) fail(ctx context.Context) error {
	s.mu.Lock()
	mode := s.mode
	s.mu.Unlock()
	switch mode {
	case "down":
		return graph.ErrUnavailable
	case "slow":
		<-ctx.Done()
		return ctx.Err()
	case "panic":
		panic("store exploded")
	}
	return nil
}

func (s *switchStore) Schema(ctx context.Context, cl graph.Marking) (graph.Schema, error) {
	if err := s.fail(ctx); err != nil {
		return graph.Schema{}, err
	}
	return s.Store.Schema(ctx, cl)
}

func (s *switchStore) Entity(ctx context.Context, id string, cl graph.Marking) (graph.Subgraph, error) {
	if err := s.fail(ctx); err != nil {
		return graph.Subgraph{}, err
	}
	return s.Store.Entity(ctx, id, cl)
}

func (s *switchStore) Ping(ctx context.Context) error {
	if err := s.fail(ctx); err != nil {
		return err
	}
	return s.Store.Ping(ctx)
}

func TestStoreFailures(t *testing.T) {
	ss := &switchStore{Store: openMem(t)}
	if err := ss.Upsert(context.Background(), fixture()); err != nil {
		t.Fatal(err)
	}
	var logs bytes.Buffer
	e := newEnvOn(t, ss, func(o *Options) {
		o.QueryTimeout = 50 * time.Millisecond
		o.Logger = slog.New(slog.NewTextHandler(&logs, nil))
	})
	tests := []struct {
		mode, path string
		want       int
	}{
		{"", "/readyz", 200},
		{"down", "/readyz", 503},
		{"down", "/api/v1/schema", 503},
		{"down", "/api/v1/entities/kim-yong-bok", 503},
		{"down", "/healthz", 200},
		{"slow", "/api/v1/schema", 504},
		{"panic", "/api/v1/schema", 500},
		{"", "/api/v1/schema", 200},
		{"", "/readyz", 200},
	}
	for _, tt := range tests {
		ss.set(tt.mode)
		w := e.do(req{method: "GET", path: tt.path})
		if w.Code != tt.want {
			t.Errorf("%s with store %q = %d, want %d: %s", tt.path, tt.mode, w.Code, tt.want, w.Body.String())
		}
		if tt.want >= 500 {
			if ct := w.Header().Get("Content-Type"); ct != "application/problem+json" {
				t.Errorf("%s with store %q: Content-Type %q", tt.path, tt.mode, ct)
			}
			if tt.want == 503 && w.Header().Get("Retry-After") == "" {
				t.Errorf("503 without Retry-After")
			}
		}
	}
	if !strings.Contains(logs.String(), "store exploded") {
		t.Errorf("the panic was not logged:\n%s", logs.String())
	}
}

func TestSecurityHeadersEverywhere(t *testing.T) {
	e := newEnv(t, storeKind{"memstore", openMem}, nil)
	for _, r := range []req{
		{method: "GET", path: "/"}, {method: "GET", path: "/api/v1/schema"}, {method: "GET", path: "/nothing"},
		{method: "GET", path: "/api/v1/entities/Bad_Id"}, {method: "GET", path: "/metrics"}, {method: "GET", path: "/api/v1/schema", token: "wrong"},
		{method: "DELETE", path: "/healthz"},
	} {
		w := e.do(r)
		h := w.Header()
		csp := h.Get("Content-Security-Policy")
		for _, want := range []string{"default-src 'self'", "script-src 'self'", "frame-ancestors 'none'", "object-src 'none'", "base-uri 'none'"} {
			if !strings.Contains(csp, want) {
				t.Errorf("%s %s: CSP %q lacks %q", r.method, r.path, csp, want)
			}
		}
		if strings.Contains(csp, "unsafe-inline") || strings.Contains(csp, "unsafe-eval") {
			t.Errorf("%s %s: CSP allows unsafe code: %q", r.method, r.path, csp)
		}
		if h.Get("X-Content-Type-Options") != "nosniff" || h.Get("Referrer-Policy") != "no-referrer" {
			t.Errorf("%s %s: headers %v", r.method, r.path, h)
		}
	}
}

func TestRequestLogAndMetrics(t *testing.T) {
	var logs bytes.Buffer
	e := newEnv(t, storeKind{"memstore", openMem}, func(o *Options) { o.Logger = slog.New(slog.NewTextHandler(&logs, nil)) })
	e.do(req{method: "GET", path: "/api/v1/entities/kim-yong-bok", token: "viewer-red"})
	e.do(req{method: "GET", path: "/api/v1/schema", token: "not-a-token-s3cr3t"})
	for _, want := range []string{"method=GET", "path=/api/v1/entities/kim-yong-bok", "route=/api/v1/entities/:id", "status=200", "duration=", "status=401"} {
		if !strings.Contains(logs.String(), want) {
			t.Errorf("log lacks %q:\n%s", want, logs.String())
		}
	}
	for _, secret := range []string{"viewer-red", "not-a-token-s3cr3t", "Bearer"} {
		if strings.Contains(logs.String(), secret) {
			t.Errorf("log leaks %q:\n%s", secret, logs.String())
		}
	}
	w := e.do(req{method: "GET", path: "/metrics"})
	for _, want := range []string{
		`linkchart_http_requests_total{method="GET",route="/api/v1/entities/:id",status="200"} 1`,
		`linkchart_http_request_duration_seconds_bucket{method="GET",route="/api/v1/schema",status="401"`,
	} {
		if !strings.Contains(w.Body.String(), want) {
			t.Errorf("metrics lack %q", want)
		}
	}
}

func TestPage(t *testing.T) {
	page := fstest.MapFS{
		"index.html":              {Data: []byte("<!doctype html><title>linkchart page</title>")},
		"assets/app-5KQ2JX7A.js":  {Data: []byte("console.log(1)")},
		"assets/app-5KQ2JX7A.css": {Data: []byte("body{}")},
		"favicon.svg":             {Data: []byte("<svg/>")},
	}
	e := newEnv(t, storeKind{"memstore", openMem}, func(o *Options) { o.Page = page })
	tests := []struct {
		path, cache, ctype string
		want               int
	}{
		{"/", "no-cache", "text/html", 200},
		{"/?focus=kim-yong-bok&depth=2", "no-cache", "text/html", 200},
		{"/assets/app-5KQ2JX7A.js", "immutable", "javascript", 200},
		{"/assets/app-5KQ2JX7A.css", "immutable", "text/css", 200},
		{"/favicon.svg", "no-cache", "image/svg", 200},
		{"/assets/missing.js", "", "problem", 404},
		{"/assets", "", "problem", 404},
		{"/index.html/../../etc/passwd", "", "problem", 404},
	}
	for _, tt := range tests {
		w := e.do(req{method: "GET", path: tt.path})
		if w.Code != tt.want || !strings.Contains(w.Header().Get("Cache-Control"), tt.cache) || !strings.Contains(w.Header().Get("Content-Type"), tt.ctype) {
			t.Errorf("GET %s = %d, Cache-Control %q, Content-Type %q; want %d, %q, %q", tt.path, w.Code,
				w.Header().Get("Cache-Control"), w.Header().Get("Content-Type"), tt.want, tt.cache, tt.ctype)
		}
	}
}

func TestListenAndServeShutsDown(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	e := newEnv(t, storeKind{"memstore", openMem}, nil)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- ListenAndServe(ctx, addr, e.h, slog.New(slog.NewTextHandler(&bytes.Buffer{}, nil))) }()
	var resp *http.Response
	for i := 0; i < 50; i++ {
		if resp, err = http.Get("http://" + addr + "/healthz"); err == nil {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err != nil {
		t.Fatalf("server did not answer: %v", err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Errorf("healthz = %d", resp.StatusCode)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("ListenAndServe after shutdown = %v, want nil", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("no shutdown")
	}
	if err := ListenAndServe(context.Background(), "256.0.0.1:1", e.h, nil); err == nil || errors.Is(err, http.ErrServerClosed) {
		t.Errorf("bad address: %v", err)
	}
}

// TestRelationsByID looks relations up by free-form ids through the store.
func TestRelationsByID(t *testing.T) {
	fx := fixture()
	fx.Edges = append(fx.Edges, graph.Edge{ID: "free-form-id", Type: graph.Visited, From: "kim-yong-bok", To: "russia", Sources: []string{"s-report"}, Marking: graph.Clear})
	mem := openMem(t)
	if err := mem.Upsert(context.Background(), fx); err != nil {
		t.Fatal(err)
	}
	e := newEnvOn(t, mem, nil)
	tests := []struct {
		r    req
		want int
	}{
		{req{method: "GET", path: "/api/v1/relations/free-form-id"}, 200},
		{req{method: "GET", path: "/api/v1/relations/nothing-here"}, 404},
		{req{method: "GET", path: "/api/v1/relations/kim-yong-bok--visited--kursk", token: "editor-amber"}, 404},
		{req{method: "PATCH", path: "/api/v1/relations/free-form-id", token: "editor-clear", body: `{"credibility": 1}`}, 200},
		{req{method: "PATCH", path: "/api/v1/relations/kim-yong-bok--visited--kursk", token: "editor-amber", body: `{"credibility": 1}`}, 404},
		{req{method: "DELETE", path: "/api/v1/relations/free-form-id", token: "editor-clear"}, 204},
		{req{method: "GET", path: "/api/v1/relations/free-form-id"}, 404},
	}
	for _, tt := range tests {
		if w := e.do(tt.r); w.Code != tt.want {
			t.Errorf("%s %s = %d, want %d: %s", tt.r.method, tt.r.path, w.Code, tt.want, w.Body.String())
		}
	}
}
