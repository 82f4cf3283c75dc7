// Package dedupe finds entities that are likely the same: candidate pairs
// among the entities of a kind, scored by the name matcher (graph/names)
// over names and aliases, plus shared neighbours, with the reason.
//
// Pairs are drawn only from blocks: entities sharing a key of the name's
// spelling keys (see blockKeys). A block small enough is
// compared pair by pair; a larger one (a common word) only between
// neighbours in name order (sorted neighbourhood), so the work grows with
// the number of entities, not its square.
package dedupe

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"

	"linkchart/graph"
	"linkchart/graph/names"
)

// Candidate is a pair of entities that may be one.
type Candidate struct {
	A      Ref     `json:"a"`
	B      Ref     `json:"b"`
	Score  float64 `json:"score"`
	Reason string  `json:"reason"`
	Shared int     `json:"shared_neighbours"`

	pair [4]int32 // the two entities and their names that matched best
}

// Ref names an entity of a candidate pair.
type Ref struct {
	ID   string     `json:"id"`
	Name string     `json:"name"`
	Kind graph.Kind `json:"kind"`
	// Relations counts its visible relations when the scan read its
	// neighbours (Options.Neighbours): the better connected one is
	// usually the one to keep.
	Relations int `json:"relations"`
}

// Options tune Find.
type Options struct {
	Limit int // most pairs answered; 0: graph.DefaultHits
	// MinScore is the least score of a pair; 0: names.FullFloor (every
	// word of one name matched in the other, both ways).
	MinScore float64
	// Neighbours, when set, gives an entity's neighbours and the count of
	// its relations: each neighbour shared by a pair adds to its score.
	// Called for the best pairs only.
	Neighbours func(id string) (neighbours []string, relations int, err error)
}

// Limits of the blocks (see the package comment).
const (
	fullBlock = 24 // blocks up to this size are compared pair by pair
	window    = 4  // in larger ones, each entity with this many next in order
)

// entity is a node as the scan keeps it.
type entity struct {
	ref     Ref
	names   []names.Name // the name, then the aliases, prepared
	raw     []string     // the same, as written
	compact string       // for the sorted neighbourhood order
}

// Finder gathers entities, then finds the pairs.
type Finder struct {
	ents   []entity
	blocks map[string][]int32
	// other marks entities AddIncoming added.
	other []bool
	// Compared counts the pairs scored by the last Find.
	Compared int
}

// NewFinder makes an empty Finder.
func NewFinder() *Finder { return &Finder{blocks: map[string][]int32{}} }

// Add adds a node to compare.
func (f *Finder) Add(n graph.Node) { f.add(n, false) }

// AddIncoming adds a node that is compared only with the nodes given by
// Add (an import's new entities against a store's).
func (f *Finder) AddIncoming(n graph.Node) { f.add(n, true) }

func (f *Finder) add(n graph.Node, incoming bool) {
	i := int32(len(f.ents))
	e := entity{ref: Ref{ID: n.ID, Name: n.Name, Kind: n.Kind}, raw: append([]string{n.Name}, n.Aliases...), compact: names.Compact(n.Name)}
	for _, s := range e.raw {
		e.names = append(e.names, names.Prepare(s))
	}
	f.ents = append(f.ents, e)
	f.other = append(f.other, incoming)
	var keys []string
	for _, name := range e.names {
		for _, k := range blockKeys(name.WordKeys()) {
			keys = append(keys, string(n.Kind)+"\x00"+k)
		}
	}
	slices.Sort(keys)
	for _, k := range slices.Compact(keys) {
		f.blocks[k] = append(f.blocks[k], i)
	}
}

// blockKeys are the blocks a name is in: its word keys in order joined
// (spacing blind), sorted and joined (word order blind), and with two or
// more words, sorted and joined without each one in turn, so that a typo
// or an extra word in one word still meets the other spelling. A one-word
// name also blocks on its key's first three letters.
func blockKeys(ks []string) []string {
	if len(ks) == 0 {
		return nil
	}
	out := []string{"~" + strings.Join(ks, "")}
	sorted := slices.Clone(ks)
	slices.Sort(sorted)
	out = append(out, "="+strings.Join(sorted, " "))
	if len(sorted) > 1 {
		for i := range sorted {
			out = append(out, "="+strings.Join(slices.Concat(sorted[:i], sorted[i+1:]), " "))
		}
	} else if len(ks[0]) > 3 {
		out = append(out, "1"+ks[0][:3])
	}
	return out
}

