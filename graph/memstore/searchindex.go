package memstore

import (
	"encoding/binary"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"linkchart/graph"
	"linkchart/graph/names"
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
// Built in bulk (rebuildSearch) when the index is first filled with more
// than maxDelta nodes, or by the first search of a smaller store, then by
// the first search after more than maxDelta node writes:
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
//   - tokens: the distinct words of every name and alias and their
//     spelling keys (names.Keys, marked so that no key is a word), sorted, in one
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
// scored, less those where two query words could only match one and the
// same word of the name (sharedSole; README's benchmark section has the
// measured latencies).
type searchIndex struct {
	dirty      []uint64
	delta      []uint32
	deltaNames []graph.Prepared // per delta node, its names prepared (see markDirty)

	order    []uint32
	names    []nameEntry
	tokText  []byte
	tokOff   []uint32   // token i is tokText[tokOff[i]:tokOff[i+1]]
	postOff  []uint32   // token i's postings are post[postOff[i]:postOff[i+1]]
	post     []byte     // per token, its ranks as uvarints: the first, then each next one less the previous one and 1
	bySuffix []uint32   // token indexes sorted by their bytes read backwards
	byLen    [][]uint32 // token indexes by length in letters
	sig      []uint64   // per token: which letters (rune mod 64) it has
	// wordToks are the word tokens whose unit key (UnitKey + names.Key)
	// is a token, increasing, and wordKey that key token of each; repeats
	// the (key token<<32 | rank) pairs, sorted, of a unit key that more
	// than one unit (a word or two joined) of one name or alias of the
	// node of that rank has (rare: "Hak Ri Hak"). See sharedSole.
	wordToks, wordKey []uint32
	repeats           []uint64
	built             bool
}

// nameEntry is the name (seg 0) or the (seg-1)th alias of the node of rank
// rank.
type nameEntry struct {
	rank uint32
	seg  uint32
}

// noRank is the rank of a hit written since the last build.
const noRank = ^uint32(0)

// add records that node n was written (its name and aliases are read back
// from its record when needed).
func (x *searchIndex) add(n uint32, name string, aliases []string) {
	x.markDirty(n, graph.JoinNormalized(name, aliases))
}

// remove records that node n is gone.
func (x *searchIndex) remove(n uint32) { x.markDirty(n, "") }

// markDirty records that node n was written and now has the normalized
// names norms. Those are kept prepared (deltaNames) while the delta is small enough
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
			x.deltaNames = append(x.deltaNames, graph.Prepare(norms))
		} else {
			x.deltaNames = nil
		}
		return
	}
	if len(x.deltaNames) == len(x.delta) {
		x.deltaNames[slices.Index(x.delta, n)] = graph.Prepare(norms)
	}
}

func (x *searchIndex) isDirty(n uint32) bool {
	w := int(n >> 6)
	return w < len(x.dirty) && x.dirty[w]&(1<<(n&63)) != 0
}

// appendNorms appends node n's normalized name and aliases, joined by
// graph.NameSep.
func (s *Store) appendNorms(dst []byte, n uint32) []byte {
	r := &s.nodes[n]
	d := decoder{b: r.fields()}
	dst = graph.AppendNormalized(dst, frozenString(d.bytes()))
	d.bytes() // summary
	for range d.uvarint() {
		dst = append(dst, graph.NameSep)
		dst = graph.AppendNormalized(dst, frozenString(d.bytes()))
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
		return graph.AppendNormalized(dst, frozenString(name))
	}
	d.bytes() // summary
	if uint64(seg) > d.uvarint() {
		return dst
	}
	for range seg - 1 {
		d.bytes()
	}
	return graph.AppendNormalized(dst, frozenString(d.bytes()))
}

func (x *searchIndex) token(i uint32) string {
	return frozenString(x.tokText[x.tokOff[i]:x.tokOff[i+1]])
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
	n := 8*cap(x.dirty) + 4*cap(x.delta) + 24*cap(x.deltaNames) +
		4*cap(x.order) + 8*cap(x.names) + cap(x.tokText) + 4*cap(x.tokOff) +
		4*cap(x.postOff) + cap(x.post) + 8*cap(x.sig) + 4*cap(x.bySuffix) + 24*cap(x.byLen) +
		8*cap(x.repeats) + 4*cap(x.wordToks) + 4*cap(x.wordKey)
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
	if s.search.stale() {
		s.rebuildSearch()
	}
	return nil
}

// stale reports whether a search rebuilds the index first: more than
// maxDelta nodes written since the last build, or a store never built
// (too small for updateSearch), whose nodes would otherwise all be
// scored one by one by every search.
func (x *searchIndex) stale() bool {
	return len(x.delta) > maxDelta || !x.built && len(x.delta) > 0
}

