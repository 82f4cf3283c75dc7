package names

import (
	"math/bits"
	"slices"
	"strings"
	"unicode/utf8"
	"unsafe"
)

// Scores, one per rule, best first. A full match (every query word
// matched) scores at least FullFloor, by the weakest rule its words
// needed; a partial match (one query word of several matched nothing) at
// most PartialCeiling, by the share of query words matched and their
// weakest rule, so partial
// matches always rank below full ones. Each rule's score is one number so
// that a store's index can take the rules in turn and stop once it holds
// enough hits scoring more than the next rule can give.
const (
	Exact          = 1.0  // same letters once folded (case, diacritics, spacing, hyphens)
	Spelling       = 0.97 // same keys: another romanization, transliteration or word order
	Prefix         = 0.9  // the folded name, spaces dropped, starts with the query's
	WordExact      = 0.87 // every query word is a name word
	WordMatch      = 0.85 // ... or one of its spellings
	WordPrefix     = 0.8  // ... or starts one
	Typo           = 0.6  // ... or is within TypoBudget edits of one
	FullFloor      = Typo
	PartialCeiling = 0.5
)

// TypoBudget is how many edits a word of n letters may carry: two from 8
// letters, one from 4; a word of 2 or 3 letters one only inside a
// multi-word query (Kim Yong Bk), none alone, where one edit makes
// another name.
func TypoBudget(n int, multiWord bool) int {
	switch {
	case n >= 8:
		return 2
	case n >= 4:
		return 1
	case n >= 2 && multiWord:
		return 1
	}
	return 0
}

// PrefixMin is the fewest letters a query word needs to match as the
// start of a name word: three, two inside a multi-word query.
func PrefixMin(multiWord bool) int {
	if multiWord {
		return 2
	}
	return 3
}

// Match is how a query matched a name.
type Match struct {
	Score  float64
	Full   bool   // every query word matched
	Reason string // which words matched how
}

// Score compares a query with a name: 0 when nothing matches, otherwise a
// Match with the reason. Word order is free; words may be joined or split
// (Yongbok, Yong Bok); each query word (or two neighbours joined) matches
// a name word exactly, by spelling key, as a prefix (PrefixMin letters or
// more), or within TypoBudget edits (never a word with a digit: KN-23 is
// not KN-32); two name words joined match by exact word or key only.
func Score(query, name string) Match { return Prepare(query).Score(Prepare(name)) }

// maxWords is the most words a name is compared by; the rest are joined
// into the last.
const maxWords = 32

// Name is a name prepared for scoring: folded words, their keys, and the
// words and joined neighbour pairs (units) compared. Prepare a name once to
// score it many times.
type Name struct {
	words, keys []string
	sorted      []string // keys sorted
	units       []Unit
	joined      string // the words joined
	keyLen      int    // the keys' total length
}

// Prepare folds a name for Score.
func Prepare(s string) Name {
	p := Preparer{eager: true}
	return p.Prepare(s)
}

// A Preparer prepares names into buffers it reuses, so that a scan that
// scores many names against one query allocates nothing per name: the Name
// it returns is valid until its next Prepare. The keys of its joined
// neighbour pairs are left out, spelled out only when compared, so its
// Names are for scoring against (Name.Score, Name.Rate), not for their
// Units. The zero value is ready.
type Preparer struct {
	eager               bool // spell out the pairs' keys too (Prepare)
	words, keys, sorted []string
	units               []Unit
	arena               []byte // joined words and keys; never grown while a Name refers to it
	keyText             []byte // the index keys of AppendKeys
}

