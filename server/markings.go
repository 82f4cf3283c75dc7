package server

import (
	"fmt"
	"net/http"

	"linkchart/graph"
)

// Marking enforcement on the write side, before the store: a caller may
// not write a record marked above its clearance (the store checks the rest
// in its own transaction). markings_test.go checks both sides through the
// API.

// checkMarking answers 403 when a write would make a record the caller
// could not see.
func checkMarking(cl graph.Marking, field string, m graph.Marking) error {
	if cl.Allows(m) {
		return nil
	}
	return &requestError{status: http.StatusForbidden, detail: "the record is marked above your clearance",
		fields: []FieldError{{Field: field, Message: fmt.Sprintf("%s is above your clearance %s", m, cl)}}}
}

