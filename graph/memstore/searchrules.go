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
			x.scan(t, graph.ScoreSpelling, []wordCands{{toks: []uint32{tok}, total: x.postSize(tok)}}, m)
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
			c.toks, c.total, c.word, c.pair = c.toks[:0], 0, i, c.pair[:0]
			for j, u := range units {
				if i < u.First || i >= u.First+u.N {
					continue
				}
				at := len(c.toks)
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
				if u.N == 2 && u.First == i {
					c.pair = append(c.pair, c.toks[at:]...)
				}
			}
			c.dedupe(x)
			slices.Sort(c.pair)
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
	word  int      // the query word's index
	pair  []uint32 // the tokens of the word joined with the next, sorted
	units []uint32 // per token, its unit key token (see unitKeys)
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
	// Of a full rule's scan where two words may match the same unit, the
	// first maxSole marked words keep per rank the one unit key their
	// tokens reached it by (see sharedSole).
	track := 0
	if score >= graph.ScoreTypo && driver.total > intersectMin && len(words) > 1 {
		track = x.unitKeys(words[:min(len(words), maxSole+1)])
		driver = words[0]
	}
	if driver.total > intersectMin {
		for k, w := range words[1:] {
			if w.total > filterCost*driver.total {
				break
			}
			var sole []uint32
			if k < track {
				sole = sc.soleBuf(k, len(x.order))
			}
			for ti, tok := range w.toks {
				unit := manyToks
				if sole != nil {
					unit = w.units[ti]
				}
				sc.ranks = x.postings(sc.ranks[:0], tok)
				for _, r := range sc.ranks {
					switch {
					case marks == 0 && sole != nil && sc.in(set, r) && sc.val2[r] == base+1:
						if sole[r] != unit { // an earlier token of this word reached it
							sole[r] = manyToks
						}
					case marks == 0:
						sc.put(set, r)
						sc.val2[r] = base + 1
						if sole != nil {
							sole[r] = unit
						}
					case sc.in(set, r) && sc.val2[r] == base+marks:
						sc.val2[r] = base + marks + 1
						if sole != nil {
							sole[r] = unit
						}
					case sole != nil && sc.in(set, r) && sc.val2[r] == base+marks+1:
						if sole[r] != unit {
							sole[r] = manyToks
						}
					}
				}
			}
			marks++
		}
	}
	track = min(track, int(marks))
	dirty := len(x.delta) > 0
	for ti, tok := range driver.toks {
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
			if track > 0 && x.sharedSole(sc, words[:track+1], driver.units[ti], r) {
				continue // left unscored: it may match by a later rule
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

// maxSole is the most marked words whose unit keys a scan keeps.
const maxSole = 3

// manyToks is the unit key of a rank that tokens of several reached.
const manyToks = ^uint32(0)

// unitKeys sets the units of the words (the unit key token of each of
// their tokens: a key its own, a word its key's, manyToks if none) and
// of their pairs, and is how many words after the first to track: none
// unless two share unit keys (not of their joined pair, by which
// sharedSole skips nothing) whose nodes are worth the tracking, that is
// whose postings are at least 1/filterCost of the other words'.
func (x *searchIndex) unitKeys(words []wordCands) int {
	for i := range words {
		w := &words[i]
		w.units = make([]uint32, len(w.toks))
		for j, tok := range w.toks {
			w.units[j] = x.unitKey(tok)
		}
		pair := make([]uint32, len(w.pair))
		for j, tok := range w.pair {
			pair[j] = x.unitKey(tok)
		}
		w.pair = pair
	}
	// Each word's distinct unit keys, sorted, then those two share.
	sets := make([][]uint32, len(words))
	for i, w := range words {
		sets[i] = slices.Compact(slices.Sorted(slices.Values(w.units)))
	}
	var shared []uint32
	for a := range sets {
		for b := a + 1; b < len(sets); b++ {
			var pair []uint32
			switch words[b].word - words[a].word {
			case 1:
				pair = words[a].pair
			case -1:
				pair = words[b].pair
			}
			for i, j := 0, 0; i < len(sets[a]) && j < len(sets[b]); {
				switch u, v := sets[a][i], sets[b][j]; {
				case u < v:
					i++
				case u > v:
					j++
				default:
					if u != manyToks && !slices.Contains(pair, u) {
						shared = append(shared, u)
					}
					i++
				}
			}
		}
	}
	size, marked := 0, 0
	for _, u := range slices.Compact(slices.Sorted(slices.Values(shared))) {
		size += x.postSize(u)
	}
	for _, w := range words[1:] {
		marked += w.total
	}
	if size == 0 || filterCost*size < marked {
		return 0
	}
	return len(words) - 1
}

// unitKey is token tok's unit key token: tok for a key, the word's unit
// key for a word, manyToks when that is not a token.
func (x *searchIndex) unitKey(tok uint32) uint32 {
	if names.IsKey(x.token(tok)) {
		return tok
	}
	if i, ok := slices.BinarySearch(x.wordToks, tok); ok {
		return x.wordKey[i]
	}
	return manyToks
}

// sharedSole reports whether rank r, reached by the driver words[0]
// through tokens of unit key unit and by each other word through tokens
// of one unit key (or several), cannot match fully by the scan's rule:
// two query words reached it by tokens of only one and the same unit key,
// which at most one unit (a word or two joined) of each name of r has
// (not in repeats), and none of the two words joined. A full match pairs
// each query word (alone or joined with a neighbour) with its own unit
// of one name, by a token of that unit (the unit's word or its key) in
// the word's candidates; both words would need that one unit. The
// driver's other tokens reaching r are tried in turn: r is skipped only
// if each of its units collides.
func (x *searchIndex) sharedSole(sc *scratch, words []wordCands, unit, r uint32) bool {
	var sole [maxSole + 1]uint32
	sole[0] = unit
	for k := 1; k < len(words); k++ {
		sole[k] = sc.sole[k-1][r]
	}
	for a := range words {
		if sole[a] == manyToks {
			continue
		}
		for b := a + 1; b < len(words); b++ {
			if sole[b] != sole[a] {
				continue
			}
			i, j := words[a], words[b]
			if i.word > j.word {
				i, j = j, i
			}
			if j.word == i.word+1 && slices.Contains(i.pair, sole[a]) {
				continue
			}
			if _, rep := slices.BinarySearch(x.repeats, uint64(sole[a])<<32|uint64(r)); rep {
				continue
			}
			return true
		}
	}
	return false
}
