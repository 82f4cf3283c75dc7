package server

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"golang.org/x/time/rate"
)

// accessKey is where authenticate leaves the caller's Access.
const accessKey = "linkchart.access"

// contentSecurityPolicy allows the page's own scripts, styles and images
// only: no inline script or style, no framing, no plugins.
const contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; " +
	"connect-src 'self'; font-src 'self'; frame-ancestors 'none'; object-src 'none'; base-uri 'none'; form-action 'self'"

// securityHeaders sets the headers every response carries.
func securityHeaders(c *gin.Context) {
	hd := c.Writer.Header()
	hd.Set("Content-Security-Policy", contentSecurityPolicy)
	hd.Set("X-Content-Type-Options", "nosniff")
	hd.Set("Referrer-Policy", "no-referrer")
	hd.Set("X-Frame-Options", "DENY")
	hd.Set("Cross-Origin-Opener-Policy", "same-origin")
	c.Next()
}

// observe logs each request once (method, path, route, status, duration;
// never headers, so never tokens) and counts it in the metrics.
func (h *handler) observe(c *gin.Context) {
	start := time.Now()
	c.Next()
	d := time.Since(start)
	route := c.FullPath()
	if route == "" {
		route = "unmatched"
	}
	status := c.Writer.Status()
	h.metrics.observe(c.Request.Method, route, status, d)
	level := slogLevel(status)
	ctx := c.Request.Context()
	if !h.log.Enabled(ctx, level) {
		return
	}
	h.log.LogAttrs(ctx, level, "request",
		slog.String("method", c.Request.Method), slog.String("path", sanitize(c.Request.URL.Path)), slog.String("route", route),
		slog.Int("status", status), slog.Duration("duration", d), slog.Int("bytes", c.Writer.Size()), slog.String("client", c.ClientIP()),
		slog.String("who", access(c).Name))
}

// recover turns a panic into a logged 500 problem.
func (h *handler) recover(c *gin.Context) {
	defer func() {
		if v := recover(); v != nil {
			if v == http.ErrAbortHandler {
				panic(v)
			}
			h.log.ErrorContext(c.Request.Context(), "panic", "method", c.Request.Method, "path", sanitize(c.Request.URL.Path),
				"panic", fmt.Sprint(v), "stack", string(debug.Stack()))
			if !c.Writer.Written() {
				writeProblem(c, newProblem(http.StatusInternalServerError, "", nil))
			}
			c.Abort()
		}
	}()
	c.Next()
}

// capBody limits the request body to Options.MaxBodyBytes (413 above).
func (h *handler) capBody(c *gin.Context) {
	if c.Request.ContentLength > h.opt.MaxBodyBytes {
		writeProblem(c, newProblem(http.StatusRequestEntityTooLarge, fmt.Sprintf("the request body is larger than %d bytes", h.opt.MaxBodyBytes), nil))
		return
	}
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, h.opt.MaxBodyBytes)
	c.Next()
}

// authenticate reads the bearer token. No token is a viewer cleared for
// TLP:CLEAR unless Options.AuthRequired; an unknown token is 401.
func (h *handler) authenticate(c *gin.Context) {
	hdr := c.GetHeader("Authorization")
	if hdr == "" {
		if h.opt.AuthRequired {
			unauthorized(c, "a bearer token is required")
			return
		}
		c.Set(accessKey, anonymous)
		c.Next()
		return
	}
	scheme, tok, ok := strings.Cut(hdr, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") || strings.TrimSpace(tok) == "" {
		unauthorized(c, "want Authorization: Bearer TOKEN")
		return
	}
	a, ok := h.lookup(strings.TrimSpace(tok))
	if !ok {
		unauthorized(c, "unknown token")
		return
	}
	c.Set(accessKey, a)
	c.Next()
}

// lookup finds a token comparing in constant time.
func (h *handler) lookup(tok string) (Access, bool) {
	var found Access
	ok := false
	for t, a := range h.opt.Tokens {
		if subtle.ConstantTimeCompare([]byte(t), []byte(tok)) == 1 {
			found, ok = a, true
		}
	}
	return found, ok
}

func unauthorized(c *gin.Context, detail string) {
	c.Header("WWW-Authenticate", `Bearer realm="linkchart"`)
	writeProblem(c, newProblem(http.StatusUnauthorized, detail, nil))
}

