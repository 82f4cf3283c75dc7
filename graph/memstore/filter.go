package memstore

import (
	"fmt"

	"linkchart/graph"
)

// edgeFilter is the edge half of a query's filters, resolved to indexes.
type edgeFilter struct {
	plain   bool // no filter but visibility
	all     bool // plain, at the highest clearance: every edge listed passes
	lvl     uint8
	types   []bool // nil: every type
	asOf    pdate
	minRel  uint8
	minCred uint8
}

func (s *Store) newFilter(types []string, asOf graph.Date, mg graph.MinGrade, clearance graph.Marking) *edgeFilter {
	f := &edgeFilter{lvl: level(clearance), asOf: packDate(asOf), minRel: 5, minCred: 6}
	if len(types) > 0 {
		f.types = make([]bool, len(s.types))
		for _, t := range types {
			if i, ok := s.typeByName[t]; ok {
				f.types[i] = true
			}
		}
	}
	if mg.Reliability != "" {
		f.minRel = relIndex(mg.Reliability)
	}
	if mg.Credibility > 0 {
		f.minCred = uint8(mg.Credibility)
	}
	f.plain = f.types == nil && f.asOf == 0 && f.minRel == 5 && f.minCred == 6
	f.all = f.plain && int(f.lvl) == len(graph.Markings)-1
	return f
}

// passAt is pass for edge e met in the adjacency of a visible node, with
// w the packed other end: without filters it needs only the marking kept
// in w and the other end's meta, not the edge record.
func (s *Store) passAt(f *edgeFilter, e, w uint32) bool {
	if f.all {
		// Adjacency lists only live edges, whose ends are live.
		return true
	}
	if f.plain {
		return w>>endShift <= uint32(f.lvl) && s.nodeVisible(w&endMask, f.lvl)
	}
	return s.pass(f, e)
}

// pass reports whether edge e passes every filter (visibility included).
func (s *Store) pass(f *edgeFilter, e uint32) bool {
	r := &s.edges[e]
	if r.meta&edgeAlive == 0 || r.meta&3 > f.lvl || !s.nodeVisible(r.from, f.lvl) || !s.nodeVisible(r.to, f.lvl) {
		return false
	}
	if f.plain {
		return true
	}
	if f.types != nil || f.asOf != 0 {
		c := s.class(e)
		if f.types != nil && !f.types[c.typ] || f.asOf != 0 && !holdsAt(c.since, c.until, f.asOf) {
			return false
		}
	}
	return r.rel() <= f.minRel && (f.minCred >= graph.CredibilityUnknown || s.cred(e) <= f.minCred)
}

func checkDate(op string, d graph.Date) error {
	if err := d.Check(); err != nil {
		return fmt.Errorf("%s: as_of: %v: %w", op, err, graph.ErrInvalid)
	}
	return nil
}
