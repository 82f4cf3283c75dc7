package memstore

import (
	"context"
	"fmt"
	"math/bits"
	"slices"
	"strings"
	"unicode/utf8"

	"linkchart/graph"
	"linkchart/graph/names"
)

// searchBuilt offers the heap the hits found in the built parts, rule by
// rule, best first; a rule is skipped when the heap already holds enough
// hits scoring more than it can give. Nodes written since the build are
// skipped (Search scores them from delta).
func (x *searchIndex) searchBuilt(ctx context.Context, t *topK, m *graph.Matcher) error {
	dirty := len(x.delta) > 0
	// Exact and prefix rules: two ranges of names; an entry's score is the
	// range's, times AliasWeight for an alias.
	lo := x.searchNames(t, 0, func(seg string) bool { return graph.CompareCompact(seg, m.Compact()) >= 0 })
	ex := x.searchNames(t, lo, func(seg string) bool { return graph.CompareCompact(seg, m.Compact()) > 0 })
	hi := x.searchNames(t, ex, func(seg string) bool { return !graph.HasCompactPrefix(seg, m.Compact()) })
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
	// Spelling rule: the name's whole keys are the query's.
	for _, k := range m.WholeKeys() {
		if tok, ok := x.exactToken(k); ok {
			x.scan(t, graph.ScoreSpelling, []wordCands{{[]uint32{tok}, x.postSize(tok)}}, m)
		}
	}
	// Word rules, weakest last: every query word (or two joined) is a
	// name word or has its key; or starts a name word; or is within its
	// typo budget of one. A word's candidates are those of the units (the
	// word alone, or joined with a neighbour) that hold it.
	units := m.Units()
	multi := len(m.Words()) > 1
	cands := make([]wordCands, len(m.Words()))
	// Each unit's tokens by rule, looked up once: its key's, the words
	// it starts, the words within its typo budget (looked up for the
	// typo rule).
	type unitToks struct {
		key          uint32
		hasKey       bool
		preLo, preHi int
		near         wordCands
	}
	uts := make([]unitToks, len(units))
	for j, u := range units {
		ut := &uts[j]
		ut.key, ut.hasKey = x.exactToken(names.UnitKey + u.Key)
		if len(u.Word) >= names.PrefixMin(multi) {
			ut.preLo, ut.preHi = x.prefixRange(u.Word)
		}
	}
	for _, rule := range []float64{graph.ScoreWords, graph.ScoreWordPrefix, graph.ScoreTypo} {
		bound := rule // the most a hit of the rule scores
		if rule == graph.ScoreWords {
			bound = graph.ScoreWordExact
		}
		if t.enough(bound) {
			return nil
		}
		if rule == graph.ScoreTypo {
			for j, u := range units {
				x.nearTokens(u.Word, multi, &uts[j].near)
			}
		}
		for i := range cands {
			c := &cands[i]
			c.toks, c.total = c.toks[:0], 0
			for j, u := range units {
				if i < u.First || i >= u.First+u.N {
					continue
				}
				ut := &uts[j]
				if ut.hasKey {
					c.add(x, ut.key)
				}
				if rule <= graph.ScoreWordPrefix {
					for tok := ut.preLo; tok < ut.preHi; tok++ {
						c.add(x, uint32(tok))
					}
				}
				if rule == graph.ScoreTypo {
					c.toks = append(c.toks, ut.near.toks...)
				}
			}
			c.dedupe(x)
		}
		x.scan(t, bound, slices.Clone(cands), m)
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("search: %w", err)
		}
	}
	// Partial rule, when nothing matched fully: every query word but one
	// matched, so the candidates of all words but one in turn.
	if n := len(cands); n > 1 && !t.anyFull() {
		best := graph.ScorePartial * float64(n-1) / float64(n)
		for i := range cands {
			if t.enough(best) {
				return nil
			}
			x.scan(t, best, slices.Concat(cands[:i], cands[i+1:]), m)
		}
	}
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
			return f(tempString(t.buf)) // f compares it before the next entry
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

// exactToken finds token w.
func (x *searchIndex) exactToken(w string) (uint32, bool) {
	if l, h := x.prefixRange(w); l < h && x.token(uint32(l)) == w {
		return uint32(l), true
	}
	return 0, false
}