// access is the caller's Access (set by authenticate): its Name is what a
// record of the caller's writes names.
func access(c *gin.Context) Access {
	if a, ok := c.Get(accessKey); ok {
		return a.(Access)
	}
	return anonymous
}

// require answers 401 to a caller without a token (a token may let it in)
// and 403 to a token whose role is below role.
func (h *handler) require(role string) gin.HandlerFunc {
	return func(c *gin.Context) {
		a := access(c)
		if a.Name == AnonymousName {
			unauthorized(c, "this needs a bearer token with the "+role+" role")
			return
		}
		if !a.atLeast(role) {
			writeProblem(c, newProblem(http.StatusForbidden, "this needs a token with the "+role+" role", nil))
			return
		}
		c.Next()
	}
}

// importTimeoutFactor stretches QueryTimeout for POST /import.
const importTimeoutFactor = 6

// timeout bounds the request's store calls by Options.QueryTimeout.
// Imports get importTimeoutFactor times as long.
func (h *handler) timeout(c *gin.Context) {
	d := h.opt.QueryTimeout
	if c.FullPath() == "/api/v1/import" {
		d *= importTimeoutFactor
	}
	ctx, cancel := context.WithTimeout(c.Request.Context(), d)
	defer cancel()
	c.Request = c.Request.WithContext(ctx)
	c.Next()
}

func contextWithTimeout(c *gin.Context, d time.Duration) (context.Context, context.CancelFunc) {
	return context.WithTimeout(c.Request.Context(), d)
}

// rateLimit answers 429 when a client (its token, or its address without
// one) writes faster than Options.WriteRate.
func (h *handler) rateLimit(c *gin.Context) {
	key := "ip:" + c.ClientIP()
	if tok := c.GetHeader("Authorization"); tok != "" {
		sum := sha256.Sum256([]byte(tok))
		key = "token:" + hex.EncodeToString(sum[:8])
	}
	if !h.limits.allow(key) {
		c.Header("Retry-After", "1")
		writeProblem(c, newProblem(http.StatusTooManyRequests, "too many writes; slow down", nil))
		return
	}
	c.Next()
}

// writeLimiter keeps one token bucket per client.
type writeLimiter struct {
	mu      sync.Mutex
	rate    rate.Limit
	burst   int
	clients map[string]*clientLimit
}

type clientLimit struct {
	lim  *rate.Limiter
	seen time.Time
}

// maxClients bounds the limiter's memory; idle clients are dropped first.
const maxClients = 10000

func newWriteLimiter(perSecond float64, burst int) *writeLimiter {
	return &writeLimiter{rate: rate.Limit(perSecond), burst: burst, clients: map[string]*clientLimit{}}
}

func (w *writeLimiter) allow(key string) bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	now := time.Now()
	cl, ok := w.clients[key]
	if !ok {
		if len(w.clients) >= maxClients {
			for k, v := range w.clients {
				if now.Sub(v.seen) > time.Minute {
					delete(w.clients, k)
				}
			}
		}
		cl = &clientLimit{lim: rate.NewLimiter(w.rate, w.burst)}
		w.clients[key] = cl
	}
	cl.seen = now
	return cl.lim.AllowN(now, 1)
}

// metrics are the Prometheus collectors of one handler.
type metrics struct {
	reg      *prometheus.Registry
	requests *prometheus.CounterVec
	latency  *prometheus.HistogramVec
}

func newMetrics() *metrics {
	m := &metrics{
		reg: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "linkchart_http_requests_total", Help: "HTTP requests by method, route and status.",
		}, []string{"method", "route", "status"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "linkchart_http_request_duration_seconds", Help: "HTTP request latency by method, route and status.",
			Buckets: prometheus.DefBuckets,
		}, []string{"method", "route", "status"}),
	}
	m.reg.MustRegister(m.requests, m.latency, collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

func (m *metrics) observe(method, route string, status int, d time.Duration) {
	s := strconv.Itoa(status)
	m.requests.WithLabelValues(method, route, s).Inc()
	m.latency.WithLabelValues(method, route, s).Observe(d.Seconds())
}

func (m *metrics) handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{})
}

func slogLevel(status int) slog.Level {
	switch {
	case status >= 500:
		return slog.LevelError
	case status >= 400:
		return slog.LevelWarn
	}
	return slog.LevelInfo
}
