package memstore

import (
	"context"
	"encoding/binary"
	"fmt"
	"math/bits"
	"slices"
	"strings"
	"unicode/utf8"

	"linkchart/graph"
)

// searchIndex finds the best hits of a query without looking at every
// node; each candidate is scored exactly as graph.Score scores it and the
// best limit are kept in a bounded heap. Names and aliases are normalized
// from the node records when needed (without allocating, for ASCII), so
// the index holds no text but its words.
//
// Kept current by every write: dirty and delta, the nodes written since
// the last build, as bits and as a list, and while there are at most
// maxDelta of them their normalized names. The built parts ignore them;
// they are scored one by one.
//
// Built in bulk (rebuildSearch) when the index is first filled, then by the
// first search after more than maxDelta node writes:
//
//   - order: the live nodes sorted by (name, id), the ranking's tie
//     break; a node's position in it is its rank. The other built parts
//     refer to nodes by rank (order is the one mapping back to node
//     indexes), so that comparing two candidates' ties is comparing two
//     integers, and a list of ranks in increasing order gives its nodes in
//     ranking order, best first.
//   - names: (rank, which name) of every name and alias, sorted by
//     compact form (normalized, spaces dropped), for the exact and prefix
//     rules: the hits of these rules are two ranges of it, and their
//     scores follow from the range and whether the entry is an alias.
//   - tokens: the distinct words of every name and alias, sorted, in one
//     byte arena (tokText, tokOff), each with its postings: the ranks of
//     the nodes that have it, increasing, as uvarint gaps (post, postOff).
//     For the typo rule, bySuffix sorts the tokens read backwards (a word
//     one edit away from a query word shares its first or its last
//     letters, see nearTokens), byLen groups them by length and sig holds
//     their letter sets (for two edits).
//
// A query takes the rules best first. Exact and prefix hits come from the
// names ranges. Then the word-prefix and typo rules walk postings in rank
// order, and a posting list stops as soon as the heap is full and its next
// node could not beat the heap's worst hit even scoring the rule's score
// (a node scoring more was already found by a better rule), so a common
// word costs a few dozen nodes, not all of its postings; when the query
// has several words, only the nodes in the postings of all of them are
// scored. At a million nodes (gen), storebench's questions take 0.15 ms
// at the median and 1.5 ms at the 99th percentile; the index takes 18 MB.
type searchIndex struct {
	dirty      []uint64
	delta      []uint32
	deltaNorms []string // per delta node, its normalized names (see markDirty)

	order    []uint32
	names    []nameEntry
	tokText  []byte
	tokOff   []uint32   // token i is tokText[tokOff[i]:tokOff[i+1]]
	postOff  []uint32   // token i's postings are post[postOff[i]:postOff[i+1]]
	post     []byte     // per token, its ranks as uvarints: the first, then each next one less the previous one and 1
	bySuffix []uint32   // token indexes sorted by their bytes read backwards
	byLen    [][]uint32 // token indexes by length in letters
	sig      []uint64   // per token: which letters (rune mod 64) it has
	built    bool
}

// nameEntry is the name (seg 0) or the (seg-1)th alias of the node of rank
// rank.
type nameEntry struct {
	rank uint32
	seg  uint32
}

// noRank is the rank of a hit written since the last build.
const noRank = ^uint32(0)

// endSegment separates a node's normalized name and aliases (a normalized
// form never holds it).
const endSegment = 0

// add records that node n was written (its name and aliases are read back
// from its record when needed).
func (x *searchIndex) add(n uint32, name string, aliases []string) {
	x.markDirty(n, joinNorms(name, aliases))
}

// remove records that node n is gone.
func (x *searchIndex) remove(n uint32) { x.markDirty(n, "") }

// markDirty records that node n was written and now has the normalized
// names norms. Those are kept (deltaNorms) while the delta is small enough
// to be scored one by one: a larger one is rebuilt into the index before
// the next search.
func (x *searchIndex) markDirty(n uint32, norms string) {
	w := int(n >> 6)
	for w >= len(x.dirty) {
		x.dirty = append(x.dirty, 0)
	}
	if x.dirty[w]&(1<<(n&63)) == 0 {
		x.dirty[w] |= 1 << (n & 63)
		x.delta = append(x.delta, n)
		if len(x.delta) <= maxDelta {
			x.deltaNorms = append(x.deltaNorms, norms)
		} else {
			x.deltaNorms = nil
		}
		return
	}
	if len(x.deltaNorms) == len(x.delta) {
		x.deltaNorms[slices.Index(x.delta, n)] = norms
	}
}

