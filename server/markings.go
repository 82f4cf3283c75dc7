package server

import (
	"context"
	"fmt"
	"net/http"

	"linkchart/graph"
)

// Marking enforcement on the write side: a caller may not write a record
// marked above its clearance, replace one it cannot see, or delete an
// entity together with relations it cannot see. (The read side is the
// stores': every question takes the caller's clearance.) markings_test.go
// checks both sides through the API.

// checkDeletable finds the node as the caller sees it (404 otherwise) and
// refuses (403) when deleting it would take relations the caller cannot see
// with it.
func (h *handler) checkDeletable(ctx context.Context, id string, cl graph.Marking) error {
	mine, err := h.store.Entity(ctx, id, cl)
	if err != nil {
		return fmt.Errorf("entity %s: %w", id, err)
	}
	if cl == graph.Red {
		return nil
	}
	all, err := h.store.Entity(ctx, id, graph.Red)
	if err != nil {
		return fmt.Errorf("entity %s: %w", id, err)
	}
	if len(all.Edges) > len(mine.Edges) {
		return forbidden("the entity has relations marked above your clearance; someone cleared for them must delete it")
	}
	return nil
}

// checkMarking answers 403 when a write would make a record the caller
// could not see.
func checkMarking(cl graph.Marking, field string, m graph.Marking) error {
	if cl.Allows(m) {
		return nil
	}
	return &requestError{status: http.StatusForbidden, detail: "the record is marked above your clearance",
		fields: []FieldError{{Field: field, Message: fmt.Sprintf("%s is above your clearance %s", m, cl)}}}
}

// checkBatch checks an import against the caller's clearance: no record
// marked above it, no edge end it cannot see, no existing node above it
// replaced.
func (h *handler) checkBatch(ctx context.Context, b graph.Batch, cl graph.Marking) error {
	var fields []FieldError
	inBatch := make(map[string]bool, len(b.Nodes))
	ids := make([]string, 0, len(b.Nodes))
	for i, n := range b.Nodes {
		inBatch[n.ID] = true
		ids = append(ids, n.ID)
		if !cl.Allows(n.Marking) {
			fields = append(fields, FieldError{Field: fmt.Sprintf("entities[%d].marking", i), Message: fmt.Sprintf("%s is above your clearance %s", n.Marking, cl)})
		}
	}
	for i, e := range b.Edges {
		if !cl.Allows(e.Marking) {
			fields = append(fields, FieldError{Field: fmt.Sprintf("relations[%d].marking", i), Message: fmt.Sprintf("%s is above your clearance %s", e.Marking, cl)})
		}
	}
	if len(fields) > 0 {
		return &requestError{status: http.StatusForbidden, detail: "the dataset holds records marked above your clearance; nothing was written", fields: fields}
	}
	// Existing nodes and edges that the batch would replace must be visible.
	// (Edges are found between the batch's nodes and edge ends.)
	edgeIDs := make(map[string]bool, len(b.Edges))
	for _, e := range b.Edges {
		edgeIDs[e.ID] = true
		ids = append(ids, e.From, e.To)
	}
	if len(ids) > 0 {
		all, err := h.store.Subgraph(ctx, ids, graph.Red)
		if err != nil {
			return fmt.Errorf("import: %w", err)
		}
		hidden := false
		for _, n := range all.Nodes {
			hidden = hidden || (inBatch[n.ID] && !cl.Allows(n.Marking))
		}
		for _, e := range all.Edges {
			hidden = hidden || (edgeIDs[e.ID] && !cl.Allows(e.Marking))
		}
		if hidden {
			return forbidden("the dataset would replace records marked above your clearance; nothing was written")
		}
	}
	// Edge ends outside the batch must be visible to the caller.
	var outside []string
	seen := map[string]bool{}
	for _, e := range b.Edges {
		for _, end := range []string{e.From, e.To} {
			if !inBatch[end] && !seen[end] {
				seen[end] = true
				outside = append(outside, end)
			}
		}
	}
	if len(outside) > 0 {
		vis, err := h.store.Subgraph(ctx, outside, cl)
		if err != nil {
			return fmt.Errorf("import: %w", err)
		}
		ok := map[string]bool{}
		for _, n := range vis.Nodes {
			ok[n.ID] = true
		}
		for i, e := range b.Edges {
			for _, end := range []struct{ field, id string }{{"from", e.From}, {"to", e.To}} {
				if !inBatch[end.id] && !ok[end.id] {
					fields = append(fields, FieldError{Field: fmt.Sprintf("relations[%d].%s", i, end.field), Message: "no visible entity " + end.id})
				}
			}
		}
		if len(fields) > 0 {
			return badRequest("relations refer to entities that do not exist; nothing was written", fields...)
		}
	}
	return nil
}