// Prepare is the package's Prepare, into p's buffers.
func (p *Preparer) Prepare(s string) Name {
	s = Fold(s)
	// Every string made below fits in 7 len(s) bytes: the last word
	// (words past maxWords joined), the words joined, their keys, the
	// neighbour pairs joined and their keys, each at most len(s) (a key
	// is at most its word, see appendKey), pairs 2 len(s).
	if need := 7*len(s) + 8; cap(p.arena) < need {
		p.arena = make([]byte, 0, need)
	}
	p.arena = p.arena[:0]
	ws := appendWords(p.words[:0], s)
	if len(ws) > maxWords {
		at := len(p.arena)
		for _, w := range ws[maxWords-1:] {
			p.arena = append(p.arena, w...)
		}
		ws = append(ws[:maxWords-1], p.str(at))
	}
	p.words = ws
	n := Name{words: ws}
	switch len(ws) {
	case 0:
		return n
	case 1:
		n.joined = ws[0]
	default:
		at := len(p.arena)
		for _, w := range ws {
			p.arena = append(p.arena, w...)
		}
		n.joined = p.str(at)
	}
	p.keys = p.keys[:0]
	for _, w := range ws {
		k := p.key(w)
		p.keys = append(p.keys, k)
		n.keyLen += len(k)
	}
	n.keys = p.keys
	p.sorted = append(p.sorted[:0], p.keys...)
	sortSmall(p.sorted)
	n.sorted = p.sorted
	p.units = p.units[:0]
	for i, w := range ws {
		p.units = append(p.units, Unit{First: i, N: 1, Word: w, Key: p.keys[i], digit: hasDigit(w), sig: letters(w), runes: utf8.RuneCountInString(w)})
		if i+1 < len(ws) {
			at := len(p.arena)
			p.arena = append(append(p.arena, w...), ws[i+1]...)
			j := p.str(at)
			u := Unit{First: i, N: 2, Word: j, digit: hasDigit(j), sig: letters(j), runes: utf8.RuneCountInString(j)}
			if p.eager {
				u.Key = p.key(j)
			} else {
				u.lazy = true
			}
			p.units = append(p.units, u)
		}
	}
	n.units = p.units
	return n
}

// appendWords appends the words of folded name s (slices of s).
func appendWords(ws []string, s string) []string {
	for i := 0; i < len(s); {
		if s[i] == ' ' {
			i++
			continue
		}
		j := i + 1
		for j < len(s) && s[j] != ' ' {
			j++
		}
		ws = append(ws, s[i:j])
		i = j
	}
	return ws
}

// sortSmall sorts a few strings (insertion sort: a name has a handful).
func sortSmall(s []string) {
	if len(s) > 8 {
		slices.Sort(s)
		return
	}
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && s[j] < s[j-1]; j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
}

// str is the arena from byte at on, as a string (valid while the arena's
// bytes from at on are not written, that is until the next Prepare).
func (p *Preparer) str(at int) string {
	b := p.arena[at:]
	return unsafe.String(unsafe.SliceData(b), len(b))
}

// key is Key(w), spelled out into the arena.
func (p *Preparer) key(w string) string {
	if k, ok := ownKey(w); ok {
		return k
	}
	at := len(p.arena)
	p.arena = appendKey(p.arena, w)
	return p.str(at)
}

// Empty reports whether the name has no words.
func (q Name) Empty() bool { return len(q.words) == 0 }

// Words are the name's folded words.
func (q Name) Words() []string { return q.words }

// Compact is the name's folded words joined.
func (q Name) Compact() string { return q.joined }

// Units are the name's words and its neighbour pairs joined, each with
// its key: what a query is matched by.
func (q Name) Units() []Unit { return q.units }

// WholeKeys are the index keys (see Keys) that a name of the same
// spelling (rule Spelling) shares with this one.
func (q Name) WholeKeys() []string {
	if len(q.words) == 0 {
		return nil
	}
	return []string{JoinedKey + strings.Join(q.keys, ""), SortedKey + strings.Join(q.sorted, "")}
}

// Score is the package's Score of the prepared query q against name n.
func (q Name) Score(n Name) Match { return q.score(n, true) }

