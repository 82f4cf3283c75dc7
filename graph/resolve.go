package graph

import (
	"context"
	"fmt"
	"strings"
)

// AmbiguousError says that a name or alias fits several entities.
type AmbiguousError struct {
	Ref        string
	Candidates []Hit
}

func (e *AmbiguousError) Error() string {
	ids := make([]string, len(e.Candidates))
	for i, c := range e.Candidates {
		ids[i] = fmt.Sprintf("%s (%s, %s)", c.ID, c.Name, c.Kind)
	}
	return fmt.Sprintf("%q names %d entities: %s", e.Ref, len(ids), strings.Join(ids, ", "))
}

// Unwrap makes errors.Is(err, ErrInvalid) true.
func (e *AmbiguousError) Unwrap() error { return ErrInvalid }

// maxSuggestions bounds the near matches an UnresolvedError offers.
const maxSuggestions = 3

// UnresolvedError says that no entity has ref as its id, name or alias;
// Suggestions are the search's best hits for it (a typo, a part of a
// name), best first, for "did you mean".
type UnresolvedError struct {
	Ref         string
	Suggestions []Hit
}

func (e *UnresolvedError) Error() string {
	msg := fmt.Sprintf("resolve %q: no entity with that id, name or alias", e.Ref)
	if len(e.Suggestions) > 0 {
		names := make([]string, len(e.Suggestions))
		for i, h := range e.Suggestions {
			names[i] = fmt.Sprintf("%s (%s)", h.Name, h.ID)
		}
		msg += "; nearest: " + strings.Join(names, ", ")
	}
	return fmt.Sprintf("%s: %v", msg, ErrNotFound)
}

// Unwrap makes errors.Is(err, ErrNotFound) true.
func (e *UnresolvedError) Unwrap() error { return ErrNotFound }

// Resolve turns an id, or a name or alias that fits exactly one visible
// entity (compared by the name matcher: the same name once folded, else
// the same in another spelling or word order), into an id. A name that fits several
// gives *AmbiguousError; nothing that fits gives *UnresolvedError (an
// ErrNotFound) with the nearest names.
func Resolve(ctx context.Context, s Store, ref string, clearance Marking) (string, error) {
	if ValidID(ref) {
		g, err := s.Subgraph(ctx, []string{ref}, clearance)
		if err != nil {
			return "", fmt.Errorf("resolve %q: %w", ref, err)
		}
		if len(g.Nodes) == 1 {
			return ref, nil
		}
		// A merged id stands for the entity it was merged into.
		if to, err := Follow(ctx, s, ref); err == nil && to != ref {
			if g, err := s.Subgraph(ctx, []string{to}, clearance); err == nil && len(g.Nodes) == 1 {
				return to, nil
			}
		}
	}
	hits, err := s.Search(ctx, SearchQuery{Text: ref, Limit: 50, Clearance: clearance})
	if err != nil {
		return "", fmt.Errorf("resolve %q: %w", ref, err)
	}
	// The same name once folded, else the same name in another spelling
	// or word order (Kim Young-bok for Kim Yong Bok), on a name or alias.
	var exact []Hit
	for _, floor := range []float64{ScoreExact * AliasWeight, ScoreSpelling * AliasWeight} {
		for _, h := range hits {
			if h.Score >= floor {
				exact = append(exact, h)
			}
		}
		if len(exact) > 0 {
			break
		}
	}
	switch len(exact) {
	case 0:
		return "", &UnresolvedError{Ref: ref, Suggestions: hits[:min(len(hits), maxSuggestions)]}
	case 1:
		return exact[0].ID, nil
	}
	return "", &AmbiguousError{Ref: ref, Candidates: exact}
}
