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

// Roles, lowest first: admin ≥ editor ≥ viewer.
const (
	RoleViewer = "viewer"
	RoleEditor = "editor"
	RoleAdmin  = "admin"
)

var roleRank = map[string]int{RoleViewer: 1, RoleEditor: 2, RoleAdmin: 3}

// Access is what a bearer token grants: a role and the highest marking its
// holder may see.
type Access struct {
	Role      string
	Clearance graph.Marking
}

// atLeast reports whether a's role is role or higher.
func (a Access) atLeast(role string) bool { return roleRank[a.Role] >= roleRank[role] }

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
	for tok, a := range o.Tokens {
		if _, ok := roleRank[a.Role]; !ok {
			return fmt.Errorf("server: token role %q: want viewer, editor or admin", a.Role)
		}
		if a.Clearance.Level() < 0 || tok == "" {
			return fmt.Errorf("server: bad token or clearance %q", a.Clearance)
		}
	}
	return nil
}

// ParseTokens reads LINKCHART_TOKENS: TOKEN=ROLE:CLEARANCE items separated
// by commas (or newlines, for a tokens file), such as
// "s3cret=editor:amber,r3ad=viewer:clear". Empty s gives no tokens.
func ParseTokens(s string) (map[string]Access, error) {
	tokens := map[string]Access{}
	items := strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == '\n' || r == '\r' })
	for i, item := range items {
		item = strings.TrimSpace(item)
		if item == "" {
			continue
		}
		tok, grant, ok := strings.Cut(item, "=")
		tok = strings.TrimSpace(tok)
		if !ok || tok == "" {
			return nil, fmt.Errorf("tokens: item %d: want TOKEN=ROLE:CLEARANCE", i+1)
		}
		role, clr, ok := strings.Cut(grant, ":")
		role = strings.ToLower(strings.TrimSpace(role))
		if !ok {
			return nil, fmt.Errorf("tokens: item %d: want TOKEN=ROLE:CLEARANCE", i+1)
		}
		if _, ok := roleRank[role]; !ok {
			return nil, fmt.Errorf("tokens: item %d: role %q: want viewer, editor or admin", i+1, role)
		}
		m, err := graph.ParseClearance(clr)
		if err != nil {
			return nil, fmt.Errorf("tokens: item %d: %w", i+1, err)
		}
		if _, dup := tokens[tok]; dup {
			return nil, fmt.Errorf("tokens: item %d: token given twice", i+1)
		}
		tokens[tok] = Access{Role: role, Clearance: m}
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
