package server

import (
	"fmt"
	"net/http"

	"github.com/gin-gonic/gin"

	"linkchart/graph"
)

// The start page's overview (issue 17): the most connected entities.

// overviewQuery is GET /overview's query string.
type overviewQuery struct {
	Top  *int   `form:"top" binding:"omitempty,within=top"`
	Kind string `form:"kind" binding:"omitempty,kind"`
}

// overviewAnswer is GET /overview.
type overviewAnswer struct {
	Connected []graph.Ranked `json:"connected"`
}

// overview is GET /overview?top=&kind=: the entities (of a kind) with the
// most relations the caller can see, most first.
func (h *handler) overview(c *gin.Context) {
	var q overviewQuery
	if err := bindQuery(c, &q); err != nil {
		h.fail(c, err)
		return
	}
	r, ok := h.store.(graph.Ranker)
	if !ok {
		writeProblem(c, newProblem(http.StatusNotImplemented, "this store ranks no entities", nil))
		return
	}
	top, err := r.TopConnected(c.Request.Context(), graph.TopQuery{N: intOr(q.Top, graph.DefaultTop), Kind: graph.Kind(q.Kind), Clearance: access(c).Clearance})
	if err != nil {
		h.fail(c, fmt.Errorf("overview: %w", err))
		return
	}
	c.JSON(http.StatusOK, overviewAnswer{Connected: top})
}
