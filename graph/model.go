package graph

import (
	"crypto/sha256"
	"encoding/hex"
	"sort"
	"strconv"
)

// Kind is the kind of a node.
type Kind string

// The node kinds of DESIGN.md.
const (
	Person       Kind = "Person"
	Unit         Kind = "Unit"
	Organization Kind = "Organization"
	State        Kind = "State"
	WeaponSystem Kind = "WeaponSystem"
	Place        Kind = "Place"
	Event        Kind = "Event"
)

// Kinds lists every valid kind in a fixed order.
var Kinds = []Kind{Person, Unit, Organization, State, WeaponSystem, Place, Event}

// Valid reports whether k is one of Kinds.
func (k Kind) Valid() bool {
	for _, v := range Kinds {
		if v == k {
			return true
		}
	}
	return false
}

// maxIDLen is the longest valid id, in bytes.
const maxIDLen = 128

// ValidID reports whether s is a valid node, edge or source id (a slug):
// ^[a-z0-9][a-z0-9-]{0,127}$. A byte loop, not a regexp: imports check
// millions of ids.
func ValidID(s string) bool {
	if len(s) == 0 || len(s) > maxIDLen || s[0] == '-' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

// ValidType reports whether s is a valid relation type (UPPER_SNAKE):
// ^[A-Z][A-Z0-9_]{0,63}$.
func ValidType(s string) bool {
	if len(s) == 0 || len(s) > 64 || s[0] < 'A' || s[0] > 'Z' {
		return false
	}
	for i := 1; i < len(s); i++ {
		c := s[i]
		if !(c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_') {
			return false
		}
	}
	return true
}

// Relation types of the core vocabulary (DESIGN.md). Other types matching
// ValidType are allowed.
const (
	Commands       = "COMMANDS"
	Directs        = "DIRECTS"
	Leads          = "LEADS"
	HoldsPost      = "HOLDS_POST"
	Oversaw        = "OVERSAW"
	MemberOf       = "MEMBER_OF"
	AffiliatedWith = "AFFILIATED_WITH"
	PartOf         = "PART_OF"
	DeployedTo     = "DEPLOYED_TO"
	BasedIn        = "BASED_IN"
	LocatedIn      = "LOCATED_IN"
	TrainedIn      = "TRAINED_IN"
	TrainedOn      = "TRAINED_ON"
	ProducedBy     = "PRODUCED_BY"
	Supplied       = "SUPPLIED"
	SuppliedTo     = "SUPPLIED_TO"
	Operates       = "OPERATES"
	Tested         = "TESTED"
	Transported    = "TRANSPORTED"
	Visited        = "VISITED"
	ParticipatedIn = "PARTICIPATED_IN"
	Vetoed         = "VETOED"
	AtWarWith      = "AT_WAR_WITH"
)

// OversightTypes is the oversight family: a person oversaw X when one of
// these edges, followed by zero or more PART_OF edges walked downwards
// (child PART_OF parent), reaches X.
var OversightTypes = []string{Commands, Directs, Leads, Oversaw}

// UpwardTypes are the relation types that point from a part to what it
// belongs to (child to parent): a hierarchy layout draws them upwards.
var UpwardTypes = []string{PartOf, MemberOf, AffiliatedWith, LocatedIn, BasedIn}

// IsOversight reports whether t is in OversightTypes.
func IsOversight(t string) bool {
	for _, o := range OversightTypes {
		if o == t {
			return true
		}
	}
	return false
}

// Node is an entity: a person, unit, organization, state, weapon system,
// place or event.
type Node struct {
	ID      string            `json:"id" yaml:"id"`
	Kind    Kind              `json:"kind" yaml:"kind"`
	Name    string            `json:"name" yaml:"name"`
	Aliases []string          `json:"aliases" yaml:"aliases,omitempty"`
	Summary string            `json:"summary" yaml:"summary,omitempty"`
	Props   map[string]string `json:"props" yaml:"props,omitempty"`
	Marking Marking           `json:"marking" yaml:"marking,omitempty"`
}

// Edge is a typed, dated relation between two nodes that cites its sources.
// Grade is derived (see GradeOf) and filled in by stores in answers; it is
// ignored on writes.
type Edge struct {
	ID          string            `json:"id" yaml:"id"`
	Type        string            `json:"type" yaml:"type"`
	From        string            `json:"from" yaml:"from"`
	To          string            `json:"to" yaml:"to"`
	Since       Date              `json:"since" yaml:"since,omitempty"`
	Until       Date              `json:"until" yaml:"until,omitempty"`
	Credibility int               `json:"credibility" yaml:"credibility,omitempty"`
	Grade       string            `json:"grade,omitempty" yaml:"-"`
	Sources     []string          `json:"sources" yaml:"sources"`
	Note        string            `json:"note" yaml:"note,omitempty"`
	Props       map[string]string `json:"props,omitempty" yaml:"props,omitempty"`
	Marking     Marking           `json:"marking" yaml:"marking,omitempty"`
}

// Source is a citation: an article, report, press release or broadcast.
type Source struct {
	ID          string      `json:"id" yaml:"id"`
	Title       string      `json:"title" yaml:"title"`
	Publisher   string      `json:"publisher,omitempty" yaml:"publisher,omitempty"`
	Author      string      `json:"author,omitempty" yaml:"author,omitempty"`
	Date        Date        `json:"date,omitempty" yaml:"date,omitempty"`
	URL         string      `json:"url,omitempty" yaml:"url,omitempty"`
	Reliability Reliability `json:"reliability" yaml:"reliability,omitempty"`
	Note        string      `json:"note,omitempty" yaml:"note,omitempty"`
}

// Normalize fills in defaults: marking TLP:CLEAR, credibility 6,
// reliability F, and empty (non-nil) aliases, props and sources, so that
// answers always carry the same shape.
func (n *Node) Normalize() {
	if n.Marking == "" {
		n.Marking = Clear
	}
	if n.Aliases == nil {
		n.Aliases = []string{}
	}
	if n.Props == nil {
		n.Props = map[string]string{}
	}
}

// Normalize fills in an edge's defaults (see Node.Normalize).
func (e *Edge) Normalize() {
	if e.Marking == "" {
		e.Marking = Clear
	}
	if e.Credibility == 0 {
		e.Credibility = CredibilityUnknown
	}
	if e.Sources == nil {
		e.Sources = []string{}
	}
}

// Normalize fills in a source's defaults (see Node.Normalize).
func (s *Source) Normalize() {
	if s.Reliability == "" {
		s.Reliability = ReliabilityUnknown
	}
}

// Batch is a set of writes applied atomically: all of it or none of it.
type Batch struct {
	Sources []Source `json:"sources" yaml:"sources"`
	Nodes   []Node   `json:"entities" yaml:"entities"`
	Edges   []Edge   `json:"relations" yaml:"relations"`
}

// Empty reports whether b holds nothing.
func (b Batch) Empty() bool { return len(b.Sources)+len(b.Nodes)+len(b.Edges) == 0 }

// Subgraph is the one answer shape of every subgraph question.
type Subgraph struct {
	Nodes     []Node   `json:"nodes"`
	Edges     []Edge   `json:"edges"`
	Sources   []Source `json:"sources"`
	Truncated bool     `json:"truncated"`
}

// Sort puts nodes, edges and sources in id order and replaces nil slices by
// empty ones, so answers compare equal across stores and encode as [].
func (g *Subgraph) Sort() {
	if g.Nodes == nil {
		g.Nodes = []Node{}
	}
	if g.Edges == nil {
		g.Edges = []Edge{}
	}
	if g.Sources == nil {
		g.Sources = []Source{}
	}
	sort.Slice(g.Nodes, func(i, j int) bool { return g.Nodes[i].ID < g.Nodes[j].ID })
	sort.Slice(g.Edges, func(i, j int) bool { return g.Edges[i].ID < g.Edges[j].ID })
	sort.Slice(g.Sources, func(i, j int) bool { return g.Sources[i].ID < g.Sources[j].ID })
}

// EdgeID makes a deterministic id for an edge given without one (CSV
// imports): from, type and to joined, lower-cased, with a numeric suffix
// "-N" (N = n+1) when n > 0 to separate parallel edges. A base too long for
// the suffix within 128 bytes is cut and ends in a hash of the whole base,
// so different n always give different ids and different long bases
// (almost surely) do too.
func EdgeID(from, typ, to string, n int) string {
	id := from + "--" + lowerDash(typ) + "--" + to
	suffix := ""
	if n > 0 {
		suffix = "-" + strconv.Itoa(n+1)
	}
	if len(id)+len(suffix) > maxIDLen {
		sum := sha256.Sum256([]byte(id))
		tail := "-" + hex.EncodeToString(sum[:6])
		id = id[:maxIDLen-len(suffix)-len(tail)] + tail
	}
	return id + suffix
}

func lowerDash(s string) string {
	b := []byte(s)
	for i, c := range b {
		switch {
		case c >= 'A' && c <= 'Z':
			b[i] = c + 'a' - 'A'
		case c == '_':
			b[i] = '-'
		}
	}
	return string(b)
}

// Split cuts b into batches of at most n records each, in write order: the
// sources and nodes first, then the edges (whose ends are then written
// before them). The batches share b's slices (capped, so appending to one
// does not write into the next). n <= 0, or a b that fits, gives b whole.
func (b Batch) Split(n int) []Batch {
	if n <= 0 || len(b.Sources)+len(b.Nodes)+len(b.Edges) <= n {
		return []Batch{b}
	}
	var out []Batch
	cur := Batch{Sources: b.Sources}
	room := max(n-len(b.Sources), 0)
	flush := func() { out, cur, room = append(out, cur), Batch{}, n }
	chunk(b.Nodes, &room, flush, func(part []Node) { cur.Nodes = part })
	chunk(b.Edges, &room, flush, func(part []Edge) { cur.Edges = part })
	return append(out, cur)
}

// chunk hands items to put in parts of at most *room elements, calling
// flush (which refills *room) whenever the room is used up.
func chunk[T any](items []T, room *int, flush func(), put func([]T)) {
	for len(items) > 0 {
		if *room == 0 {
			flush()
		}
		k := min(*room, len(items))
		put(items[:k:k])
		items, *room = items[k:], *room-k
	}
}
