package graph

import (
	"fmt"
	"strings"
)

// WriteClearance is the clearance a write was given (Store's optional last
// argument): the caller's, or TLP:RED, which admits every record, for the
// operator's writes, which give none.
func WriteClearance(clearance []Marking) Marking {
	if len(clearance) == 0 {
		return Red
	}
	return clearance[0]
}

// AccessError lists what a write within a clearance may not touch; nothing
// was written. It unwraps to ErrForbidden.
type AccessError struct {
	Problems []Problem
}

func (e *AccessError) Error() string {
	ps := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		ps[i] = p.String()
	}
	return "forbidden: " + strings.Join(ps, "; ")
}

// Unwrap makes errors.Is(err, ErrForbidden) true.
func (e *AccessError) Unwrap() error { return ErrForbidden }

// CheckScope checks a batch written within clearance cl against the store,
// where hiddenNode and hiddenEdge report whether the store holds a node, or
// an edge, of that id that cl cannot see (an edge is hidden when it or
// either end is marked above cl). A record of the batch marked above cl,
// or one that would replace a hidden record, gives an *AccessError (with
// create, a hidden record is left to the check that the ids are free:
// Create replaces nothing, and its ErrAlreadyExists holds whoever took
// the id); an
// edge end outside the batch that is hidden gives the *ValidationError of
// a missing end, since for the caller it does not exist. Markings that are
// not valid are left to CheckBatch. Run it in the write's transaction.
func CheckScope(b Batch, cl Marking, create bool, hiddenNode, hiddenEdge func(id string) bool) error {
	if cl.Level() == Red.Level() {
		return nil // nothing is hidden from RED
	}
	var denied []Problem
	deny := func(section string, i int, field, format string, args ...any) {
		denied = append(denied, Problem{Record: fmt.Sprintf("%s[%d]", section, i), Field: field, Message: fmt.Sprintf(format, args...)})
	}
	inBatch := make(map[string]bool, len(b.Nodes))
	for i, n := range b.Nodes {
		inBatch[n.ID] = true
		switch {
		case n.Marking.Valid() && !cl.Allows(n.Marking):
			deny("entities", i, "marking", "%s is above your clearance %s", n.Marking, cl)
		case !create && hiddenNode(n.ID):
			deny("entities", i, "id", "would replace a record marked above your clearance %s", cl)
		}
	}
	var missing []Problem
	for i, e := range b.Edges {
		switch {
		case e.Marking.Valid() && !cl.Allows(e.Marking):
			deny("relations", i, "marking", "%s is above your clearance %s", e.Marking, cl)
		case !create && hiddenEdge(e.ID):
			deny("relations", i, "id", "would replace a record marked above your clearance %s", cl)
		}
		for _, end := range []struct{ field, id string }{{"from", e.From}, {"to", e.To}} {
			if end.id != "" && !inBatch[end.id] && hiddenNode(end.id) {
				missing = append(missing, Problem{Record: fmt.Sprintf("relations[%d]", i), Field: end.field,
					Message: fmt.Sprintf("no entity %q (dangling relation end)", end.id)})
			}
		}
	}
	if len(denied) > 0 {
		return &AccessError{Problems: denied}
	}
	if len(missing) > 0 {
		return &ValidationError{Problems: missing}
	}
	return nil
}

// HiddenEdgesError is DeleteNode's refusal within a clearance that does not
// see every edge of the node: deleting it would delete them.
func HiddenEdgesError() error {
	return &AccessError{Problems: []Problem{{Field: "id",
		Message: "the entity has relations marked above your clearance; someone cleared for them must delete it"}}}
}

// CheckSameID refuses (ErrInvalid) an update whose answer changes the id
// of the record it was given.
func CheckSameID(id, got string) error {
	if got != id {
		return fmt.Errorf("the update changes the id %q to %q: %w", id, got, ErrInvalid)
	}
	return nil
}