// Rate is Score without the reason, for scans that explain only the
// matches they keep.
func (q Name) Rate(n Name) Match { return q.score(n, false) }

func (q Name) score(n Name, why bool) Match {
	if len(q.words) == 0 || len(n.words) == 0 {
		return Match{}
	}
	if q.joined == n.joined {
		return Match{Score: Exact, Full: true, Reason: "same name once folded"}
	}
	if q.keyLen == n.keyLen && (concatEqual(q.keys, n.keys) || concatEqual(q.sorted, n.sorted)) {
		m := Match{Score: Spelling, Full: true}
		if why {
			m.Reason = "same name in another spelling or order (" + strings.Join(q.words, " ") + " ~ " + strings.Join(n.words, " ") + ")"
		}
		return m
	}
	if strings.HasPrefix(n.joined, q.joined) {
		m := Match{Score: Prefix, Full: true}
		if why {
			m.Reason = "the name starts with " + q.joined
		}
		return m
	}
	return align(q, n, why)
}

// Best is the best Score of query against a name and its aliases; an
// alias match is worth AliasWeight of the same match on the name.
func Best(query, name string, aliases []string) Match {
	best := Score(query, name)
	for _, a := range aliases {
		m := Score(query, a)
		m.Score *= AliasWeight
		if m.Score > best.Score {
			m.Reason = "alias " + a + ": " + m.Reason
			best = m
		}
	}
	return best
}

// AliasWeight is how much an alias match counts against a name match.
const AliasWeight = 0.98

// concatEqual reports whether a and b joined are the same string, without
// joining them.
func concatEqual(a, b []string) bool {
	var x, y string
	i, j := 0, 0
	for {
		for x == "" && i < len(a) {
			x, i = a[i], i+1
		}
		for y == "" && j < len(b) {
			y, j = b[j], j+1
		}
		if x == "" || y == "" {
			return x == "" && y == ""
		}
		l := min(len(x), len(y))
		if x[:l] != y[:l] {
			return false
		}
		x, y = x[l:], y[l:]
	}
}

// Unit is a word, or two neighbouring words joined, of a name.
type Unit struct {
	First, N int // words First .. First+N-1
	Word     string
	Key      string
	digit    bool   // the word has a digit
	sig      uint64 // which letters (rune mod 64) the word has
	runes    int    // the word's length in letters
	lazy     bool   // Key is left out (see Preparer): sameKey spells it out
}

// mask is the set of words of a unit.
func (u Unit) mask() uint64 { return (uint64(1)<<u.N - 1) << u.First }

// A rule is how a query unit matches a name unit, best first: an index
// of unitRules.
type rule uint8

const (
	noRule rule = iota
	exactRule
	keyRule
	prefixRule
	typoRule
)

// unitRules are the rules' scores and names in reasons, by rule.
var unitRules = [...]struct {
	score float64
	how   string
}{{0, ""}, {WordExact, "="}, {WordMatch, "~"}, {WordPrefix, "prefix of"}, {Typo, "typo of"}}

// pair is a query unit (index in the query's units) matching a name unit
// (index in the name's units, words nFirst .. nFirst+nN-1) by a rule.
type pair struct {
	q, n       uint8
	nFirst, nN uint8
	rule       rule
}

// pairOrders counts pairs by pairOrder (then holds where each order
// starts).
type pairOrders [2*typoRule + 2]int

// align matches query words to name words greedily, best pairs first (a
// pair of more words first among equals), each word used once. A full
// match scores by its weakest pair's rule; a partial one (all query words
// but one matched) PartialCeiling times the share of query words matched,
// times its weakest rule over the best (WordExact).
func align(qn, nn Name, why bool) Match {
	multi := len(qn.words) > 1
	var buf [64]pair
	found := buf[:0]
	var count pairOrders
	for i := range qn.units {
		a := &qn.units[i]
		for j := range nn.units {
			b := &nn.units[j]
			if a.N == 2 && b.N == 2 {
				continue
			}
			if r := unitRule(a, b, multi); r != noRule {
				found = append(found, pair{uint8(i), uint8(j), uint8(b.First), uint8(b.N), r})
				count[pairOrder(r, a.N+b.N)+1]++
			}
		}
	}
	var sbuf [64]pair
	if why {
		return choose(qn, &nn, found, &count, sbuf[:0])
	}
	return choose(qn, nil, found, &count, sbuf[:0])
}

