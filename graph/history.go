package graph

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"time"
)

// ErrConflict: a revert of a revision whose records a later revision has
// changed (the API answers 409).
var ErrConflict = errors.New("conflict")

// MaxRecordedChanges bounds the per-record changes a revision keeps: a
// larger write (a bulk import) records its counts and the first
// MaxRecordedChanges records, and cannot be reverted.
const MaxRecordedChanges = 1000

// Revision is one recorded write (DESIGN.md "History").
type Revision struct {
	Rev     int64     `json:"rev"`
	Time    time.Time `json:"time"`
	Who     string    `json:"who"`
	Op      string    `json:"op"` // create, update, delete, import, revert
	Reverts int64     `json:"reverts,omitempty"`
	Changes []Change  `json:"changes"`
	// Counts is how many records the write touched; Partial is true when
	// Changes holds only the first MaxRecordedChanges of them.
	Counts  Counts `json:"counts"`
	Partial bool   `json:"partial,omitempty"`
}

// Change is one record's before and after (nil: absent). Marking is the
// highest marking of the two, and for a relation of its ends at the time
// of the write: a caller sees the change only within it.
type Change struct {
	Kind    string          `json:"kind"` // entity, relation, source
	ID      string          `json:"id"`
	Marking Marking         `json:"marking"`
	Before  json.RawMessage `json:"before"`
	After   json.RawMessage `json:"after"`
}

// The kinds of a Change.
const (
	KindEntity   = "entity"
	KindRelation = "relation"
	KindSource   = "source"
)

// HistoryQuery asks for revisions, newest first: those that change ID
// (every revision when empty), at most Limit (ClampLimit, DefaultHits),
// within Clearance.
type HistoryQuery struct {
	ID        string
	Limit     int
	Clearance Marking
}

// Historian is a store that records its writes (both stores are).
type Historian interface {
	// History answers a HistoryQuery. A revision shows only the changes
	// within the clearance; one with none left is left out.
	History(ctx context.Context, q HistoryQuery) ([]Revision, error)
	// Revert writes the before of every change of revision rev, as one
	// write recorded with op "revert". ErrNotFound when rev is missing or
	// not wholly within the clearance; ErrConflict when a later write
	// changed one of its records (revert those first), or the revision is
	// partial.
	Revert(ctx context.Context, rev int64, clearance Marking) (Revision, error)
	// Revision is the number of the last recorded write (0: none).
	Revision(ctx context.Context) (int64, error)
}

type ctxKey int

const (
	whoKey ctxKey = iota
	opKey
)

// WithWho names the writer that the store records for writes made with ctx.
func WithWho(ctx context.Context, who string) context.Context {
	return context.WithValue(ctx, whoKey, who)
}

// WithOp names the operation recorded for writes made with ctx (default:
// the store method's own).
func WithOp(ctx context.Context, op string) context.Context {
	return context.WithValue(ctx, opKey, op)
}

// Who is the writer named in ctx: WithWho's, else "cli" or $USER for a
// process without one (the CLI).
func Who(ctx context.Context) string {
	if w, ok := ctx.Value(whoKey).(string); ok && w != "" {
		return w
	}
	if u := os.Getenv("USER"); u != "" {
		return u
	}
	return "cli"
}

// OpOr is the operation named in ctx, else def.
func OpOr(ctx context.Context, def string) string {
	if o, ok := ctx.Value(opKey).(string); ok && o != "" {
		return o
	}
	return def
}

// NewRevision starts a revision of a write made with ctx.
func NewRevision(ctx context.Context, defOp string) *Revision {
	return &Revision{Time: time.Now().UTC(), Who: Who(ctx), Op: OpOr(ctx, defOp), Changes: []Change{}}
}

// Add records one record's change; before and after are *Node, *Edge or
// *Source (nil when absent). Past MaxRecordedChanges it only counts.
func (r *Revision) Add(kind, id string, marking Marking, before, after any) {
	switch kind {
	case KindEntity:
		r.Counts.Nodes++
	case KindRelation:
		r.Counts.Edges++
	case KindSource:
		r.Counts.Sources++
	}
	if len(r.Changes) >= MaxRecordedChanges {
		r.Partial = true
		return
	}
	r.Changes = append(r.Changes, Change{Kind: kind, ID: id, Marking: marking, Before: raw(before), After: raw(after)})
}