// Len is how many entities were added.
func (f *Finder) Len() int { return len(f.ents) }

// Find scores the pairs of every block and answers the best, best first.
// With entities added by AddIncoming, only pairs of one incoming and one
// other entity count (pairs of the same id are left out).
func (f *Finder) Find(ctx context.Context, opt Options) ([]Candidate, error) {
	limit := opt.Limit
	if limit <= 0 {
		limit = graph.DefaultHits
	}
	minScore := opt.MinScore
	if minScore == 0 {
		minScore = names.FullFloor
	}
	incoming := slices.Contains(f.other, true)
	// The best pairs are kept in a bounded list (a pair met in several
	// blocks is kept once): a million entities make millions of pairs.
	keep := max(3*limit, 64)
	top := newTopList(keep, f.explain)
	try := func(a, b int32) {
		if a > b {
			a, b = b, a
		}
		if incoming && f.other[a] == f.other[b] || f.ents[a].ref.ID == f.ents[b].ref.ID {
			return
		}
		f.Compared++
		if c, ok := f.score(a, b, max(minScore, top.floor())); ok {
			top.add([2]int32{a, b}, c)
		}
	}
	n := 0
	for _, members := range f.blocks {
		if n++; n&255 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, fmt.Errorf("duplicates: %w", err)
			}
		}
		if len(members) < 2 {
			continue
		}
		if len(members) <= fullBlock {
			for i, a := range members {
				for _, b := range members[i+1:] {
					try(a, b)
				}
			}
			continue
		}
		sorted := slices.Clone(members)
		slices.SortFunc(sorted, func(a, b int32) int { return strings.Compare(f.ents[a].compact, f.ents[b].compact) })
		for i, a := range sorted {
			for _, b := range sorted[i+1 : min(len(sorted), i+1+window)] {
				try(a, b)
			}
		}
	}
	out := top.list()
	order(out)
	if opt.Neighbours != nil {
		// Shared neighbours lift pairs among the best few times the limit.
		for i := range out {
			if err := shared(&out[i], opt.Neighbours); err != nil {
				return nil, err
			}
		}
		order(out)
	}
	return out[:min(len(out), limit)], nil
}

// topList keeps the n best candidates, each pair once.
type topList struct {
	n       int
	explain func(Candidate) Candidate
	cands   []Candidate
	pairs   map[[2]int32]int // pair → index in cands
	low     int              // index of the lowest, when full
}

func newTopList(n int, explain func(Candidate) Candidate) *topList {
	return &topList{n: n, explain: explain, pairs: map[[2]int32]int{}}
}

// floor is the score a new pair must beat once the list is full.
func (t *topList) floor() float64 {
	if len(t.cands) < t.n {
		return 0
	}
	return t.cands[t.low].Score
}

func (t *topList) add(p [2]int32, c Candidate) {
	if _, ok := t.pairs[p]; ok {
		return
	}
	if len(t.cands) < t.n {
		t.pairs[p] = len(t.cands)
		t.cands = append(t.cands, t.explain(c))
	} else {
		if !better(c, t.cands[t.low]) {
			return
		}
		c = t.explain(c)
		for q, i := range t.pairs {
			if i == t.low {
				delete(t.pairs, q)
				break
			}
		}
		t.cands[t.low] = c
		t.pairs[p] = t.low
	}
	if len(t.cands) == t.n {
		t.low = 0
		for i := range t.cands {
			if better(t.cands[t.low], t.cands[i]) {
				t.low = i
			}
		}
	}
}

func (t *topList) list() []Candidate { return slices.Clone(t.cands) }

// better orders candidates: higher score, then ids.
func better(a, b Candidate) bool {
	if a.Score != b.Score {
		return a.Score > b.Score
	}
	if a.A.ID != b.A.ID {
		return a.A.ID < b.A.ID
	}
	return a.B.ID < b.B.ID
}

func order(cs []Candidate) { sort.SliceStable(cs, func(i, j int) bool { return better(cs[i], cs[j]) }) }