// choose orders the pairs found (by rule, then joined pairs, three or
// four words, before single words, then as found: a counting sort into
// sorted, count their pairOrders) and takes them greedily; with the name
// nn (its units those of the pairs), the match says why.
func choose(qn Name, nn *Name, found []pair, count *pairOrders, sorted []pair) Match {
	if len(found) == 0 {
		return Match{}
	}
	for i := 1; i < len(count); i++ {
		count[i] += count[i-1]
	}
	if len(found) > cap(sorted) {
		sorted = make([]pair, len(found))
	}
	sorted = sorted[:len(found)]
	for _, p := range found {
		k := pairOrder(p.rule, qn.units[p.q].N+int(p.nN))
		sorted[count[k]] = p
		count[k]++
	}
	var usedQ, usedN uint64
	weakest := 1.0
	matched := 0
	var chosen [maxWords]int8
	nc := 0
	for i, p := range sorted {
		a := &qn.units[p.q]
		bm := (uint64(1)<<p.nN - 1) << p.nFirst
		if usedQ&a.mask() != 0 || usedN&bm != 0 {
			continue
		}
		usedQ |= a.mask()
		usedN |= bm
		weakest = min(weakest, unitRules[p.rule].score)
		matched += a.N
		chosen[nc] = int8(i)
		nc++
	}
	q := qn.words
	if matched < len(q)-1 {
		return Match{}
	}
	var why string
	if nn != nil {
		why = alignReasons(qn, *nn, sorted, chosen[:nc], usedQ)
	}
	if matched < len(q) {
		return Match{Score: PartialCeiling * float64(matched) / float64(len(q)) * weakest / WordExact, Reason: why}
	}
	return Match{Score: weakest, Full: true, Reason: why}
}

// pairOrder is a pair's place in align's order (its rule, then its size:
// the words of both units).
func pairOrder(r rule, size int) int {
	k := 2 * int(r-1)
	if size == 2 {
		k++
	}
	return k
}

// alignReasons says which words matched how, and which went unmatched.
func alignReasons(qn, nn Name, pairs []pair, chosen []int8, usedQ uint64) string {
	var b strings.Builder
	for k, i := range chosen {
		if k > 0 {
			b.WriteString(", ")
		}
		p := pairs[i]
		b.WriteString(qn.units[p.q].Word + " " + unitRules[p.rule].how + " " + nn.units[p.n].Word)
	}
	for i, w := range qn.words {
		if usedQ&(1<<i) == 0 {
			b.WriteString(", " + w + " unmatched")
		}
	}
	return b.String()
}

// UnitScore is the rule by which query unit a matches name unit b (WordExact, WordMatch,
// WordPrefix or Typo; 0 for none), and its name. A joined pair of the
// name's words matches by exact word or key only.
func UnitScore(a, b *Unit, multi bool) (float64, string) {
	r := unitRules[unitRule(a, b, multi)]
	return r.score, r.how
}

func unitRule(a, b *Unit, multi bool) rule {
	switch {
	case a.Word == b.Word:
		return exactRule
	case sameKey(a, b):
		return keyRule
	case b.N > 1:
		return noRule
	case len(a.Word) >= PrefixMin(multi) && strings.HasPrefix(b.Word, a.Word):
		return prefixRule
	case !a.digit && !b.digit && near(a, b, TypoBudget(a.runes, multi)):
		return typoRule
	}
	return noRule
}