func raw(x any) json.RawMessage {
	switch v := x.(type) {
	case string: // a redirect's target
		if v == "" {
			return nil
		}
		x = redirectTo{Into: v}
	case *Node:
		if v == nil {
			return nil
		}
	case *Edge:
		if v == nil {
			return nil
		}
		e := *v
		e.Grade = ""
		x = &e
	case *Source:
		if v == nil {
			return nil
		}
	case nil:
		return nil
	}
	b, err := json.Marshal(x)
	if err != nil {
		panic(fmt.Sprintf("graph: history: %v", err))
	}
	return b
}

// Visible is r as a caller with clearance cl sees it, false when none of
// its changes is visible (or it had changes and has none now).
func (r Revision) Visible(cl Marking, id string) (Revision, bool) {
	out := r
	out.Changes = make([]Change, 0, len(r.Changes))
	hit := id == ""
	for _, c := range r.Changes {
		if !cl.Allows(c.Marking) {
			continue
		}
		if c.ID == id {
			hit = true
		}
		out.Changes = append(out.Changes, c)
	}
	if !hit || len(r.Changes) > 0 && len(out.Changes) == 0 {
		return Revision{}, false
	}
	return out, true
}

// Undo is what reverting a revision writes: the befores as a batch of
// upserts, the relations and entities to delete (whose before is absent),
// and the redirects to set (to "": remove).
type Undo struct {
	Batch     Batch
	DropEdges []string
	DropNodes []string
	Redirects map[string]string
}

// Inverse is r's Undo. Partial revisions cannot be reverted.
func (r Revision) Inverse() (Undo, error) {
	var u Undo
	if r.Partial {
		return u, fmt.Errorf("revision %d records only part of its write: %w", r.Rev, ErrConflict)
	}
	b := &u.Batch
	for _, c := range r.Changes {
		var err error
		if c.Kind == KindRedirect {
			var to redirectTo
			if !Absent(c.Before) {
				err = json.Unmarshal(c.Before, &to)
			}
			if u.Redirects == nil {
				u.Redirects = map[string]string{}
			}
			u.Redirects[c.ID] = to.Into
			if err != nil {
				return u, fmt.Errorf("revision %d: redirect %s: %w", r.Rev, c.ID, err)
			}
			continue
		}
		if Absent(c.Before) {
			switch c.Kind {
			case KindEntity:
				u.DropNodes = append(u.DropNodes, c.ID)
			case KindRelation:
				u.DropEdges = append(u.DropEdges, c.ID)
			}
			continue
		}
		switch c.Kind {
		case KindEntity:
			var n Node
			err = json.Unmarshal(c.Before, &n)
			b.Nodes = append(b.Nodes, n)
		case KindRelation:
			var e Edge
			err = json.Unmarshal(c.Before, &e)
			b.Edges = append(b.Edges, e)
		case KindSource:
			var s Source
			err = json.Unmarshal(c.Before, &s)
			b.Sources = append(b.Sources, s)
		}
		if err != nil {
			return u, fmt.Errorf("revision %d: %s %s: %w", r.Rev, c.Kind, c.ID, err)
		}
	}
	return u, nil
}

// SameRecord reports whether a record now (JSON, nil when absent) is
// what a change left (its after): otherwise a later write changed it.
func SameRecord(now any, after json.RawMessage) bool {
	cur := raw(now)
	if cur == nil || Absent(after) {
		return cur == nil && Absent(after)
	}
	var a, b any
	if json.Unmarshal(cur, &a) != nil || json.Unmarshal(after, &b) != nil {
		return false
	}
	return fmt.Sprint(normJSON(a)) == fmt.Sprint(normJSON(b))
}

// Absent reports whether a change's before or after is no record.
func Absent(r json.RawMessage) bool { return len(r) == 0 || string(r) == "null" }

// normJSON drops empty values so that an absent and an empty list or map
// compare equal.
func normJSON(x any) any {
	switch v := x.(type) {
	case map[string]any:
		out := map[string]any{}
		for k, e := range v {
			e = normJSON(e)
			if e == nil || e == "" || e == float64(0) {
				continue
			}
			if m, ok := e.(map[string]any); ok && len(m) == 0 {
				continue
			}
			if l, ok := e.([]any); ok && len(l) == 0 {
				continue
			}
			out[k] = e
		}
		return out
	case []any:
		for i := range v {
			v[i] = normJSON(v[i])
		}
	}
	return x
}

// RevisionOf is st's last revision, 0 when st records no history or
// cannot say (an export then prints none).
func RevisionOf(ctx context.Context, st Store) int64 {
	h, ok := st.(Historian)
	if !ok {
		return 0
	}
	n, err := h.Revision(ctx)
	if err != nil {
		return 0
	}
	return n
}