// joinNorms is the normalized name and aliases joined by endSegment.
func joinNorms(name string, aliases []string) string {
	b := appendNormalized(nil, name)
	for _, a := range aliases {
		b = appendNormalized(append(b, endSegment), a)
	}
	return string(b)
}

func (x *searchIndex) isDirty(n uint32) bool {
	w := int(n >> 6)
	return w < len(x.dirty) && x.dirty[w]&(1<<(n&63)) != 0
}

// appendNorms appends node n's normalized name and aliases, joined by
// endSegment.
func (s *Store) appendNorms(dst []byte, n uint32) []byte {
	r := &s.nodes[n]
	d := decoder{b: r.fields()}
	dst = appendNormalized(dst, unsafeString(d.bytes()))
	d.bytes() // summary
	for range d.uvarint() {
		dst = append(dst, endSegment)
		dst = appendNormalized(dst, unsafeString(d.bytes()))
	}
	return dst
}

// appendSegment appends the normalized form of node n's name (seg 0) or of
// its (seg-1)th alias.
func (s *Store) appendSegment(dst []byte, n, seg uint32) []byte {
	r := &s.nodes[n]
	d := decoder{b: r.fields()}
	name := d.bytes()
	if seg == 0 {
		return appendNormalized(dst, unsafeString(name))
	}
	d.bytes() // summary
	if uint64(seg) > d.uvarint() {
		return dst
	}
	for range seg - 1 {
		d.bytes()
	}
	return appendNormalized(dst, unsafeString(d.bytes()))
}

func (x *searchIndex) token(i uint32) string {
	return unsafeString(x.tokText[x.tokOff[i]:x.tokOff[i+1]])
}

// postings appends token tok's postings to dst.
func (x *searchIndex) postings(dst []uint32, tok uint32) []uint32 {
	p := x.post[x.postOff[tok]:x.postOff[tok+1]]
	base := uint32(0) // 1 + the last rank read
	for i := 0; i < len(p); {
		v := uint32(p[i])
		i++
		if v >= 0x80 {
			v &= 0x7f
			for shift := 7; i < len(p); shift += 7 {
				b := p[i]
				i++
				v |= uint32(b&0x7f) << shift
				if b < 0x80 {
					break
				}
			}
		}
		base += v + 1
		dst = append(dst, base-1)
	}
	return dst
}

// postSize is the encoded size of token tok's postings, a measure of how
// many there are.
func (x *searchIndex) postSize(tok uint32) int { return int(x.postOff[tok+1] - x.postOff[tok]) }

// bytes is the heap the index holds (slice capacities).
func (x *searchIndex) bytes() int {
	n := 8*cap(x.dirty) + 4*cap(x.delta) + 16*cap(x.deltaNorms) +
		4*cap(x.order) + 8*cap(x.names) + cap(x.tokText) + 4*cap(x.tokOff) +
		4*cap(x.postOff) + cap(x.post) + 8*cap(x.sig) + 4*cap(x.bySuffix) + 24*cap(x.byLen)
	for _, l := range x.byLen {
		n += 4 * cap(l)
	}
	return n
}

// maxDelta bounds the nodes scored one by one on every search (about a
// millisecond's worth); past it the built parts are rebuilt (about a second
// at a million nodes).
const maxDelta = 2048

// updateSearch, after every write, builds the search index's sorted parts
// when they have never been built (a store just opened or first filled);
// later, the first search after more than maxDelta node writes rebuilds
// them (buildSearch), so a long import of many batches pays one build, not
// one per batch.
func (s *Store) updateSearch() {
	if !s.search.built && len(s.search.delta) > maxDelta {
		s.rebuildSearch()
	}
}

// buildSearch rebuilds the search index under the write lock if it is still
// stale once the lock is held.
func (s *Store) buildSearch() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return fmt.Errorf("search: %w", graph.ErrUnavailable)
	}
	if len(s.search.delta) > maxDelta {
		s.rebuildSearch()
	}
	return nil
}