// nearTokens adds to c the word tokens within w's typo budget (none for a
// word with a digit, which matches only itself).
func (x *searchIndex) nearTokens(w string, multi bool, c *wordCands) {
	n := utf8.RuneCountInString(w)
	near := func(tok uint32) { c.add(x, tok) }
	k := names.TypoBudget(n, multi)
	if strings.ContainsAny(w, "0123456789") {
		k = 0
	}
	switch {
	case k == 0:
		if tok, ok := x.exactToken(w); ok {
			near(tok)
		}
	case k == 1 && n > 3:
		// One edit leaves w's first a letters or its last b letters in
		// place (a transposition moves two neighbours, so a+b < n), so
		// the tokens are among those starting with the one or ending with
		// the other: two ranges of the sorted tokens, forwards and
		// backwards.
		a := (n - 1) / 2
		pre, suf := w[:runeOffset(w, a)], w[runeOffset(w, a+1):]
		l, h := x.prefixRange(pre)
		for tok := uint32(l); tok < uint32(h); tok++ {
			if names.WithinEdits(w, x.token(tok), 1) {
				near(tok)
			}
		}
		l, h = x.suffixRange(suf)
		for _, tok := range x.bySuffix[l:h] {
			t := x.token(tok)
			if !strings.HasPrefix(t, pre) && names.WithinEdits(w, t, 1) {
				near(tok)
			}
		}
	default:
		// An edit adds or removes at most two letters, so a word whose
		// letter set differs from w's in more than 2k letters is too far
		// (short words too: a prefix of one letter would be no filter).
		ws := graph.Letters(w)
		for l := max(n-k, 0); l <= n+k && l < len(x.byLen); l++ {
			for _, tok := range x.byLen[l] {
				if bits.OnesCount64(ws^x.sig[tok]) <= 2*k && names.WithinEdits(w, x.token(tok), k) {
					near(tok)
				}
			}
		}
	}
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

func (c *wordCands) add(x *searchIndex, tok uint32) {
	c.toks = append(c.toks, tok)
	c.total += x.postSize(tok)
}

// dedupe drops repeated tokens (a word met by two rules or two units).
func (c *wordCands) dedupe(x *searchIndex) {
	slices.Sort(c.toks)
	c.toks = slices.Compact(c.toks)
	c.total = 0
	for _, tok := range c.toks {
		c.total += x.postSize(tok)
	}
}

// scan offers the heap the nodes that may score up to score by one rule,
// given the tokens each query word may match under that rule. It walks the
// postings of the word with the fewest (the driver). When those are many,
// the postings of the other words (those not too many, fewest first) are
// marked first, in scratch set `set` and a count per rank in val2, and
// only the driver's ranks marked by every one of them are scored. Each
// posting list is walked in rank order and left once its next node could
// not enter the heap. A node is scored once per search: its score is the
// same by any rule, and a node that could not enter the heap then cannot
// later, the heap's worst hit only getting better.
func (x *searchIndex) scan(t *topK, score float64, words []wordCands, m *graph.Matcher) {
	if len(words) == 0 {
		return
	}
	const set, scored = 1, 2 // scratch sets by rank: marked, scored
	sc := t.sc
	base := t.marks // counts of earlier scans are below base+1
	t.marks += uint32(len(words)) + 1
	slices.SortFunc(words, func(a, b wordCands) int { return a.total - b.total })
	driver := words[0]
	marks := uint32(0) // how many words marked
	if driver.total > intersectMin {
		for _, w := range words[1:] {
			if w.total > filterCost*driver.total {
				break
			}
			for _, tok := range w.toks {
				sc.ranks = x.postings(sc.ranks[:0], tok)
				for _, r := range sc.ranks {
					switch {
					case marks == 0:
						sc.put(set, r)
						sc.val2[r] = base + 1
					case sc.in(set, r) && sc.val2[r] == base+marks:
						sc.val2[r] = base + marks + 1
					}
				}
			}
			marks++
		}
	}
	dirty := len(x.delta) > 0
	for _, tok := range driver.toks {
		sc.ranks = x.postings(sc.ranks[:0], tok)
		for _, r := range sc.ranks {
			if marks > 0 && (!sc.in(set, r) || sc.val2[r] != base+marks) {
				continue
			}
			if t.full() && !t.beats(score, r) {
				break
			}
			if sc.in(scored, r) { // by an earlier rule or token: no better now
				continue
			}
			sc.put(scored, r)
			n := x.order[r]
			if dirty && x.isDirty(n) || !t.admits(n) {
				continue
			}
			if got := m.Score(t.norms(n)); got > 0 {
				t.push(hit{got, r, n})
			}
		}
	}
}
