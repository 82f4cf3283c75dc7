package server

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"linkchart/graph"
)

// An entity or relation is sent with an ETag, a hash of its record as the
// caller sees it (not of its neighbours), and PATCH honours If-Match with
// it: the check runs inside the store's update, so an edit made since the
// client read the record is never overwritten (412 Precondition Failed).

// nodeETag is the entity tag of a node record.
func nodeETag(n graph.Node) string {
	n.Normalize()
	return etagOf(n)
}

// edgeETag is the entity tag of an edge record.
func edgeETag(e graph.Edge) string {
	e.Normalize()
	return etagOf(e)
}

// setNodeETag sends the ETag of node id of g.
func setNodeETag(c *gin.Context, g graph.Subgraph, id string) {
	for _, n := range g.Nodes {
		if n.ID == id {
			c.Header("ETag", nodeETag(n))
		}
	}
}

func etagOf(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic("server: etag: " + err.Error()) // records always marshal
	}
	sum := sha256.Sum256(b)
	return `"` + hex.EncodeToString(sum[:12]) + `"`
}

// ifMatch reads the request's If-Match header and returns the check of a
// record's current tag against it: nil when there is no header, when it is
// "*", or when one of its tags equals the current one (strong comparison:
// a weak tag never matches); a 412 otherwise.
func ifMatch(c *gin.Context) func(current string) error {
	header := strings.TrimSpace(c.GetHeader("If-Match"))
	return func(current string) error {
		if header == "" || header == "*" {
			return nil
		}
		for _, tag := range strings.Split(header, ",") {
			if strings.TrimSpace(tag) == current {
				return nil
			}
		}
		return &requestError{status: http.StatusPreconditionFailed,
			detail: "the record changed since you read it (If-Match does not match its ETag); read it again and reapply your edit",
			fields: []FieldError{{Field: "If-Match", Message: "stale: the record's ETag is now " + current}}}
	}
}