// compareCompact compares two normalized strings by their compact forms.
func compareCompact(a, b string) int {
	i, j := 0, 0
	for {
		for i < len(a) && a[i] == ' ' {
			i++
		}
		for j < len(b) && b[j] == ' ' {
			j++
		}
		switch {
		case i == len(a) && j == len(b):
			return 0
		case i == len(a):
			return -1
		case j == len(b):
			return 1
		case a[i] != b[j]:
			if a[i] < b[j] {
				return -1
			}
			return 1
		}
		i++
		j++
	}
}

// hasCompactPrefix reports whether the compact form of name starts with qc
// (a compact string).
func hasCompactPrefix(name, qc string) bool {
	j := 0
	for i := 0; i < len(name) && j < len(qc); i++ {
		if name[i] == ' ' {
			continue
		}
		if name[i] != qc[j] {
			return false
		}
		j++
	}
	return j == len(qc)
}

// rebuildSearch builds the search index's sorted parts from the records of
// every live node.
func (s *Store) rebuildSearch() {
	x := &s.search

	// order: the live nodes by (name, id), sorted on the names' first 16
	// bytes as integers, then whole names, then ids.
	type keyedNode struct {
		k0, k1 uint64
		name   string
		n      uint32
	}
	ks := make([]keyedNode, 0, s.liveNodes)
	for n := range s.nodes {
		if s.nmeta[n]&nodeAlive != 0 {
			name := s.nodes[n].name()
			k := keyedNode{k0: prefixKey(name), name: name, n: uint32(n)}
			if len(name) > 8 {
				k.k1 = prefixKey(name[8:])
			}
			ks = append(ks, k)
		}
	}
	slices.SortFunc(ks, func(a, b keyedNode) int {
		switch {
		case a.k0 != b.k0:
			return cmpUint(a.k0, b.k0)
		case a.k1 != b.k1:
			return cmpUint(a.k1, b.k1)
		}
		if c := strings.Compare(a.name, b.name); c != 0 {
			return c
		}
		return strings.Compare(s.nodes[a.n].id(), s.nodes[b.n].id())
	})
	x.order = slices.Grow(x.order[:0], len(ks))[:len(ks)]
	for i := range ks {
		x.order[i] = ks[i].n
	}
	ks = nil

	// The normalized names and aliases of every node, rank by rank, in a
	// scratch arena: rank r's are text[ends[r-1]:ends[r]].
	var text []byte
	ends := make([]uint32, len(x.order))
	for r, n := range x.order {
		text = s.appendNorms(text, n)
		ends[r] = uint32(len(text))
	}

	// names: every name and alias, sorted by compact form (copied without
	// spaces into another scratch arena, so that a tie compares plain
	// strings).
	kn := make([]keyedName, 0, len(x.order)+len(x.order)/4)
	compact := make([]byte, 0, len(text))
	start := uint32(0)
	for r, end := range ends {
		seg := uint32(0)
		at := len(compact)
		for _, c := range text[start:end] {
			switch c {
			case ' ':
				continue
			case endSegment:
				kn = appendKeyedName(kn, compact[at:], nameEntry{uint32(r), seg})
				at = len(compact)
				seg++
				continue
			}
			compact = append(compact, c)
		}
		kn = appendKeyedName(kn, compact[at:], nameEntry{uint32(r), seg})
		start = end
	}
	slices.SortFunc(kn, func(a, b keyedName) int {
		if a.key != b.key {
			return cmpUint(a.key, b.key)
		}
		return strings.Compare(a.compact, b.compact)
	})
	x.names = slices.Grow(x.names[:0], len(kn))[:len(kn)]
	for i := range kn {
		x.names[i] = kn[i].e
	}
	kn, compact = nil, nil

	x.buildTokens(text, ends)
	clear(x.dirty)
	x.delta = keep(x.delta) // a bulk import's list is not kept
	clear(x.deltaNorms)
	x.deltaNorms = x.deltaNorms[:0]
	x.built = true
}

// keyedName is a nameEntry with its compact form, for sorting.
type keyedName struct {
	key     uint64 // the compact form's first 8 bytes
	compact string
	e       nameEntry
}

// appendKeyedName appends e with compact form c, unless c is empty (an
// empty name matches nothing).
func appendKeyedName(kn []keyedName, c []byte, e nameEntry) []keyedName {
	if len(c) == 0 {
		return kn
	}
	cs := unsafeString(c)
	return append(kn, keyedName{prefixKey(cs), cs, e})
}

func cmpUint(a, b uint64) int {
	if a < b {
		return -1
	}
	return 1
}

