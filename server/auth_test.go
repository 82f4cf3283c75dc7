package server

import (
	"bytes"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/gin-gonic/gin"

	"linkchart/graph"
)

// writeRoutes are a request to each write endpoint.
var writeRoutes = []req{
	{method: "POST", path: "/api/v1/entities", body: `{"id": "x", "kind": "Person", "name": "X"}`},
	{method: "PATCH", path: "/api/v1/entities/kim-yong-bok", body: `{"name": "N"}`},
	{method: "DELETE", path: "/api/v1/entities/pak-chol-1"},
	{method: "POST", path: "/api/v1/relations", body: `{"type": "VISITED", "from": "kim-yong-bok", "to": "russia", "sources": ["s-report"]}`},
	{method: "PATCH", path: "/api/v1/relations/kim-yong-bok--commands--corps-11", body: `{"note": "x"}`},
	{method: "DELETE", path: "/api/v1/relations/pak-chol-1--member-of--corps-11"},
	{method: "POST", path: "/api/v1/import", body: `{"entities": [{"id": "x", "kind": "Person", "name": "X"}]}`},
}

// TestWriteAuthStatuses: a write without a token is 401 with a Bearer
// challenge (a token may let it in), an unknown token 401, a known token
// whose role is too low 403; nothing is written.
func TestWriteAuthStatuses(t *testing.T) {
	e := newEnv(t, storeKind{"memstore", openMem}, nil)
	before := e.schemaCounts()
	for _, r := range writeRoutes {
		for _, tt := range []struct {
			token string
			want  int
		}{{"", 401}, {"no-such-token", 401}, {"viewer-red", 403}} {
			r.token = tt.token
			w := e.do(r)
			if w.Code != tt.want {
				t.Errorf("%s %s with token %q = %d, want %d: %s", r.method, r.path, tt.token, w.Code, tt.want, w.Body.String())
			}
			if ch := w.Header().Get("WWW-Authenticate"); tt.want == 401 && !strings.HasPrefix(ch, "Bearer") {
				t.Errorf("%s %s with token %q: WWW-Authenticate = %q, want a Bearer challenge", r.method, r.path, tt.token, ch)
			}
		}
	}
	unchanged(before)(t, e, nil)
}

// TestWhoami answers the caller's name, role and clearance.
func TestWhoami(t *testing.T) {
	e := newEnv(t, storeKind{"memstore", openMem}, func(o *Options) {
		o.Tokens = map[string]Access{"ana-s3cret": {Name: "Ana", Role: RoleEditor, Clearance: graph.Amber}, "b0b-s3cret": {Role: RoleViewer, Clearance: graph.Green}}
	})
	for _, tt := range []struct {
		token string
		want  whoamiAnswer
	}{
		{"", whoamiAnswer{AnonymousName, RoleViewer, graph.Clear}},
		{"ana-s3cret", whoamiAnswer{"Ana", RoleEditor, graph.Amber}},
		{"b0b-s3cret", whoamiAnswer{"b0b-s3", RoleViewer, graph.Green}},
	} {
		w := e.do(req{method: "GET", path: "/api/v1/whoami", token: tt.token})
		if w.Code != 200 {
			t.Fatalf("whoami with %q = %d: %s", tt.token, w.Code, w.Body.String())
		}
		if got := decode[whoamiAnswer](t, w); got != tt.want {
			t.Errorf("whoami with %q = %+v, want %+v", tt.token, got, tt.want)
		}
	}
	if w := e.do(req{method: "GET", path: "/api/v1/whoami", token: "nope"}); w.Code != 401 {
		t.Errorf("whoami with an unknown token = %d, want 401", w.Code)
	}
}

// TestCallerNameInContextNotToken: a handler reads the caller's name with
// access(c).Name; the request log names the caller and never holds the
// token.
func TestCallerNameInContextNotToken(t *testing.T) {
	var logs bytes.Buffer
	toks, err := ParseTokens("ana:s3cret-token=editor:red")
	if err != nil {
		t.Fatal(err)
	}
	opt := Options{Store: openMem(t), Tokens: toks, Logger: slog.New(slog.NewJSONHandler(&logs, nil))}
	if err := opt.defaults(); err != nil {
		t.Fatal(err)
	}
	h := &handler{opt: opt, log: opt.Logger, metrics: newMetrics()}
	r := gin.New()
	var seen string
	r.GET("/x", h.observe, h.authenticate, func(c *gin.Context) { seen = access(c).Name; c.Status(204) })
	hr := httptest.NewRequest("GET", "/x", nil)
	hr.Header.Set("Authorization", "Bearer s3cret-token")
	w := httptest.NewRecorder()
	r.ServeHTTP(w, hr)
	if w.Code != http.StatusNoContent || seen != "ana" {
		t.Errorf("status %d, access(c).Name = %q; want 204, \"ana\"", w.Code, seen)
	}
	if !strings.Contains(logs.String(), `"who":"ana"`) || strings.Contains(logs.String(), "s3cret") {
		t.Errorf("the request log should name ana and never hold the token:\n%s", logs.String())
	}
}
