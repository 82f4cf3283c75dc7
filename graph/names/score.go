package names

import (
	"math/bits"
	"slices"
	"strings"
)

// Scores. A full match (every query word matched) scores at least
// FullFloor; a partial match (some query word matched nothing) at most
// PartialCeiling, so partial matches always rank below full ones.
const (
	Exact          = 1.0  // same letters once folded (case, diacritics, spacing, hyphens)
	Spelling       = 0.97 // same keys: another romanization or transliteration
	FullFloor      = 0.55
	PartialCeiling = 0.5
)

// Word match strengths, best first.
const (
	wordExact    = 1.0
	wordSpelling = 0.95
	wordPrefix   = 0.85
	wordTypo     = 0.75
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

// Match is how a query matched a name.
type Match struct {
	Score  float64
	Full   bool   // every query word matched
	Reason string // which words matched how
}

// Score compares a query with a name: 0 when nothing matches, otherwise a
// Match with the reason. Word order is free; words may be joined or split
// (Yongbok, Yong Bok); each query word matches its best name word exactly,
// by spelling key, as a prefix (three letters or more, two inside a
// multi-word query), or within TypoBudget edits of its key (never a word
// with a digit: KN-23 is not KN-32).
func Score(query, name string) Match { return Prepare(query).Score(Prepare(name)) }

// maxWords is the most words a name is compared by; the rest are joined
// into the last.
const maxWords = 32

// Name is a name prepared for scoring: folded words, their keys, and the
// words and joined neighbour pairs (units) compared. Prepare a name once to
// score it many times.
type Name struct {
	words, keys []string
	units       []unit
	joined      string // the words joined
	keyJoined   string // the keys joined, in order
	keySorted   string // the keys joined, sorted
}

// Prepare folds a name for Score.
func Prepare(s string) Name {
	ws := Words(s)
	if len(ws) > maxWords {
		ws = append(ws[:maxWords-1], strings.Join(ws[maxWords-1:], ""))
	}
	n := Name{words: ws, keys: keysOf(ws), joined: strings.Join(ws, "")}
	n.units = units(n.words, n.keys)
	n.keyJoined = strings.Join(n.keys, "")
	n.keySorted = sortedJoin(n.keys)
	return n
}

// Empty reports whether the name has no words.
func (q Name) Empty() bool { return len(q.words) == 0 }

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
	if q.keyJoined == n.keyJoined || q.keySorted == n.keySorted {
		m := Match{Score: Spelling, Full: true}
		if why {
			m.Reason = "same name in another spelling or order (" + strings.Join(q.words, " ") + " ~ " + strings.Join(n.words, " ") + ")"
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

// unit is a word, or two neighbouring words joined, of one side.
type unit struct {
	first, n int // words first .. first+n-1
	word     string
	key      string
	digit    bool // the word has a digit
}

// mask is the set of words of a unit.
func (u unit) mask() uint64 { return (uint64(1)<<u.n - 1) << u.first }

func units(ws, ks []string) []unit {
	out := make([]unit, 0, 2*len(ws))
	for i := range ws {
		out = append(out, unit{i, 1, ws[i], ks[i], strings.ContainsAny(ws[i], "0123456789")})
		if i+1 < len(ws) {
			j := ws[i] + ws[i+1]
			out = append(out, unit{i, 2, j, Key(j), strings.ContainsAny(j, "0123456789")})
		}
	}
	return out
}

type pair struct {
	q, n  *unit
	score float64
	how   string
}

// align matches query words to name words greedily, best pairs first, each
// word used once.
func align(qn, nn Name, why bool) Match {
	q, n := qn.words, nn.words
	multi := len(q) > 1
	var buf [40]pair
	pairs := buf[:0]
	for i := range qn.units {
		a := &qn.units[i]
		for j := range nn.units {
			b := &nn.units[j]
			if a.n == 2 && b.n == 2 {
				continue
			}
			if s, how := wordScore(a, b, multi); s > 0 {
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
		return (y.q.n + y.n.n) - (x.q.n + x.n.n)
	})
	var usedQ, usedN uint64
	var total float64
	matched := 0
	var chosen [maxWords]int8
	nc := 0
	for i, p := range pairs {
		if usedQ&p.q.mask() != 0 || usedN&p.n.mask() != 0 {
			continue
		}
		usedQ |= p.q.mask()
		usedN |= p.n.mask()
		total += p.score * float64(p.q.n)
		matched += p.q.n
		chosen[nc] = int8(i)
		nc++
	}
	var reasons strings.Builder
	for k, i := range chosen[:nc*boolInt(why)] {
		if k > 0 {
			reasons.WriteString(", ")
		}
		p := pairs[i]
		reasons.WriteString(p.q.word + " " + p.how + " " + p.n.word)
	}
	for i := range q {
		if why && usedQ&(1<<i) == 0 {
			reasons.WriteString(", " + q[i] + " unmatched")
		}
	}
	avg := total / float64(matched)
	reason := reasons.String()
	if matched < len(q) {
		return Match{Score: PartialCeiling * avg * float64(matched) / float64(len(q)), Reason: reason}
	}
	extra := len(n) - bits.OnesCount64(usedN)
	s := FullFloor + 0.4*avg - 0.05*float64(extra)/float64(len(n))
	return Match{Score: s, Full: true, Reason: reason}
}

// wordScore compares two words (or joined words) and names how they match.
func wordScore(a, b *unit, multi bool) (float64, string) {
	switch {
	case a.word == b.word:
		return wordExact, "="
	case a.key == b.key:
		return wordSpelling, "~"
	case (len(a.word) >= 3 || multi && len(a.word) == 2) && strings.HasPrefix(b.word, a.word):
		return wordPrefix, "prefix of"
	case !a.digit && !b.digit && withinEdits(a.key, b.key, TypoBudget(len(a.word), multi)):
		return wordTypo, "typo of"
	}
	return 0, ""
}

// withinEdits reports whether a and b are at most k edits apart (optimal
// string alignment: insert, delete, substitute, swap neighbours).
func withinEdits(a, b string, k int) bool {
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

// editsWithin is withinEdits over bytes or runes, rows on the stack for
// words up to 23 letters.
func editsWithin[E byte | rune](ra, rb []E, k int) bool {
	if d := len(ra) - len(rb); d > k || -d > k {
		return false
	}
	var r0, r1, r2 [24]int
	rows := [3][]int{r0[:0], r1[:0], r2[:0]}
	for i := range rows {
		if len(rb) < 24 {
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
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			c[j] = min(p[j]+1, c[j-1]+1, p[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				c[j] = min(c[j], pp[j-2]+1)
			}
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
