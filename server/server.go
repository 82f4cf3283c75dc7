// Package server is linkchart's HTTP API: a gin router over a graph.Store
// answering DESIGN.md's /api/v1 questions, with bearer-token access and
// markings, RFC 9457 problem+json errors, request logs, metrics, an OpenAPI
// document and the page at /.
package server

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"time"

	"linkchart/graph"
)

// Roles, highest last: viewer < editor < admin (each may do what the ones
// below it may).
const (
	RoleViewer = "viewer"
	RoleEditor = "editor"
	RoleAdmin  = "admin"
)

var roleRank = map[string]int{RoleViewer: 1, RoleEditor: 2, RoleAdmin: 3}

// AnonymousName is the name of a caller without a token; no token may take it.
const AnonymousName = "anonymous"

// Access is what a bearer token grants: its holder's name (what history
// records, never the token), a role and the highest marking the holder may
// see.
type Access struct {
	Name      string
	Role      string
	Clearance graph.Marking
}

// atLeast reports whether a's role is role or higher.
func (a Access) atLeast(role string) bool { return roleRank[a.Role] >= roleRank[role] }

// anonymous is the access of a request without a token.
var anonymous = Access{Name: AnonymousName, Role: RoleViewer, Clearance: graph.Clear}

// maxTokenName bounds a token's name.
const maxTokenName = 64

// tokenName is the name a token goes by: the one given, or the token's
// first 6 characters.
func tokenName(name, tok string) string {
	if name != "" {
		return name
	}
	r := []rune(tok)
	return string(r[:min(6, len(r))])
}

// checkTokenName refuses names that history could not record plainly.
func checkTokenName(name string) error {
	switch {
	case name == AnonymousName:
		return fmt.Errorf("the name %q is kept for callers without a token", name)
	case !validText(name, maxTokenName) || strings.ContainsAny(name, "\n\r\t"):
		return fmt.Errorf("a name is printable text of at most %d characters", maxTokenName)
	}
	return nil
}

// Defaults of Options.
const (
	DefaultMaxBodyBytes = 8 << 20
	DefaultQueryTimeout = 10 * time.Second
	DefaultWriteRate    = 5.0
	DefaultWriteBurst   = 20
)

// Options configure New. Zero values take the defaults above.
type Options struct {
	Store graph.Store
	// Tokens maps a bearer token to its access (see ParseTokens).
	Tokens map[string]Access
	// AuthRequired answers requests without a token 401 instead of treating
	// them as a viewer cleared for TLP:CLEAR.
	AuthRequired bool
	Logger       *slog.Logger
	// Page is the built frontend (index.html at its root). Nil serves a short
	// "page not built" HTML at /.
	Page fs.FS
	// TrustedProxies are the proxies whose X-Forwarded-For is believed
	// (default none).
	TrustedProxies []string
	// MaxBodyBytes caps request bodies (413 above it).
	MaxBodyBytes int64
	// QueryTimeout bounds each store call.
	QueryTimeout time.Duration
	// WriteRate is the per-client (token, or IP without one) rate of writes
	// per second; WriteBurst the burst allowed. Above it: 429.
	WriteRate  float64
	WriteBurst int
}

func (o *Options) defaults() error {
	if o.Store == nil {
		return errors.New("server: Options.Store is nil")
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	if o.MaxBodyBytes <= 0 {
		o.MaxBodyBytes = DefaultMaxBodyBytes
	}
	if o.QueryTimeout <= 0 {
		o.QueryTimeout = DefaultQueryTimeout
	}
	if o.WriteRate <= 0 {
		o.WriteRate = DefaultWriteRate
	}
	if o.WriteBurst <= 0 {
		o.WriteBurst = DefaultWriteBurst
	}
	tokens := make(map[string]Access, len(o.Tokens))
	for tok, a := range o.Tokens {
		if _, ok := roleRank[a.Role]; !ok {
			return fmt.Errorf("server: token role %q: want viewer, editor or admin", a.Role)
		}
		if a.Clearance.Level() < 0 || tok == "" {
			return fmt.Errorf("server: bad token or clearance %q", a.Clearance)
		}
		a.Name = tokenName(a.Name, tok)
		if err := checkTokenName(a.Name); err != nil {
			return fmt.Errorf("server: token name: %w", err)
		}
		tokens[tok] = a
	}
	o.Tokens = tokens
	return nil
}

// ParseTokens reads LINKCHART_TOKENS: [NAME:]TOKEN=ROLE:CLEARANCE items
// separated by commas (or newlines, for a tokens file), such as
// "ana:s3cret=editor:amber,r3ad=viewer:clear". A token without a name is
// named by its first 6 characters. Empty s gives no tokens. Errors name the
// item by its number, never by its token.
func ParseTokens(s string) (map[string]Access, error) {
	const want = "want [NAME:]TOKEN=ROLE:CLEARANCE"
	tokens := map[string]Access{}
	items := strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == '\n' || r == '\r' })
	for i, item := range items {
		item = strings.TrimSpace(item)
		if item == "" {
			continue
		}
		head, grant, ok := strings.Cut(item, "=")
		name, tok, named := strings.Cut(head, ":")
		if !named {
			name, tok = "", name
		}
		name, tok = strings.TrimSpace(name), strings.TrimSpace(tok)
		if !ok || tok == "" || named && name == "" {
			return nil, fmt.Errorf("tokens: item %d: %s", i+1, want)
		}
		role, clr, ok := strings.Cut(grant, ":")
		role = strings.ToLower(strings.TrimSpace(role))
		if !ok {
			return nil, fmt.Errorf("tokens: item %d: %s", i+1, want)
		}
		if _, ok := roleRank[role]; !ok {
			return nil, fmt.Errorf("tokens: item %d: role %q: want viewer, editor or admin", i+1, role)
		}
		m, err := graph.ParseClearance(clr)
		if err != nil {
			return nil, fmt.Errorf("tokens: item %d: %w", i+1, err)
		}
		if err := checkTokenName(name); named && err != nil {
			return nil, fmt.Errorf("tokens: item %d: %w", i+1, err)
		}
		if _, dup := tokens[tok]; dup {
			return nil, fmt.Errorf("tokens: item %d: token given twice", i+1)
		}
		tokens[tok] = Access{Name: tokenName(name, tok), Role: role, Clearance: m}
	}
	return tokens, nil
}

// New builds the HTTP handler.
func New(opt Options) (http.Handler, error) {
	if err := opt.defaults(); err != nil {
		return nil, err
	}
	return newRouter(opt)
}

// shutdownGrace bounds the wait for requests in flight once ctx ends;
// their contexts end with ctx, so store calls stop at their next check.
const shutdownGrace = time.Second

// ListenAndServe serves h on addr until ctx ends, then shuts down: requests
// in flight see their context end and get up to shutdownGrace to answer.
func ListenAndServe(ctx context.Context, addr string, h http.Handler, log *slog.Logger) error {
	if log == nil {
		log = slog.Default()
	}
	srv := &http.Server{
		Addr:              addr,
		Handler:           h,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
		BaseContext:       func(net.Listener) context.Context { return ctx },
	}
	errc := make(chan error, 1)
	go func() {
		log.Info("listening", "addr", addr)
		errc <- srv.ListenAndServe()
	}()
	select {
	case err := <-errc:
		return fmt.Errorf("serve %s: %w", addr, err)
	case <-ctx.Done():
	}
	log.Info("shutting down")
	sctx, cancel := context.WithTimeout(context.Background(), shutdownGrace)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		srv.Close()
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serve %s: %w", addr, err)
	}
	return nil
}
