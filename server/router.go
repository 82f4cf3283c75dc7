package server

import (
	"log/slog"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"linkchart/graph"
)

// handler holds what every handler needs.
type handler struct {
	store   graph.Store
	opt     Options
	log     *slog.Logger
	limits  *writeLimiter
	metrics *metrics
}

// newRouter builds the gin engine with every route and middleware.
func newRouter(opt Options) (*gin.Engine, error) {
	registerValidators()

	h := &handler{
		store:   opt.Store,
		opt:     opt,
		log:     opt.Logger,
		limits:  newWriteLimiter(opt.WriteRate, opt.WriteBurst),
		metrics: newMetrics(),
	}
	r := gin.New()
	if err := r.SetTrustedProxies(opt.TrustedProxies); err != nil {
		return nil, err
	}
	r.HandleMethodNotAllowed = true
	r.RedirectTrailingSlash = false
	r.RedirectFixedPath = false
	r.Use(h.observe, h.recover, securityHeaders)
	r.NoRoute(h.noRoute)
	r.NoMethod(h.noMethod)

	r.GET("/healthz", h.healthz)
	r.GET("/readyz", h.readyz)
	r.GET("/metrics", gin.WrapH(h.metrics.handler()))
	r.GET("/api/openapi.json", h.openAPI)
	r.GET("/", h.page)

	api := r.Group("/api/v1", h.authenticate, h.capBody, h.timeout)
	api.GET("/entities", h.search)
	api.GET("/entities/:id", h.entity)
	api.GET("/entities/:id/neighborhood", h.neighborhood)
	api.GET("/relations/:id", h.relation)
	api.GET("/paths", h.paths)
	api.GET("/oversight", h.oversight)
	api.POST("/subgraph", h.subgraph)
	api.POST("/export", h.export)
	api.POST("/analysis", h.analyze)
	api.POST("/connect", h.connect)
	api.GET("/schema", h.schema)
	api.GET("/overview", h.overview)
	api.GET("/whoami", h.whoami)
	api.GET("/duplicates", h.duplicates)
	api.GET("/charts", h.listCharts)
	api.GET("/charts/:id", h.getChart)
	api.GET("/history", h.history)

	w := api.Group("", h.require(RoleEditor), h.rateLimit, recordWho)
	w.POST("/entities", h.createEntity)
	w.PATCH("/entities/:id", h.patchEntity)
	w.DELETE("/entities/:id", h.deleteEntity)
	w.POST("/entities/:id/merge", h.merge)
	w.POST("/relations", h.createRelation)
	w.PATCH("/relations/:id", h.patchRelation)
	w.DELETE("/relations/:id", h.deleteRelation)
	w.POST("/import", h.importData)
	w.POST("/charts", h.createChart)
	w.PUT("/charts/:id", h.replaceChart)
	w.DELETE("/charts/:id", h.deleteChart)
	w.POST("/history/:rev/revert", h.revert)
	return r, nil
}

// healthz answers while the process runs.
func (h *handler) healthz(c *gin.Context) {
	c.JSON(http.StatusOK, gin.H{"status": "ok"})
}

// readyz answers 200 when the store can answer, 503 when it cannot.
func (h *handler) readyz(c *gin.Context) {
	ctx, cancel := contextWithTimeout(c, 3*time.Second)
	defer cancel()
	if err := h.store.Ping(ctx); err != nil {
		h.log.WarnContext(ctx, "store not ready", "err", err)
		p := newProblem(http.StatusServiceUnavailable, "the graph store cannot be reached", nil)
		writeProblem(c, p)
		return
	}
	c.JSON(http.StatusOK, gin.H{"status": "ready"})
}

func (h *handler) noRoute(c *gin.Context) {
	if isAPI(c.Request.URL.Path) || !h.servePageFile(c) {
		writeProblem(c, newProblem(http.StatusNotFound, "no such resource", nil))
	}
}

func (h *handler) noMethod(c *gin.Context) {
	writeProblem(c, newProblem(http.StatusMethodNotAllowed, "this resource does not answer "+c.Request.Method, nil))
}