// sameKey reports whether units a and b have the same Key, spelling out
// a lazy unit's key on the stack.
func sameKey(a, b *Unit) bool {
	switch {
	case !a.lazy && !b.lazy:
		return a.Key == b.Key
	case a.lazy && b.lazy:
		return Key(a.Word) == Key(b.Word)
	case a.lazy:
		a, b = b, a
	}
	return keyIs(b.Word, a.Key)
}

// keyIs reports whether Key(w) is key, without allocating.
func keyIs(w, key string) bool {
	if k, ok := ownKey(w); ok {
		return k == key
	}
	// appendKey writes at most len(w) bytes, starting with w's first
	// letter's key letter.
	if len(key) > len(w) || key == "" || key[0] != firstKeyByte(w) {
		return false
	}
	var buf [64]byte
	if len(w) > len(buf) {
		return Key(w) == key
	}
	return string(appendKey(buf[:0], w)) == key
}

// near is WithinEdits(a.Word, b.Word, k), first ruling out words whose
// letter sets differ in more letters than k edits can change (2k).
func near(a, b *Unit, k int) bool {
	return k > 0 && bits.OnesCount64(a.sig^b.sig) <= 2*k && WithinEdits(a.Word, b.Word, k)
}

// letters is the set of w's letters, as bits rune mod 64.
func letters(w string) uint64 {
	var sig uint64
	for _, r := range w {
		sig |= 1 << (uint(r) & 63)
	}
	return sig
}

// WithinEdits reports whether a and b are at most k edits apart (optimal
// string alignment: insert, delete, substitute, swap neighbours).
func WithinEdits(a, b string, k int) bool {
	if k == 0 {
		return a == b
	}
	if isASCII(a) && isASCII(b) {
		if k == 1 {
			return oneEdit(a, b)
		}
		return editsWithin([]byte(a), []byte(b), k)
	}
	return editsWithin([]rune(a), []rune(b), k)
}

// oneEdit is WithinEdits(a, b, 1) for ASCII words: equal but for one
// substitution, insertion, deletion or swap of neighbours.
func oneEdit(a, b string) bool {
	if len(a) < len(b) {
		a, b = b, a
	}
	i := 0
	for i < len(b) && a[i] == b[i] {
		i++
	}
	switch len(a) - len(b) {
	case 0:
		if i == len(a) || a[i+1:] == b[i+1:] {
			return true
		}
		return i+1 < len(a) && a[i] == b[i+1] && a[i+1] == b[i] && a[i+2:] == b[i+2:]
	case 1:
		return a[i+1:] == b[i:]
	}
	return false
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// editsWithin is WithinEdits over bytes or runes, rows on the stack for
// words up to 32 letters, stopping once a row exceeds k.
func editsWithin[E byte | rune](ra, rb []E, k int) bool {
	if d := len(ra) - len(rb); d > k || -d > k {
		return false
	}
	var r0, r1, r2 [33]int
	rows := [3][]int{r0[:0], r1[:0], r2[:0]}
	for i := range rows {
		if len(rb) < 33 {
			rows[i] = rows[i][:len(rb)+1]
		} else {
			rows[i] = make([]int, len(rb)+1)
		}
	}
	for j := range rows[1] {
		rows[1][j] = j
	}
	for i := 1; i <= len(ra); i++ {
		pp, p, c := rows[0], rows[1], rows[2]
		c[0] = i
		rowMin := i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			c[j] = min(p[j]+1, c[j-1]+1, p[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				c[j] = min(c[j], pp[j-2]+1)
			}
			rowMin = min(rowMin, c[j])
		}
		if rowMin > k {
			return false
		}
		rows = [3][]int{p, c, pp}
	}
	return rows[1][len(rb)] <= k
}

// WordKeys are the spelling keys of the name's words, in order.
func (q Name) WordKeys() []string { return q.keys }
