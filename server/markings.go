package server

import (
	"fmt"
	"net/http"

	"linkchart/graph"
)

// Marking enforcement. Reads: every store question takes the caller's
// clearance, and a record above it does not exist for the caller. Writes:
// the store checks the caller's clearance inside the write's transaction
// (graph.CheckScope, Store.UpdateNode/UpdateEdge, DeleteNode), so nothing
// can slip in between a check and the write; the handlers add only the
// early answer below for a record the request itself marks too high.
// markings_test.go checks both sides through the API.

// checkMarking answers 403 when a write would make a record the caller
// could not see.
func checkMarking(cl graph.Marking, field string, m graph.Marking) error {
	if cl.Allows(m) {
		return nil
	}
	return &requestError{status: http.StatusForbidden, detail: "the record is marked above your clearance",
		fields: []FieldError{{Field: field, Message: fmt.Sprintf("%s is above your clearance %s", m, cl)}}}
}