// compareNames orders nodes a and b by (name, id), the ranking's tie break.
func (s *Store) compareNames(a, b uint32) int {
	if c := strings.Compare(s.nodes[a].name(), s.nodes[b].name()); c != 0 {
		return c
	}
	return strings.Compare(s.nodes[a].id(), s.nodes[b].id())
}

// buildTokens builds the word dictionary and its postings from the
// normalized names of every rank, text[ends[r-1]:ends[r]], walking them in
// rank order so that every posting list comes out increasing.
func (x *searchIndex) buildTokens(text []byte, ends []uint32) {
	ids := map[string]uint32{}
	var words []string // by first-seen id
	var last []uint32  // per id: 1 + the last rank that had it
	var occ []uint32   // the ids of every node's distinct words, rank by rank
	occEnds := make([]uint32, len(ends))
	start := uint32(0)
	for r, end := range ends {
		rest := unsafeString(text[start:end])
		start = end
		for rest != "" {
			k := 0
			for k < len(rest) && rest[k] != ' ' && rest[k] != endSegment {
				k++
			}
			w := rest[:k]
			rest = rest[min(k+1, len(rest)):]
			if w == "" {
				continue
			}
			id, ok := ids[w]
			if !ok {
				id = uint32(len(words))
				ids[w] = id
				words = append(words, w)
				last = append(last, 0)
			}
			if last[id] != uint32(r)+1 {
				last[id] = uint32(r) + 1
				occ = append(occ, id)
			}
		}
		occEnds[r] = uint32(len(occ))
	}
	ids = nil

	// Sorted token order, and per first-seen id its sorted index.
	sorted := make([]uint32, len(words))
	for i := range sorted {
		sorted[i] = uint32(i)
	}
	slices.SortFunc(sorted, func(a, b uint32) int { return strings.Compare(words[a], words[b]) })
	pos := last // reused: first-seen id → sorted index
	size := 0
	for i, id := range sorted {
		pos[id] = uint32(i)
		size += len(words[id])
	}
	x.tokText = make([]byte, 0, size)
	x.tokOff = make([]uint32, len(words)+1)
	x.sig = make([]uint64, len(words))
	x.byLen = x.byLen[:0]
	for i, id := range sorted {
		w := words[id]
		x.tokText = append(x.tokText, w...)
		x.tokOff[i+1] = uint32(len(x.tokText))
		l := utf8.RuneCountInString(w)
		for len(x.byLen) <= l {
			x.byLen = append(x.byLen, nil)
		}
		x.byLen[l] = append(x.byLen[l], uint32(i))
		x.sig[i] = letters(w)
	}
	words, sorted = nil, nil
	x.bySuffix = make([]uint32, len(pos))
	for i := range x.bySuffix {
		x.bySuffix[i] = uint32(i)
	}
	slices.SortFunc(x.bySuffix, func(a, b uint32) int { return compareBackwards(x.token(a), x.token(b)) })

	// Postings, rank by rank: sized, then written.
	eachOcc := func(f func(tok, r uint32)) {
		start := uint32(0)
		for r, end := range occEnds {
			for _, id := range occ[start:end] {
				f(pos[id], uint32(r))
			}
			start = end
		}
	}
	base := make([]uint32, len(pos)) // per token: 1 + its last rank so far
	x.postOff = make([]uint32, len(pos)+1)
	eachOcc(func(tok, r uint32) {
		x.postOff[tok+1] += uint32(uvarintLen(r - base[tok]))
		base[tok] = r + 1
	})
	for i := 1; i < len(x.postOff); i++ {
		x.postOff[i] += x.postOff[i-1]
	}
	clear(base)
	fill := slices.Clone(x.postOff[:len(pos)])
	x.post = make([]byte, x.postOff[len(pos)])
	eachOcc(func(tok, r uint32) {
		fill[tok] += uint32(binary.PutUvarint(x.post[fill[tok]:], uint64(r-base[tok])))
		base[tok] = r + 1
	})
}

func uvarintLen(v uint32) int {
	n := 1
	for ; v >= 0x80; v >>= 7 {
		n++
	}
	return n
}

