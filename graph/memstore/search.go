package memstore

import (
	"context"
	"fmt"
	"math/bits"
	"slices"
	"sort"
	"strings"

	"linkchart/graph"
)

// searchIndex finds the candidates of a query without looking at every
// node; each candidate is then scored exactly as graph.Score scores it (on
// normalized forms kept per node) and ranked.
//
//   - norm[n]: node n's normalized name and aliases, joined by "\x00".
//   - compact: (node, name-or-alias) pairs sorted by the compact form
//     (normalized, spaces dropped), for the exact and prefix rules.
//   - tokens: the distinct words of every name and alias, sorted, each with
//     the nodes that have it (postings), for the word-prefix rule; byLen
//     groups them by length for the typo rule, which compares a query word
//     only with words whose length is within its typo budget.
//
// The sorted parts are rebuilt in bulk; nodes written since the last build
// sit in delta and are scored one by one until the next build.
type searchIndex struct {
	norm    []string
	compact []nameRef
	tokens  []string
	posting [][]uint32
	cumPost []int // cumPost[i] = total postings of tokens[:i]
	byLen   [][]uint32
	sig     []uint64 // per token: which letters (rune mod 64) it has
	delta   []uint32
	built   bool
}

type nameRef struct {
	node  uint32
	alias uint32 // 0 the name, i the (i-1)th alias
}

func joinNorms(name string, aliases []string) string {
	var b strings.Builder
	b.WriteString(normalize(name))
	for _, a := range aliases {
		b.WriteByte(0)
		b.WriteString(normalize(a))
	}
	return b.String()
}

// add records that node n was written.
func (x *searchIndex) add(n uint32, name string, aliases []string) {
	for int(n) >= len(x.norm) {
		x.norm = append(x.norm, "")
	}
	x.norm[n] = joinNorms(name, aliases)
	x.delta = append(x.delta, n)
}

// remove records that node n is gone.
func (x *searchIndex) remove(n uint32) {
	if int(n) < len(x.norm) {
		x.norm[n] = ""
	}
}

// maxDelta bounds the nodes scored one by one on every search (about a
// millisecond's worth); past it the sorted parts are rebuilt (about 1.5 s at
// a million nodes, so some 0.7 ms per node write amortized).
const maxDelta = 2048

// update rebuilds the sorted parts when delta has grown large.
func (x *searchIndex) update() {
	if len(x.delta) > maxDelta {
		x.rebuild()
	}
}

// segment returns the i-th part of a "\x00"-joined string.
func segment(norms string, i uint32) string {
	for ; i > 0; i-- {
		k := strings.IndexByte(norms, 0)
		if k < 0 {
			return ""
		}
		norms = norms[k+1:]
	}
	if k := strings.IndexByte(norms, 0); k >= 0 {
		return norms[:k]
	}
	return norms
}

