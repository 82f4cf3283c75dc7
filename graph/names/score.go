package names

import (
	"fmt"
	"slices"
	"sort"
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
func Score(query, name string) Match {
	q, n := Words(query), Words(name)
	if len(q) == 0 || len(n) == 0 {
		return Match{}
	}
	if strings.Join(q, "") == strings.Join(n, "") {
		return Match{Score: Exact, Full: true, Reason: "same name once folded"}
	}
	qk, nk := keysOf(q), keysOf(n)
	if strings.Join(qk, "") == strings.Join(nk, "") || sortedJoin(qk) == sortedJoin(nk) {
		return Match{Score: Spelling, Full: true, Reason: "same name in another spelling or order (" + strings.Join(q, " ") + " ~ " + strings.Join(n, " ") + ")"}
	}
	return align(q, n, qk, nk)
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
}

func units(ws, ks []string) []unit {
	out := make([]unit, 0, 2*len(ws))
	for i := range ws {
		out = append(out, unit{i, 1, ws[i], ks[i]})
		if i+1 < len(ws) {
			out = append(out, unit{i, 2, ws[i] + ws[i+1], Key(ws[i] + ws[i+1])})
		}
	}
	return out
}

type pair struct {
	q, n  unit
	score float64
	how   string
}

// align matches query words to name words greedily, best pairs first, each
// word used once.
func align(q, n, qk, nk []string) Match {
	multi := len(q) > 1
	var pairs []pair
	for _, a := range units(q, qk) {
		for _, b := range units(n, nk) {
			if a.n == 2 && b.n == 2 {
				continue
			}
			if s, how := wordScore(a, b, multi); s > 0 {
				pairs = append(pairs, pair{a, b, s, how})
			}
		}
	}
	sort.SliceStable(pairs, func(i, j int) bool {
		if pairs[i].score != pairs[j].score {
			return pairs[i].score > pairs[j].score
		}
		return pairs[i].q.n+pairs[i].n.n > pairs[j].q.n+pairs[j].n.n
	})
	usedQ, usedN := make([]bool, len(q)), make([]bool, len(n))
	free := func(used []bool, u unit) bool { return !slices.Contains(used[u.first:u.first+u.n], true) }
	var total float64
	matched := 0
	var reasons []string
	for _, p := range pairs {
		if !free(usedQ, p.q) || !free(usedN, p.n) {
			continue
		}
		for i := range p.q.n {
			usedQ[p.q.first+i] = true
		}
		for i := range p.n.n {
			usedN[p.n.first+i] = true
		}
		total += p.score * float64(p.q.n)
		matched += p.q.n
		reasons = append(reasons, fmt.Sprintf("%s %s %s", p.q.word, p.how, p.n.word))
	}
	if matched == 0 {
		return Match{}
	}
	for i, u := range usedQ {
		if !u {
			reasons = append(reasons, q[i]+" unmatched")
		}
	}
	avg := total / float64(matched)
	reason := strings.Join(reasons, ", ")
	if matched < len(q) {
		return Match{Score: PartialCeiling * avg * float64(matched) / float64(len(q)), Reason: reason}
	}
	extra := 0
	for _, u := range usedN {
		if !u {
			extra++
		}
	}
	s := FullFloor + 0.4*avg - 0.05*float64(extra)/float64(len(n))
	return Match{Score: s, Full: true, Reason: reason}
}

// wordScore compares two words (or joined words) and names how they match.
func wordScore(a, b unit, multi bool) (float64, string) {
	switch {
	case a.word == b.word:
		return wordExact, "="
	case a.key == b.key:
		return wordSpelling, "~"
	case (len(a.word) >= 3 || multi && len(a.word) == 2) && strings.HasPrefix(b.word, a.word):
		return wordPrefix, "prefix of"
	case !strings.ContainsAny(a.word+b.word, "0123456789") && withinEdits(a.key, b.key, TypoBudget(len(a.word), multi)):
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
	ra, rb := []rune(a), []rune(b)
	if d := len(ra) - len(rb); d > k || -d > k {
		return false
	}
	rows := [3][]int{make([]int, len(rb)+1), make([]int, len(rb)+1), make([]int, len(rb)+1)}
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