// Search finds nodes by name or alias, ranked as graph.Score ranks them.
func (s *Store) Search(ctx context.Context, q graph.SearchQuery) ([]graph.Hit, error) {
	if err := s.rlock("search"); err != nil {
		return nil, err
	}
	if len(s.search.delta) > maxDelta {
		s.mu.RUnlock()
		if err := s.buildSearch(); err != nil {
			return nil, err
		}
		if err := s.rlock("search"); err != nil {
			return nil, err
		}
	}
	defer s.mu.RUnlock()
	qn := normalize(q.Text)
	if qn == "" {
		return []graph.Hit{}, nil
	}
	limit := graph.ClampLimit(q.Limit, graph.DefaultHits)
	sc := s.getScratch()
	defer s.putScratch(sc)
	t := &topK{s: s, sc: sc, k: limit, h: make([]hit, 0, min(limit, 64)),
		kinds: kindMask(q.Kinds), lvl: level(q.Clearance)}
	m := newQueryMatcher(qn)
	x := &s.search
	cached := len(x.deltaNorms) == len(x.delta)
	for i, n := range x.delta {
		if t.admits(n) {
			norms := ""
			if cached {
				norms = x.deltaNorms[i]
			} else {
				norms = t.norms(n)
			}
			if score := m.score(norms); score > 0 {
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
	buf   []byte   // normalized names of the node being scored
	ranks []uint32 // a posting list being read
}

// norms is node n's normalized name and aliases joined by endSegment, valid
// until the next call.
func (t *topK) norms(n uint32) string {
	t.buf = t.s.appendNorms(t.buf[:0], n)
	return unsafeString(t.buf)
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

// searchBuilt offers the heap the hits found in the built parts, rule by
// rule, best first; a rule is skipped when the heap already holds enough
// hits scoring more than it can give. Nodes written since the build are
// skipped (Search scores them from delta).
func (x *searchIndex) searchBuilt(ctx context.Context, t *topK, m *queryMatcher) error {
	dirty := len(x.delta) > 0
	// Exact and prefix rules: two ranges of names; an entry's score is the
	// range's, times AliasWeight for an alias.
	lo := x.searchNames(t, 0, func(seg string) bool { return compareCompact(seg, m.qc) >= 0 })
	ex := x.searchNames(t, lo, func(seg string) bool { return compareCompact(seg, m.qc) > 0 })
	hi := x.searchNames(t, ex, func(seg string) bool { return !hasCompactPrefix(seg, m.qc) })
	for _, part := range [2]struct {
		entries []nameEntry
		score   float64
	}{{x.names[lo:ex], graph.ScoreExact}, {x.names[ex:hi], graph.ScorePrefix}} {
		for _, e := range part.entries {
			score := part.score
			if e.seg != 0 {
				score = graph.AliasWeight * score
			}
			r := e.rank
			if t.full() && !t.beats(score, r) {
				continue
			}
			n := x.order[r]
			if dirty && x.isDirty(n) || !t.admits(n) {
				continue
			}
			t.push(hit{score, r, n})
		}
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("search: %w", err)
	}
	if t.enough(graph.ScoreTokenPrefix) {
		return nil
	}
	// Word-prefix rule: every query word starts a word of the name.
	var cands []wordCands
	for _, w := range m.words {
		l, h := x.prefixRange(w)
		c := wordCands{total: int(x.postOff[h] - x.postOff[l])}
		for tok := l; tok < h; tok++ {
			c.toks = append(c.toks, uint32(tok))
		}
		cands = append(cands, c)
	}
	x.scan(t, 1, graph.ScoreTokenPrefix, cands, m)
	if t.enough(graph.ScoreTypo) {
		return nil
	}
	// Typo rule: every query word is a word of the name or within its typo
	// budget of one.
	cands = cands[:0]
	for _, w := range m.words {
		toks, total := x.nearTokens(w)
		cands = append(cands, wordCands{toks, total})
	}
	x.scan(t, 2, graph.ScoreTypo, cands, m)
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("search: %w", err)
	}
	return nil
}

// searchNames is the least i ≥ from where f holds for names[i]'s normalized
// form, for an f false then true in names' order. Entries of nodes written
// since the build are out of that order (their names may have changed), so
// f is asked of the next entry that is not (true past the last).
func (x *searchIndex) searchNames(t *topK, from int, f func(seg string) bool) int {
	dirty := len(x.delta) > 0
	return from + sortSearch(len(x.names)-from, func(i int) bool {
		for j := from + i; j < len(x.names); j++ {
			e := x.names[j]
			n := x.order[e.rank]
			if dirty && x.isDirty(n) {
				continue
			}
			t.buf = t.s.appendSegment(t.buf[:0], n, e.seg)
			return f(unsafeString(t.buf))
		}
		return true
	})
}

// sortSearch is sort.Search: the least i in [0, n) where f is true (n if
// none), for an f false then true.
func sortSearch(n int, f func(int) bool) int {
	lo, hi := 0, n
	for lo < hi {
		h := int(uint(lo+hi) >> 1)
		if !f(h) {
			lo = h + 1
		} else {
			hi = h
		}
	}
	return lo
}

// prefixRange is the range of tokens starting with w.
func (x *searchIndex) prefixRange(w string) (int, int) {
	n := len(x.tokOff) - 1
	lo := sortSearch(n, func(i int) bool { return x.token(uint32(i)) >= w })
	hi := lo + sortSearch(n-lo, func(i int) bool { return !strings.HasPrefix(x.token(uint32(lo+i)), w) })
	return lo, hi
}

// nearTokens lists the tokens within w's typo budget and their total
// postings size.
func (x *searchIndex) nearTokens(w string) ([]uint32, int) {
	n := utf8.RuneCountInString(w)
	var out []uint32
	total := 0
	near := func(tok uint32) {
		out = append(out, tok)
		total += x.postSize(tok)
	}
	switch k := graph.TypoBudget(n); k {
	case 0:
		if l, h := x.prefixRange(w); l < h && x.token(uint32(l)) == w {
			near(uint32(l))
		}
	case 1:
		// One edit leaves w's first a letters or its last b letters in
		// place (a transposition moves two neighbours, so a+b < n), so
		// the tokens are among those starting with the one or ending with
		// the other: two ranges of the sorted tokens, forwards and
		// backwards.
		a := (n - 1) / 2
		pre, suf := w[:runeOffset(w, a)], w[runeOffset(w, a+1):]
		l, h := x.prefixRange(pre)
		for tok := uint32(l); tok < uint32(h); tok++ {
			if graph.WithinEdits(w, x.token(tok), 1) {
				near(tok)
			}
		}
		l, h = x.suffixRange(suf)
		for _, tok := range x.bySuffix[l:h] {
			t := x.token(tok)
			if !strings.HasPrefix(t, pre) && graph.WithinEdits(w, t, 1) {
				near(tok)
			}
		}
	default:
		// An edit adds or removes at most two letters, so a word whose
		// letter set differs from w's in more than 2k letters is too far.
		ws := letters(w)
		for l := max(n-k, 0); l <= n+k && l < len(x.byLen); l++ {
			for _, tok := range x.byLen[l] {
				if bits.OnesCount64(ws^x.sig[tok]) <= 2*k && graph.WithinEdits(w, x.token(tok), k) {
					near(tok)
				}
			}
		}
	}
	return out, total
}

// runeOffset is the byte offset of w's i-th letter.
func runeOffset(w string, i int) int {
	for j := range w {
		if i == 0 {
			return j
		}
		i--
	}
	return len(w)
}

// suffixRange is the range of bySuffix of the tokens ending with suf.
func (x *searchIndex) suffixRange(suf string) (int, int) {
	n := len(x.bySuffix)
	lo := sortSearch(n, func(i int) bool { return compareBackwards(x.token(x.bySuffix[i]), suf) >= 0 })
	hi := lo + sortSearch(n-lo, func(i int) bool { return !strings.HasSuffix(x.token(x.bySuffix[lo+i]), suf) })
	return lo, hi
}

// compareBackwards compares a and b read from their last byte to their
// first.
func compareBackwards(a, b string) int {
	for i := 1; i <= len(a) && i <= len(b); i++ {
		if c, d := a[len(a)-i], b[len(b)-i]; c != d {
			if c < d {
				return -1
			}
			return 1
		}
	}
	return len(a) - len(b)
}

// letters is the set of w's letters, as bits rune mod 64.
func letters(w string) uint64 {
	var sig uint64
	for _, r := range w {
		sig |= 1 << (uint(r) & 63)
	}
	return sig
}

// intersectMin is the driver size from which scan filters (a variable so
// that tests can take the filtering path on small graphs).
var intersectMin = 256

// filterCost is how many postings marking may cost per driver posting it
// could spare from scoring (scoring a node costs some hundred times more
// than marking one).
const filterCost = 16

// wordCands are the tokens one query word may match, and their postings'
// total size (postSize).
type wordCands struct {
	toks  []uint32
	total int
}

// scan offers the heap the nodes that may score up to score by one rule,
// given the tokens each query word may match under that rule. It walks the
// postings of the word with the fewest (the driver). When those are many,
// the postings of the other words (those not too many, fewest first) are
// marked first, in scratch set `set` and a count per rank in val2, and
// only the driver's ranks marked by every one of them are scored. Each
// posting list is walked in rank order and left once its next node could
// not enter the heap.
func (x *searchIndex) scan(t *topK, set int, score float64, words []wordCands, m *queryMatcher) {
	if len(words) == 0 {
		return
	}
	sc := t.sc
	slices.SortFunc(words, func(a, b wordCands) int { return a.total - b.total })
	driver := words[0]
	marks := uint32(0) // how many words marked
	if driver.total > intersectMin {
		for _, w := range words[1:] {
			if w.total > filterCost*driver.total {
				break
			}
			for _, tok := range w.toks {
				t.ranks = x.postings(t.ranks[:0], tok)
				for _, r := range t.ranks {
					switch {
					case marks == 0:
						sc.put(set, r)
						sc.val2[r] = 1
					case sc.in(set, r) && sc.val2[r] == marks:
						sc.val2[r] = marks + 1
					}
				}
			}
			marks++
		}
	}
	dirty := len(x.delta) > 0
	for _, tok := range driver.toks {
		t.ranks = x.postings(t.ranks[:0], tok)
		for _, r := range t.ranks {
			if marks > 0 && (!sc.in(set, r) || sc.val2[r] != marks) {
				continue
			}
			if t.full() && !t.beats(score, r) {
				break
			}
			n := x.order[r]
			if dirty && x.isDirty(n) || !t.admits(n) {
				continue
			}
			if got := m.score(t.norms(n)); got > 0 {
				t.push(hit{got, r, n})
			}
		}
	}
}

// queryMatcher is graph.Score's matchScore on pre-normalized names.
type queryMatcher struct {
	q, qc  string
	words  []string
	budget []int
	sig    []uint64 // per word, letters(word)
}

func newQueryMatcher(qn string) *queryMatcher {
	m := &queryMatcher{q: qn, qc: graph.Compact(qn), words: graph.Tokens(qn)}
	for _, w := range m.words {
		m.budget = append(m.budget, graph.TypoBudget(utf8.RuneCountInString(w)))
		m.sig = append(m.sig, letters(w))
	}
	return m
}

// near is graph.WithinEdits(words[i], t, budget[i]), first ruling out a t
// whose letter set is too far from the word's (see nearTokens).
func (m *queryMatcher) near(i int, t string) bool {
	k := m.budget[i]
	if k == 0 {
		return t == m.words[i]
	}
	return bits.OnesCount64(m.sig[i]^letters(t)) <= 2*k && graph.WithinEdits(m.words[i], t, k)
}

// score is graph.Score(query, name, aliases) given the node's normalized
// name and aliases joined by endSegment.
func (m *queryMatcher) score(norms string) float64 {
	if norms == "" {
		return 0
	}
	best := 0.0
	first := true
	for {
		seg := norms
		k := strings.IndexByte(norms, endSegment)
		if k >= 0 {
			seg = norms[:k]
		}
		sc := m.match(seg)
		if !first {
			sc = graph.AliasWeight * sc
		}
		if sc > best {
			best = sc
		}
		first = false
		if k < 0 {
			return best
		}
		norms = norms[k+1:]
	}
}

func (m *queryMatcher) match(name string) float64 {
	if name == "" {
		return 0
	}
	if hasCompactPrefix(name, m.qc) {
		if compareCompact(name, m.qc) == 0 {
			return graph.ScoreExact
		}
		return graph.ScorePrefix
	}
	if m.every(name, func(i int, t string) bool { return strings.HasPrefix(t, m.words[i]) }) {
		return graph.ScoreTokenPrefix
	}
	if m.every(name, m.near) {
		return graph.ScoreTypo
	}
	return 0
}

// every reports whether each query word matches some word of name.
func (m *queryMatcher) every(name string, match func(i int, t string) bool) bool {
	for i := range m.words {
		ok := false
		rest := name
		for rest != "" {
			k := strings.IndexByte(rest, ' ')
			t := rest
			if k >= 0 {
				t, rest = rest[:k], rest[k+1:]
			} else {
				rest = ""
			}
			if match(i, t) {
				ok = true
				break
			}
		}
		if !ok {
			return false
		}
	}
	return true
}
