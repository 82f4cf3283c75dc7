package graph

import (
	"context"
	"fmt"
	"slices"
)

// KindRedirect is the kind of a Change to a merged entity's redirect
// (before and after {"into": ID}).
const KindRedirect = "redirect"

// redirectTo is a redirect's record in a Change.
type redirectTo struct {
	Into string `json:"into"`
}

// Merger is a store that merges entities (DESIGN.md "Merge"); both stores
// are.
type Merger interface {
	// Merge moves every relation of entity id to into (citations go with
	// their relations), adds id's name and aliases to into's aliases,
	// deletes id and leaves it as a redirect to into: one write, recorded
	// with op "merge" and revertible. ErrNotFound when either is missing
	// or above the clearance; ErrForbidden when a relation of id is not
	// visible within it; ErrInvalid when id is into.
	Merge(ctx context.Context, id, into string, clearance Marking) (Revision, error)
	// Redirect is the entity that merged id became ("" when none).
	Redirect(ctx context.Context, id string) (string, error)
}

// maxRedirects bounds a chain of redirects (a merged into b merged into c).
const maxRedirects = 16

// Follow is the entity id stands for now: id itself, or the end of its
// chain of redirects when id was merged away.
func Follow(ctx context.Context, s Store, id string) (string, error) {
	m, ok := s.(Merger)
	if !ok {
		return id, nil
	}
	for range maxRedirects {
		to, err := m.Redirect(ctx, id)
		if err != nil {
			return "", fmt.Errorf("redirect %s: %w", id, err)
		}
		if to == "" {
			return id, nil
		}
		id = to
	}
	return id, nil
}

// Merged is into with a's name and aliases added to its aliases.
func Merged(a, into Node) Node {
	out := into
	out.Aliases = slices.Clone(into.Aliases)
	for _, x := range append([]string{a.Name}, a.Aliases...) {
		if x != "" && x != into.Name && !slices.Contains(out.Aliases, x) {
			out.Aliases = append(out.Aliases, x)
		}
	}
	return out
}

// Moved is e with its ends at id moved to into.
func Moved(e Edge, id, into string) Edge {
	e.Grade = ""
	if e.From == id {
		e.From = into
	}
	if e.To == id {
		e.To = into
	}
	return e
}

// CheckMerge refuses a merge of an entity into itself.
func CheckMerge(id, into string) error {
	if id == into {
		return fmt.Errorf("merge %s into itself: %w", id, ErrInvalid)
	}
	return nil
}
