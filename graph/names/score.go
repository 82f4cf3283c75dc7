package names

import (
	"math/bits"
	"slices"
	"strings"
	"unicode/utf8"
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
	units       []Unit
	joined      string // the words joined
	keyLen      int    // the keys' total length
}

// Prepare folds a name for Score.
func Prepare(s string) Name {
	ws := Words(s)
	if len(ws) > maxWords {
		ws = append(ws[:maxWords-1], strings.Join(ws[maxWords-1:], ""))
	}
	n := Name{words: ws, keys: keysOf(ws), joined: strings.Join(ws, "")}
	n.units = units(n.words, n.keys)
	for _, k := range n.keys {
		n.keyLen += len(k)
	}
	return n
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
	return []string{JoinedKey + strings.Join(q.keys, ""), SortedKey + sortedJoin(q.keys)}
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
	if q.keyLen == n.keyLen && (strings.Join(q.keys, "") == strings.Join(n.keys, "") || sortedJoin(q.keys) == sortedJoin(n.keys)) {
		m := Match{Score: Spelling, Full: true}
		if why {
			m.Reason = "same name in another spelling or order (" + strings.Join(q.words, " ") + " ~ " + strings.Join(n.words, " ") + ")"
		}
		return m
	}
	if strings.HasPrefix(n.joined, q.joined) {
		return Match{Score: Prefix, Full: true, Reason: "the name starts with " + q.joined}
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

func keysOf(ws []string) []string {
	out := make([]string, len(ws))
	for i, w := range ws {
		out[i] = Key(w)
	}
	return out
}

func sortedJoin(ks []string) string {
	c := slices.Clone(ks)
	slices.Sort(c)
	return strings.Join(c, "")
}

// Unit is a word, or two neighbouring words joined, of a name.
type Unit struct {
	First, N int // words First .. First+N-1
	Word     string
	Key      string
	digit    bool   // the word has a digit
	sig      uint64 // which letters (rune mod 64) the word has
}

// mask is the set of words of a unit.
func (u Unit) mask() uint64 { return (uint64(1)<<u.N - 1) << u.First }

func units(ws, ks []string) []Unit {
	out := make([]Unit, 0, 2*len(ws))
	for i := range ws {
		out = append(out, Unit{i, 1, ws[i], ks[i], strings.ContainsAny(ws[i], "0123456789"), letters(ws[i])})
		if i+1 < len(ws) {
			j := ws[i] + ws[i+1]
			out = append(out, Unit{i, 2, j, Key(j), strings.ContainsAny(j, "0123456789"), letters(j)})
		}
	}
	return out
}

type pair struct {
	q, n  *Unit
	score float64
	how   string
}

// align matches query words to name words greedily, best pairs first, each
// word used once. A full match scores by its weakest pair's rule; a partial
// one (all query words but one matched) PartialCeiling times the share of
// query words matched, times its weakest rule over the best (WordExact).
func align(qn, nn Name, why bool) Match {
	q := qn.words
	multi := len(q) > 1
	var buf [40]pair
	pairs := buf[:0]
	for i := range qn.units {
		a := &qn.units[i]
		for j := range nn.units {
			b := &nn.units[j]
			if a.N == 2 && b.N == 2 {
				continue
			}
			if s, how := UnitScore(a, b, multi); s > 0 {
				pairs = append(pairs, pair{a, b, s, how})
			}
		}
	}
	if len(pairs) == 0 {
		return Match{}
	}
	slices.SortStableFunc(pairs, func(x, y pair) int {
		if x.score != y.score {
			if x.score > y.score {
				return -1
			}
			return 1
		}
		return (y.q.N + y.n.N) - (x.q.N + x.n.N)
	})
	var usedQ, usedN uint64
	weakest := 1.0
	matched := 0
	var chosen [maxWords]int8
	nc := 0
	for i, p := range pairs {
		if usedQ&p.q.mask() != 0 || usedN&p.n.mask() != 0 {
			continue
		}
		usedQ |= p.q.mask()
		usedN |= p.n.mask()
		weakest = min(weakest, p.score)
		matched += p.q.N
		chosen[nc] = int8(i)
		nc++
	}
	var reasons strings.Builder
	for k, i := range chosen[:nc*boolInt(why)] {
		if k > 0 {
			reasons.WriteString(", ")
		}
		p := pairs[i]
		reasons.WriteString(p.q.Word + " " + p.how + " " + p.n.Word)
	}
	for i := range q {
		if why && usedQ&(1<<i) == 0 {
			reasons.WriteString(", " + q[i] + " unmatched")
		}
	}
	if matched < len(q)-1 {
		return Match{}
	}
	if matched < len(q) {
		return Match{Score: PartialCeiling * float64(matched) / float64(len(q)) * weakest / WordExact, Reason: reasons.String()}
	}
	return Match{Score: weakest, Full: true, Reason: reasons.String()}
}

// UnitScore is the rule by which query unit a matches name unit b (WordExact, WordMatch,
// WordPrefix or Typo; 0 for none), and its name. A joined pair of the
// name's words matches by exact word or key only.
func UnitScore(a, b *Unit, multi bool) (float64, string) {
	switch {
	case a.Word == b.Word:
		return WordExact, "="
	case a.Key == b.Key:
		return WordMatch, "~"
	case b.N > 1:
		return 0, ""
	case len(a.Word) >= PrefixMin(multi) && strings.HasPrefix(b.Word, a.Word):
		return WordPrefix, "prefix of"
	case !a.digit && !b.digit && near(a, b, TypoBudget(utf8.RuneCountInString(a.Word), multi)):
		return Typo, "typo of"
	}
	return 0, ""
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
		return editsWithin([]byte(a), []byte(b), k)
	}
	return editsWithin([]rune(a), []rune(b), k)
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

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