// score compares two entities both ways over their names and aliases: a
// pair's score is the lower of the two directions of its best names.
func (f *Finder) score(a, b int32, minScore float64) (Candidate, bool) {
	ea, eb := f.ents[a], f.ents[b]
	best, bi, bj := 0.0, 0, 0
	for i, x := range ea.names {
		for j, y := range eb.names {
			w := 1.0
			if i > 0 || j > 0 {
				w = names.AliasWeight
			}
			m1 := x.Rate(y)
			if !m1.Full || w*m1.Score <= best || w*m1.Score < minScore {
				continue
			}
			m2 := y.Rate(x)
			if s := w * min(m1.Score, m2.Score); m2.Full && s > best {
				best, bi, bj = s, i, j
			}
		}
	}
	if best < minScore || best == 0 {
		return Candidate{}, false
	}
	c := Candidate{A: ea.ref, B: eb.ref, Score: best}
	if f.other[a] {
		c.A, c.B = c.B, c.A // the existing entity first
	}
	// The reason is written for the pairs kept only (see explain).
	c.pair = [4]int32{a, b, int32(bi), int32(bj)}
	return c, true
}

// explain writes a kept candidate's reason: which names matched how.
func (f *Finder) explain(c Candidate) Candidate {
	if c.Reason != "" {
		return c
	}
	ea, eb := f.ents[c.pair[0]], f.ents[c.pair[1]]
	x, y := ea.names[c.pair[2]], eb.names[c.pair[3]]
	m := x.Score(y)
	if r := y.Score(x); r.Score < m.Score {
		m = r
	}
	c.Reason = fmt.Sprintf("%q ~ %q: %s", ea.raw[c.pair[2]], eb.raw[c.pair[3]], m.Reason)
	return c
}

// shared adds the neighbours the two entities share to c.
func shared(c *Candidate, neighbours func(string) ([]string, int, error)) error {
	na, ra, err := neighbours(c.A.ID)
	if err != nil {
		return err
	}
	nb, rb, err := neighbours(c.B.ID)
	if err != nil {
		return err
	}
	c.A.Relations, c.B.Relations = ra, rb
	set := map[string]bool{}
	for _, x := range na {
		set[x] = true
	}
	for _, x := range nb {
		if set[x] && x != c.A.ID && x != c.B.ID {
			c.Shared++
			set[x] = false
		}
	}
	if c.Shared > 0 {
		c.Score += 0.01 * float64(min(c.Shared, 5))
		c.Reason += fmt.Sprintf("; %d shared neighbours", c.Shared)
	}
	return nil
}

// Scan finds candidate pairs among the entities of kind (every kind when
// empty; pairs are always of one kind) in a store visible at clearance;
// shared neighbours come from the store's Entity answers.
func Scan(ctx context.Context, st graph.Store, kind graph.Kind, clearance graph.Marking, opt Options) ([]Candidate, error) {
	l, ok := st.(graph.NodeLister)
	if !ok {
		return nil, fmt.Errorf("duplicates: the store cannot list its entities")
	}
	f := NewFinder()
	if err := l.EachNode(ctx, kind, clearance, func(n graph.Node) error { f.Add(n); return nil }); err != nil {
		return nil, fmt.Errorf("duplicates: %w", err)
	}
	if opt.Neighbours == nil {
		opt.Neighbours = StoreNeighbours(ctx, st, clearance)
	}
	return f.Find(ctx, opt)
}

// Incoming finds the entities of an import that are likely already in the
// store under another id: each pair is (store entity, imported entity).
func Incoming(ctx context.Context, st graph.Store, b graph.Batch, clearance graph.Marking, opt Options) ([]Candidate, error) {
	l, ok := st.(graph.NodeLister)
	if !ok {
		return nil, fmt.Errorf("duplicates: the store cannot list its entities")
	}
	f := NewFinder()
	kinds := map[graph.Kind]bool{}
	for _, n := range b.Nodes {
		f.AddIncoming(n)
		kinds[n.Kind] = true
	}
	for _, k := range graph.Kinds {
		if !kinds[k] {
			continue
		}
		if err := l.EachNode(ctx, k, clearance, func(n graph.Node) error { f.Add(n); return nil }); err != nil {
			return nil, fmt.Errorf("duplicates: %w", err)
		}
	}
	return f.Find(ctx, opt)
}

// StoreNeighbours gives an entity's neighbours and its count of relations
// from the store.
func StoreNeighbours(ctx context.Context, st graph.Store, clearance graph.Marking) func(string) ([]string, int, error) {
	return func(id string) ([]string, int, error) {
		g, err := st.Entity(ctx, id, clearance)
		if err != nil {
			return nil, 0, nil // gone since the scan: no neighbours
		}
		out := make([]string, 0, len(g.Nodes))
		for _, n := range g.Nodes {
			out = append(out, n.ID)
		}
		return out, len(g.Edges), nil
	}
}
