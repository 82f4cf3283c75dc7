package memstore

import (
	"context"
	"slices"

	"linkchart/graph"
)

// Search finds nodes by name or alias, ranked as graph.Score ranks them;
// partial matches only when nothing matches fully (graph.DropPartial).
func (s *Store) Search(ctx context.Context, q graph.SearchQuery) ([]graph.Hit, error) {
	if err := s.rlock("search"); err != nil {
		return nil, err
	}
	if s.search.stale() {
		s.mu.RUnlock()
		if err := s.buildSearch(); err != nil {
			return nil, err
		}
		if err := s.rlock("search"); err != nil {
			return nil, err
		}
	}
	defer s.mu.RUnlock()
	m := graph.NewMatcher(q.Text)
	if m.Query() == "" {
		return []graph.Hit{}, nil
	}
	limit := graph.ClampLimit(q.Limit, graph.DefaultHits)
	sc := s.getScratch()
	defer s.putScratch(sc)
	t := &topK{s: s, sc: sc, k: limit, h: make([]hit, 0, min(limit, 64)),
		kinds: kindMask(q.Kinds), lvl: level(q.Clearance)}
	x := &s.search
	cached := len(x.deltaNames) == len(x.delta)
	for i, n := range x.delta {
		if t.admits(n) {
			var score float64
			if cached {
				score = m.ScorePrepared(x.deltaNames[i])
			} else {
				score = m.Score(t.norms(n))
			}
			if score > 0 {
				t.push(hit{score, noRank, n})
			}
		}
	}
	if x.built {
		if err := x.searchBuilt(ctx, t, m); err != nil {
			return nil, err
		}
	}

	slices.SortFunc(t.h, func(a, b hit) int {
		if t.better(a, b) {
			return -1
		}
		return 1
	})
	if len(t.h) > 0 && graph.Full(t.h[0].score) { // graph.DropPartial
		t.h = slices.DeleteFunc(t.h, func(h hit) bool { return !graph.Full(h.score) })
	}
	out := make([]graph.Hit, len(t.h))
	aliases := make([]string, 0, len(t.h)+8)
	for i, h := range t.h {
		s.nodeOut(&out[i].Node, h.n, &aliases)
		out[i].Score = h.score
	}
	return out, nil
}

// hit is a scored node; rank is noRank for a node written since the build.
type hit struct {
	score float64
	rank  uint32
	n     uint32
}

// topK keeps the best k hits in a heap whose root is the worst of them. A
// node's place in the heap is kept in the scratch (val, under stamp set 0)
// so that a node met again with a better score is updated in place.
type topK struct {
	s     *Store
	sc    *scratch
	k     int
	h     []hit
	kinds uint8
	lvl   uint8
	buf   []byte // normalized names of the node being scored
	marks uint32 // val2 counts used by earlier scans (see scan)
}

// norms is node n's normalized name and aliases joined by graph.NameSep, valid
// until the next call.
func (t *topK) norms(n uint32) string {
	t.buf = t.s.appendNorms(t.buf[:0], n)
	return tempString(t.buf)
}

// admits reports whether node n may be a hit: alive, visible at the
// query's clearance and of one of its kinds.
func (t *topK) admits(n uint32) bool {
	return t.s.nodeVisible(n, t.lvl) && (t.kinds == 0 || t.kinds&(1<<t.s.nodeKind(n)) != 0)
}

// better reports whether a ranks before b: higher score, then (name, id).
func (t *topK) better(a, b hit) bool {
	if a.score != b.score {
		return a.score > b.score
	}
	if a.rank != noRank && b.rank != noRank {
		return a.rank < b.rank
	}
	return t.s.compareNames(a.n, b.n) < 0
}

func (t *topK) full() bool { return len(t.h) >= t.k }

// anyFull reports whether a hit is a full match (graph.Full).
func (t *topK) anyFull() bool {
	return slices.ContainsFunc(t.h, func(h hit) bool { return graph.Full(h.score) })
}

// beats reports whether a node of rank r scoring score would rank before
// the heap's worst hit (so, when the heap is full, whether it could enter).
// Past a false, every higher rank with at most that score is false too.
func (t *topK) beats(score float64, r uint32) bool {
	w := t.h[0]
	if score != w.score {
		return score > w.score
	}
	if w.rank != noRank {
		return r < w.rank
	}
	x := &t.s.search
	n := x.order[r]
	if x.isDirty(n) {
		return true // its rank is stale: the caller skips it
	}
	return t.s.compareNames(n, w.n) < 0
}

func (t *topK) place(i int, h hit) {
	t.h[i] = h
	t.sc.stamp[0][h.n] = t.sc.gen
	t.sc.val[h.n] = uint32(i)
}

// push offers a hit.
func (t *topK) push(h hit) {
	if t.sc.stamp[0][h.n] == t.sc.gen { // already held
		i := int(t.sc.val[h.n])
		if h.score > t.h[i].score {
			t.place(i, h)
			t.down(i)
		}
		return
	}
	if len(t.h) < t.k {
		t.h = append(t.h, h)
		t.place(len(t.h)-1, h)
		t.up(len(t.h) - 1)
		return
	}
	if !t.better(h, t.h[0]) {
		return
	}
	t.sc.stamp[0][t.h[0].n] = 0
	t.place(0, h)
	t.down(0)
}

func (t *topK) swap(i, j int) {
	a, b := t.h[i], t.h[j]
	t.place(i, b)
	t.place(j, a)
}

// up and down restore the heap (worst at the root) around i.
func (t *topK) up(i int) {
	for i > 0 {
		p := (i - 1) / 2
		if !t.better(t.h[p], t.h[i]) {
			return
		}
		t.swap(p, i)
		i = p
	}
}

func (t *topK) down(i int) {
	for {
		c := 2*i + 1
		if c >= len(t.h) {
			return
		}
		if c+1 < len(t.h) && t.better(t.h[c], t.h[c+1]) {
			c++
		}
		if !t.better(t.h[i], t.h[c]) {
			return
		}
		t.swap(i, c)
		i = c
	}
}

// enough reports whether the heap is full of hits scoring more than min.
func (t *topK) enough(min float64) bool { return t.full() && t.h[0].score > min }
