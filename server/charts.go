package server

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"linkchart/graph"
)

// chartRequest is the body of POST /charts and PUT /charts/{id}.
type chartRequest struct {
	Title       string               `json:"title" binding:"required,text,max=200"`
	Entities    []chartEntityRequest `json:"entities" binding:"within=limit,dive"`
	Filters     map[string]string    `json:"filters" binding:"omitempty,max=32,dive,keys,min=1,max=32,endkeys,max=2000"`
	Window      chartWindowRequest   `json:"time_window"`
	Selection   []string             `json:"selection" binding:"omitempty,within=limit,dive,slug"`
	Annotations []annotationRequest  `json:"annotations" binding:"omitempty,max=500,dive"`
}

type chartEntityRequest struct {
	ID     string  `json:"id" binding:"required,slug"`
	X      float64 `json:"x" binding:"min=-1e12,max=1e12"`
	Y      float64 `json:"y" binding:"min=-1e12,max=1e12"`
	Hidden bool    `json:"hidden"`
	Pinned bool    `json:"pinned"`
}

type chartWindowRequest struct {
	AsOf  string `json:"as_of" binding:"omitempty,pdate"`
	Since string `json:"since" binding:"omitempty,pdate"`
	Until string `json:"until" binding:"omitempty,pdate"`
}

type annotationRequest struct {
	ID   string  `json:"id" binding:"required,slug"`
	Text string  `json:"text" binding:"required,text,max=2000"`
	On   string  `json:"on" binding:"omitempty,slug"`
	X    float64 `json:"x" binding:"min=-1e12,max=1e12"`
	Y    float64 `json:"y" binding:"min=-1e12,max=1e12"`
}

// chartSummary is one row of GET /charts.
type chartSummary struct {
	ID       string        `json:"id"`
	Title    string        `json:"title"`
	Marking  graph.Marking `json:"marking"`
	Updated  string        `json:"updated"`
	Entities int           `json:"entities"`
}

// charts returns the store's ChartStore, or answers 501.
func (h *handler) charts(c *gin.Context) (graph.ChartStore, bool) {
	cs, ok := h.store.(graph.ChartStore)
	if !ok {
		writeProblem(c, newProblem(http.StatusNotImplemented, "this store does not keep charts", nil))
	}
	return cs, ok
}

// chartByID returns the ChartStore and the path's id, or answers.
func (h *handler) chartByID(c *gin.Context) (graph.ChartStore, string, bool) {
	cs, ok := h.charts(c)
	if !ok {
		return nil, "", false
	}
	id, err := bindID(c)
	if err != nil {
		h.fail(c, err)
		return nil, "", false
	}
	return cs, id, true
}

// listCharts is GET /charts: the charts the caller may see.
func (h *handler) listCharts(c *gin.Context) {
	cs, ok := h.charts(c)
	if !ok {
		return
	}
	list, err := cs.Charts(c.Request.Context(), access(c).Clearance)
	if err != nil {
		h.fail(c, fmt.Errorf("charts: %w", err))
		return
	}
	out := make([]chartSummary, 0, len(list))
	for _, ch := range list {
		out = append(out, chartSummary{ID: ch.ID, Title: ch.Title, Marking: ch.Marking, Updated: ch.Updated, Entities: len(ch.Entities)})
	}
	c.JSON(http.StatusOK, gin.H{"charts": out})
}

// getChart is GET /charts/{id}: 404 when missing or above the caller's clearance.
func (h *handler) getChart(c *gin.Context) {
	cs, id, ok := h.chartByID(c)
	if !ok {
		return
	}
	ch, err := cs.Chart(c.Request.Context(), id, access(c).Clearance)
	if err != nil {
		h.fail(c, fmt.Errorf("chart %s: %w", id, err))
		return
	}
	c.JSON(http.StatusOK, ch)
}

// createChart is POST /charts: 201 with the chart as stored (its id and marking).
func (h *handler) createChart(c *gin.Context) {
	h.saveChart(c, "", http.StatusCreated)
}

// replaceChart is PUT /charts/{id}: the chart replaced whole (rename, re-save).
func (h *handler) replaceChart(c *gin.Context) {
	id, err := bindID(c)
	if err != nil {
		h.fail(c, err)
		return
	}
	h.saveChart(c, id, http.StatusOK)
}

func (h *handler) saveChart(c *gin.Context, id string, status int) {
	cs, ok := h.charts(c)
	if !ok {
		return
	}
	var req chartRequest
	if err := bindJSON(c, &req); err != nil {
		h.fail(c, err)
		return
	}
	cl := access(c).Clearance
	ch, err := h.chartFrom(c, req, cl)
	if err != nil {
		h.fail(c, err)
		return
	}
	ctx := c.Request.Context()
	if id == "" {
		ch.ID, err = newChartID()
		if err == nil {
			err = cs.CreateChart(ctx, ch)
		}
	} else {
		ch.ID = id
		err = cs.ReplaceChart(ctx, ch, cl)
	}
	if err != nil {
		h.fail(c, fmt.Errorf("save chart %s: %w", ch.ID, err))
		return
	}
	c.JSON(status, ch)
}

// deleteChart is DELETE /charts/{id}.
func (h *handler) deleteChart(c *gin.Context) {
	cs, id, ok := h.chartByID(c)
	if !ok {
		return
	}
	if err := cs.DeleteChart(c.Request.Context(), id, access(c).Clearance); err != nil {
		h.fail(c, fmt.Errorf("delete chart %s: %w", id, err))
		return
	}
	c.Status(http.StatusNoContent)
}

// chartFrom builds the chart to store: only the entities the caller can
// see are kept, and the chart is marked with the highest marking among
// them and the relations between them (what the chart shows).
func (h *handler) chartFrom(c *gin.Context, req chartRequest, cl graph.Marking) (graph.Chart, error) {
	ids := make([]string, 0, len(req.Entities))
	for _, e := range req.Entities {
		ids = append(ids, e.ID)
	}
	g, err := h.store.Subgraph(c.Request.Context(), ids, cl)
	if err != nil {
		return graph.Chart{}, fmt.Errorf("chart entities: %w", err)
	}
	seen := make(map[string]bool, len(g.Nodes))
	marking := graph.Clear
	for _, n := range g.Nodes {
		seen[n.ID] = true
		marking = marking.Max(n.Marking)
	}
	for _, e := range g.Edges {
		marking = marking.Max(e.Marking)
	}
	ch := graph.Chart{
		Title: req.Title, Marking: marking, Updated: time.Now().UTC().Format(time.RFC3339),
		Entities: []graph.ChartEntity{}, Filters: req.Filters, Selection: req.Selection,
		Window: graph.ChartWindow{AsOf: req.Window.AsOf, Since: req.Window.Since, Until: req.Window.Until},
	}
	for _, e := range req.Entities {
		if seen[e.ID] {
			ch.Entities = append(ch.Entities, graph.ChartEntity{ID: e.ID, X: e.X, Y: e.Y, Hidden: e.Hidden, Pinned: e.Pinned})
		}
	}
	for _, a := range req.Annotations {
		ch.Annotations = append(ch.Annotations, graph.Annotation{ID: a.ID, Text: a.Text, On: a.On, X: a.X, Y: a.Y})
	}
	return ch, nil
}

// newChartID is a random id ("chart-" and 16 hex digits).
func newChartID() (string, error) {
	var b [8]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", errors.Join(errors.New("chart id"), err)
	}
	return "chart-" + hex.EncodeToString(b[:]), nil
}
