package graph

import "fmt"

// position tells where each record of a batch came from, for messages.
type position struct {
	File   string
	Line   int
	Fields map[string]int // field name → line
}

// positions parallels a Batch's slices.
type positions struct {
	Sources, Nodes, Edges []position
}

// CheckBatch checks every record of b: ids, kinds, types, dates, grades,
// markings, duplicate ids inside the batch, and that every edge end and cited
// source is in the batch or, through hasNode and hasSource (nil: nothing),
// already in the store. It returns a *ValidationError listing every problem,
// or nil.
func CheckBatch(b Batch, hasNode, hasSource func(id string) bool) error {
	return problemsErr(check(b, nil, hasNode, hasSource))
}

func problemsErr(ps []Problem) error {
	if len(ps) == 0 {
		return nil
	}
	sortProblems(ps)
	return &ValidationError{Problems: ps}
}

// check is CheckBatch with record positions (pos may be nil).
func check(b Batch, pos *positions, hasNode, hasSource func(string) bool) []Problem {
	var ps []Problem
	at := func(list []position, section string, i int, field, format string, args ...any) {
		p := Problem{Record: fmt.Sprintf("%s[%d]", section, i), Field: field, Message: fmt.Sprintf(format, args...)}
		if i < len(list) {
			p.File, p.Line = list[i].File, list[i].Line
			if l, ok := list[i].Fields[field]; ok {
				p.Line = l
			}
		}
		ps = append(ps, p)
	}
	var sp, np, ep []position
	if pos != nil {
		sp, np, ep = pos.Sources, pos.Nodes, pos.Edges
	}

	sources := make(map[string]bool, len(b.Sources))
	for i, s := range b.Sources {
		bad := func(field, format string, args ...any) { at(sp, "sources", i, field, format, args...) }
		switch {
		case !ValidID(s.ID):
			bad("id", "%q is not a valid id (lower-case letters, digits and dashes, at most 128)", s.ID)
		case sources[s.ID]:
			bad("id", "duplicate source id %q", s.ID)
		}
		sources[s.ID] = true
		if s.Title == "" {
			bad("title", "a source needs a title")
		}
		if s.Reliability != "" && !s.Reliability.Valid() {
			bad("reliability", "%q: want a letter A-F", s.Reliability)
		}
		if err := s.Date.Check(); err != nil {
			bad("date", "%v", err)
		}
	}

	nodes := make(map[string]bool, len(b.Nodes))
	for i, n := range b.Nodes {
		bad := func(field, format string, args ...any) { at(np, "entities", i, field, format, args...) }
		switch {
		case !ValidID(n.ID):
			bad("id", "%q is not a valid id (lower-case letters, digits and dashes, at most 128)", n.ID)
		case nodes[n.ID]:
			bad("id", "duplicate entity id %q", n.ID)
		}
		nodes[n.ID] = true
		if !n.Kind.Valid() {
			bad("kind", "unknown kind %q: want one of %v", n.Kind, Kinds)
		}
		if n.Name == "" {
			bad("name", "an entity needs a name")
		}
		if !n.Marking.Valid() {
			bad("marking", "unknown marking %q: want one of %v", n.Marking, Markings)
		}
	}
	nodeExists := func(id string) bool { return nodes[id] || (hasNode != nil && hasNode(id)) }
	sourceExists := func(id string) bool { return sources[id] || (hasSource != nil && hasSource(id)) }

	edges := make(map[string]bool, len(b.Edges))
	for i, e := range b.Edges {
		bad := func(field, format string, args ...any) { at(ep, "relations", i, field, format, args...) }
		switch {
		case !ValidID(e.ID):
			bad("id", "%q is not a valid id (lower-case letters, digits and dashes, at most 128)", e.ID)
		case edges[e.ID]:
			bad("id", "duplicate relation id %q", e.ID)
		}
		edges[e.ID] = true
		if !ValidType(e.Type) {
			bad("type", "%q is not a valid relation type (UPPER_SNAKE_CASE such as COMMANDS)", e.Type)
		}
		for _, end := range []struct{ field, id string }{{"from", e.From}, {"to", e.To}} {
			switch {
			case end.id == "":
				bad(end.field, "a relation needs %s", end.field)
			case !nodeExists(end.id):
				bad(end.field, "no entity %q (dangling relation end)", end.id)
			}
		}
		errSince, errUntil := e.Since.Check(), e.Until.Check()
		if errSince != nil {
			bad("since", "%v", errSince)
		}
		if errUntil != nil {
			bad("until", "%v", errUntil)
		}
		if errSince == nil && errUntil == nil && e.Since != "" && e.Until != "" && e.Since.Compare(e.Until) > 0 {
			bad("until", "until %s is before since %s", e.Until, e.Since)
		}
		if e.Credibility != 0 && !ValidCredibility(e.Credibility) {
			bad("credibility", "%d: want 1 (confirmed) to 6 (cannot be judged)", e.Credibility)
		}
		if len(e.Sources) == 0 {
			bad("sources", "a relation must cite at least one source")
		}
		for _, s := range e.Sources {
			if !sourceExists(s) {
				bad("sources", "unknown source %q", s)
			}
		}
		if !e.Marking.Valid() {
			bad("marking", "unknown marking %q: want one of %v", e.Marking, Markings)
		}
	}
	return ps
}