// rebuildSearch builds the search index's sorted parts from the records of
// every live node.
func (s *Store) rebuildSearch() {
	x := &s.search

	s.buildOrder()

	// The normalized names and aliases of every node, rank by rank, in a
	// scratch arena: rank r's are text[ends[r-1]:ends[r]].
	var text []byte
	ends := make([]uint32, len(x.order))
	for r, n := range x.order {
		text = s.appendNorms(text, n)
		ends[r] = uint32(len(text))
	}

	x.buildNames(text, ends)
	x.buildTokens(text, ends)
	clear(x.dirty)
	x.delta = keep(x.delta) // a bulk import's list is not kept
	clear(x.deltaNames)
	x.deltaNames = x.deltaNames[:0]
	x.built = true
}

// buildOrder sorts the live nodes by (name, id) into order, on the names'
// first 16 bytes as integers, then whole names, then ids.
func (s *Store) buildOrder() {
	x := &s.search
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
}

// buildNames sorts every name and alias (text[ends[r-1]:ends[r]] for rank
// r) by compact form into names, copied without spaces into a scratch
// arena so that a tie compares plain strings.
func (x *searchIndex) buildNames(text []byte, ends []uint32) {
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
			case graph.NameSep:
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
	cs := frozenString(c)
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
	var kp names.Preparer
	var keys []string    // a name's keys (names.Keys), in kp's buffers
	var repeats []uint64 // (first-seen id<<32 | rank) of repeated units
	occEnds := make([]uint32, len(ends))
	start := uint32(0)
	// see records that rank r has token w (copied when new if temp: a
	// key in kp's buffers).
	see := func(w string, r int, temp bool) uint32 {
		id, ok := ids[w]
		if !ok {
			if temp {
				w = strings.Clone(w)
			}
			id = uint32(len(words))
			ids[w] = id
			words = append(words, w)
			last = append(last, 0)
		}
		if last[id] != uint32(r)+1 {
			last[id] = uint32(r) + 1
			occ = append(occ, id)
		}
		return id
	}
	for r, end := range ends {
		rest := frozenString(text[start:end])
		start = end
		for rest != "" {
			seg, more, _ := strings.Cut(rest, string(rune(graph.NameSep)))
			rest = more
			for _, w := range strings.Fields(seg) {
				see(w, r, false)
			}
			keys = kp.AppendKeys(keys[:0], seg)
			for i, k := range keys {
				id := see(k, r, true)
				if slices.Contains(keys[:i], k) {
					repeats = append(repeats, uint64(id)<<32|uint64(r))
				}
			}
		}
		occEnds[r] = uint32(len(occ))
	}
	// Each word's unit key token (by first-seen id), none if not indexed.
	wordKey := make([]uint32, len(words))
	for id, w := range words {
		wordKey[id] = manyToks
		if k, ok := ids[names.UnitKey+names.Key(w)]; ok && !names.IsKey(w) {
			wordKey[id] = k
		}
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
	x.wordToks, x.wordKey = x.wordToks[:0], x.wordKey[:0]
	for i, id := range sorted {
		if k := wordKey[id]; k != manyToks {
			x.wordToks = append(x.wordToks, uint32(i))
			x.wordKey = append(x.wordKey, k) // a first-seen id: mapped below
		}
	}
	for i, k := range x.wordKey {
		x.wordKey[i] = pos[k]
	}
	x.tokText = make([]byte, 0, size)
	x.tokOff = make([]uint32, len(words)+1)
	x.sig = make([]uint64, len(words))
	x.byLen = x.byLen[:0]
	for i, id := range sorted {
		w := words[id]
		x.tokText = append(x.tokText, w...)
		x.tokOff[i+1] = uint32(len(x.tokText))
		if names.IsKey(w) {
			continue
		}
		l := utf8.RuneCountInString(w)
		for len(x.byLen) <= l {
			x.byLen = append(x.byLen, nil)
		}
		x.byLen[l] = append(x.byLen[l], uint32(i))
		x.sig[i] = graph.Letters(w)
	}
	words, sorted = nil, nil
	x.repeats = x.repeats[:0]
	for _, p := range repeats {
		x.repeats = append(x.repeats, uint64(pos[p>>32])<<32|p&(1<<32-1))
	}
	slices.Sort(x.repeats)
	x.repeats = slices.Compact(x.repeats)
	x.bySuffix = make([]uint32, 0, len(pos))
	for i := range pos {
		if !names.IsKey(x.token(uint32(i))) {
			x.bySuffix = append(x.bySuffix, uint32(i))
		}
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