// compactKey is the first eight bytes of s's compact form (spaces left
// out) as a big-endian integer, zero padded.
func compactKey(s string) uint64 {
	var k uint64
	n := 0
	for i := 0; i < len(s) && n < 8; i++ {
		if s[i] != ' ' {
			k = k<<8 | uint64(s[i])
			n++
		}
	}
	return k << (8 * (8 - n))
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

func (x *searchIndex) rebuild() {
	x.compact = x.compact[:0]
	post := map[string][]uint32{}
	for n, norms := range x.norm {
		if norms == "" {
			continue
		}
		var alias uint32
		rest := norms
		for {
			seg := rest
			k := strings.IndexByte(rest, 0)
			if k >= 0 {
				seg = rest[:k]
			}
			if seg != "" {
				x.compact = append(x.compact, nameRef{node: uint32(n), alias: alias})
				for _, t := range strings.Fields(seg) {
					p := post[t]
					if len(p) == 0 || p[len(p)-1] != uint32(n) {
						post[t] = append(p, uint32(n))
					}
				}
			}
			if k < 0 {
				break
			}
			rest = rest[k+1:]
			alias++
		}
	}
	// Sorted by the compact forms' first eight bytes as an integer (zero
	// padded: no form holds a zero byte), whole forms compared on a tie.
	type keyedRef struct {
		key uint64
		ref nameRef
	}
	ks := make([]keyedRef, len(x.compact))
	for i, r := range x.compact {
		ks[i] = keyedRef{compactKey(segment(x.norm[r.node], r.alias)), r}
	}
	slices.SortFunc(ks, func(a, b keyedRef) int {
		switch {
		case a.key < b.key:
			return -1
		case a.key > b.key:
			return 1
		}
		return compareCompact(segment(x.norm[a.ref.node], a.ref.alias), segment(x.norm[b.ref.node], b.ref.alias))
	})
	for i := range ks {
		x.compact[i] = ks[i].ref
	}
	x.tokens = x.tokens[:0]
	for t := range post {
		x.tokens = append(x.tokens, t)
	}
	sort.Strings(x.tokens)
	x.posting = make([][]uint32, len(x.tokens))
	x.cumPost = make([]int, len(x.tokens)+1)
	x.byLen = nil
	x.sig = make([]uint64, len(x.tokens))
	for i, t := range x.tokens {
		x.posting[i] = slices.Clip(post[t])
		x.cumPost[i+1] = x.cumPost[i] + len(x.posting[i])
		l := len([]rune(t))
		for len(x.byLen) <= l {
			x.byLen = append(x.byLen, nil)
		}
		x.byLen[l] = append(x.byLen[l], uint32(i))
		x.sig[i] = letters(t)
	}
	x.delta = nil
	x.built = true
}

// Search finds nodes by name or alias, ranked as graph.Score ranks them.
func (s *Store) Search(ctx context.Context, q graph.SearchQuery) ([]graph.Hit, error) {
	if err := s.rlock("search"); err != nil {
		return nil, err
	}
	defer s.mu.RUnlock()
	qn := normalize(q.Text)
	if qn == "" {
		return []graph.Hit{}, nil
	}
	limit := q.Limit
	if limit <= 0 {
		limit = graph.DefaultHits
	}
	kinds := kindMask(q.Kinds)
	lvl := level(q.Clearance)
	m := newQueryMatcher(qn)

	sc := s.getScratch()
	defer s.putScratch(sc)
	type scored struct {
		n     uint32
		score float64
		name  string
	}
	var hits []scored
	var above [2]int // hits scoring more than ScoreTokenPrefix, ScoreTypo
	consider := func(n uint32) {
		if sc.seen(n) {
			return
		}
		if !s.nodeVisible(n, lvl) || (kinds != 0 && kinds&(1<<s.nodeKind(n)) == 0) {
			return
		}
		if sc := m.score(s.search.norm[n]); sc > 0 {
			hits = append(hits, scored{n, sc, s.nodes[n].name()})
			if sc > graph.ScoreTokenPrefix {
				above[0]++
			}
			if sc > graph.ScoreTypo {
				above[1]++
			}
		}
	}
	enough := func(min float64) bool {
		if min == graph.ScoreTokenPrefix {
			return above[0] >= limit
		}
		return above[1] >= limit
	}
	x := &s.search
	for _, n := range x.delta {
		consider(n)
	}
	if x.built {
		if err := s.searchIndexed(ctx, sc, x, m, consider, enough); err != nil {
			return nil, err
		}
	}

	slices.SortFunc(hits, func(a, b scored) int {
		if a.score != b.score {
			if a.score > b.score {
				return -1
			}
			return 1
		}
		if c := strings.Compare(a.name, b.name); c != 0 {
			return c
		}
		return strings.Compare(s.nodes[a.n].id(), s.nodes[b.n].id())
	})
	if len(hits) > limit {
		hits = hits[:limit]
	}
	out := make([]graph.Hit, len(hits))
	aliases := make([]string, 0, len(hits)+8)
	for i, h := range hits {
		s.nodeOut(&out[i].Node, h.n, &aliases)
		out[i].Score = h.score
	}
	return out, nil
}

// prefixRange is the range of tokens starting with w.
func (x *searchIndex) prefixRange(w string) (int, int) {
	lo := sort.SearchStrings(x.tokens, w)
	hi := lo
	for hi < len(x.tokens) && strings.HasPrefix(x.tokens[hi], w) {
		hi++
	}
	return lo, hi
}

// nearTokens lists the tokens within w's typo budget and their total
// postings; it gives up (nil, -1) once the total passes stop (when stop ≥ 0).
func (x *searchIndex) nearTokens(w string, stop int) ([]uint32, int) {
	n := len([]rune(w))
	k := graph.TypoBudget(n)
	var out []uint32
	total := 0
	if k == 0 {
		i := sort.SearchStrings(x.tokens, w)
		if i < len(x.tokens) && x.tokens[i] == w {
			return []uint32{uint32(i)}, len(x.posting[i])
		}
		return nil, 0
	}
	// An edit adds or removes at most two letters, so a word whose letter
	// set differs from w's in more than 2k letters is too far.
	ws := letters(w)
	for l := max(n-k, 0); l <= n+k && l < len(x.byLen); l++ {
		for _, t := range x.byLen[l] {
			if bits.OnesCount64(ws^x.sig[t]) <= 2*k && graph.WithinEdits(w, x.tokens[t], k) {
				out = append(out, t)
				total += len(x.posting[t])
				if stop >= 0 && total > stop {
					return nil, -1
				}
			}
		}
	}
	return out, total
}

// letters is the set of w's letters, as bits rune mod 64.
func letters(w string) uint64 {
	var sig uint64
	for _, r := range w {
		sig |= 1 << (uint(r) & 63)
	}
	return sig
}

// queryMatcher is graph.Score's matchScore on pre-normalized names.
type queryMatcher struct {
	q, qc  string
	words  []string
	budget []int
}

func newQueryMatcher(qn string) *queryMatcher {
	m := &queryMatcher{q: qn, qc: graph.Compact(qn), words: graph.Tokens(qn)}
	for _, w := range m.words {
		m.budget = append(m.budget, graph.TypoBudget(len([]rune(w))))
	}
	return m
}

// score is graph.Score(query, name, aliases) given the node's joined
// normalized forms.
func (m *queryMatcher) score(norms string) float64 {
	if norms == "" {
		return 0
	}
	best := 0.0
	first := true
	for {
		seg := norms
		k := strings.IndexByte(norms, 0)
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
	if m.every(name, func(i int, t string) bool { return graph.WithinEdits(m.words[i], t, m.budget[i]) }) {
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

// searchIndexed feeds consider the candidates found in the sorted index.
//
// The rules' scores are tiered, and a node matching a higher rule is always
// found by that rule's candidates, so a rule is skipped when enough hits
// already score above everything it could add (enough(min) reports
// whether there are limit hits scoring more than min).
func (s *Store) searchIndexed(ctx context.Context, sc *scratch, x *searchIndex, m *queryMatcher, consider func(uint32), enough func(min float64) bool) error {
	// Exact and prefix rules: a range of the compact array.
	lo := sort.Search(len(x.compact), func(i int) bool {
		r := x.compact[i]
		return compareCompact(segment(x.norm[r.node], r.alias), m.qc) >= 0
	})
	for i := lo; i < len(x.compact); i++ {
		r := x.compact[i]
		if !hasCompactPrefix(segment(x.norm[r.node], r.alias), m.qc) {
			break
		}
		consider(r.node)
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("search: %w", err)
	}
	if enough(graph.ScoreTokenPrefix) {
		return nil
	}
	// Word-prefix rule: every query word starts a word of the name. The
	// candidates are the postings of the query word with the fewest, kept
	// only when also in those of the next fewest.
	var cands []wordCands
	for _, w := range m.words {
		l, h := x.prefixRange(w)
		c := wordCands{total: x.cumPost[h] - x.cumPost[l]}
		for t := l; t < h; t++ {
			c.toks = append(c.toks, uint32(t))
		}
		cands = append(cands, c)
	}
	x.intersect(sc, 1, cands, consider)
	if enough(graph.ScoreTypo) {
		return nil
	}
	// Typo rule: every query word is a word of the name or within its typo
	// budget of one; candidates as above.
	cands = cands[:0]
	for _, w := range m.words {
		toks, total := x.nearTokens(w, -1)
		cands = append(cands, wordCands{toks, total})
	}
	x.intersect(sc, 2, cands, consider)
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("search: %w", err)
	}

	return nil
}

// intersectMin is the driver size from which intersect filters (a variable
// so that tests can take the filtering path on small graphs).
var intersectMin = 256

// wordCands are the tokens one query word may match, and their postings'
// total length.
type wordCands struct {
	toks  []uint32
	total int
}

// intersect considers the nodes of the word with the fewest candidates;
// when those are many and there is another word, only the ones that are
// also candidates of the next fewest (marked in scratch set `set`).
func (x *searchIndex) intersect(sc *scratch, set int, words []wordCands, consider func(uint32)) {
	if len(words) == 0 {
		return
	}
	slices.SortFunc(words, func(a, b wordCands) int { return a.total - b.total })
	driver := words[0]
	if len(words) == 1 || driver.total <= intersectMin {
		for _, t := range driver.toks {
			for _, n := range x.posting[t] {
				consider(n)
			}
		}
		return
	}
	for _, t := range words[1].toks {
		for _, n := range x.posting[t] {
			sc.put(set, n)
		}
	}
	for _, t := range driver.toks {
		for _, n := range x.posting[t] {
			if sc.in(set, n) {
				consider(n)
			}
		}
	}
}
