package graph

import (
	"cmp"
	"math/bits"
	"strings"
	"unicode/utf8"
)

// Scores of the match rules, best first. An alias match scores AliasWeight
// times the name's.
const (
	ScoreExact       = 1.0  // compact forms equal: "KN-23" ~ "kn23"
	ScorePrefix      = 0.9  // the name's compact form starts with the query's
	ScoreTokenPrefix = 0.8  // every query word starts a word of the name
	ScoreTypo        = 0.6  // every query word is a word of the name, or within TypoBudget edits of one
	AliasWeight      = 0.95 // an alias counts slightly less than the name
)

// TypoBudget is how many edits a query word of this many letters may carry:
// none below 4 letters, one from 4, two from 8.
func TypoBudget(n int) int {
	switch {
	case n >= 8:
		return 2
	case n >= 4:
		return 1
	}
	return 0
}

// Score ranks how well a query matches a node's name and aliases; 0 means no
// match. The query and names are compared in their Normalize forms. The
// empty query matches nothing. A store that scores many names against one
// query uses a Matcher, which scores the same.
func Score(query, name string, aliases []string) float64 {
	return NewMatcher(query).Score(JoinNormalized(name, aliases))
}

// CompareHits orders hits as a search returns them: higher score first,
// then name, then id.
func CompareHits(a, b Hit) int {
	switch {
	case a.Score != b.Score:
		return -cmp.Compare(a.Score, b.Score)
	case a.Name != b.Name:
		return strings.Compare(a.Name, b.Name)
	}
	return strings.Compare(a.ID, b.ID)
}

// A Matcher scores names against one query by Score's rules, the query
// normalized and split once. Search indexes read its compact form and
// words to find the candidates each rule can match.
type Matcher struct {
	q, qc  string   // the normalized query, its compact form
	words  []string // its words
	budget []int    // per word, TypoBudget
	sig    []uint64 // per word, Letters
}

// NewMatcher prepares query.
func NewMatcher(query string) *Matcher {
	q := Normalize(query)
	m := &Matcher{q: q, qc: Compact(q), words: Tokens(q)}
	for _, w := range m.words {
		m.budget = append(m.budget, TypoBudget(utf8.RuneCountInString(w)))
		m.sig = append(m.sig, Letters(w))
	}
	return m
}

// Query is the normalized query ("" matches nothing).
func (m *Matcher) Query() string { return m.q }

// Compact is the normalized query's compact form.
func (m *Matcher) Compact() string { return m.qc }

// Words are the normalized query's words.
func (m *Matcher) Words() []string { return m.words }

// Score is Score(query, name, aliases) given JoinNormalized(name, aliases):
// the best of the name's match and AliasWeight times each alias's.
func (m *Matcher) Score(names string) float64 {
	if names == "" || m.q == "" {
		return 0
	}
	best := 0.0
	for i := 0; ; i++ {
		seg, rest, more := strings.Cut(names, string(rune(NameSep)))
		sc := m.Match(seg)
		if i > 0 {
			sc = AliasWeight * sc
		}
		best = max(best, sc)
		if !more {
			return best
		}
		names = rest
	}
}

// Match scores one normalized name (or alias) by the rules, best first:
// the ranking's one entry point for a name.
func (m *Matcher) Match(name string) float64 {
	switch {
	case name == "":
		return 0
	case HasCompactPrefix(name, m.qc):
		if CompareCompact(name, m.qc) == 0 {
			return ScoreExact
		}
		return ScorePrefix
	case m.every(name, func(i int, t string) bool { return strings.HasPrefix(t, m.words[i]) }):
		return ScoreTokenPrefix
	case m.every(name, m.near):
		return ScoreTypo
	}
	return 0
}

// near is WithinEdits(words[i], t, budget[i]), first ruling out a t whose
// letter set differs from the word's in more letters than the budget's
// edits can change.
func (m *Matcher) near(i int, t string) bool {
	k := m.budget[i]
	if k == 0 {
		return t == m.words[i]
	}
	return bits.OnesCount64(m.sig[i]^Letters(t)) <= 2*k && WithinEdits(m.words[i], t, k)
}

// every reports whether each query word matches some word of name.
func (m *Matcher) every(name string, match func(i int, t string) bool) bool {
	for i := range m.words {
		ok := false
		for rest := name; rest != "" && !ok; {
			var t string
			t, rest, _ = strings.Cut(rest, " ")
			ok = match(i, t)
		}
		if !ok {
			return false
		}
	}
	return true
}

// CompareCompact compares two normalized strings by their compact forms,
// without making them.
func CompareCompact(a, b string) int {
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

// HasCompactPrefix reports whether the compact form of the normalized name
// starts with qc (a compact string).
func HasCompactPrefix(name, qc string) bool {
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

// Letters is the set of w's letters, as bits rune mod 64: a word within k
// edits of w differs from it in at most 2k of them.
func Letters(w string) uint64 {
	var sig uint64
	for _, r := range w {
		sig |= 1 << (uint(r) & 63)
	}
	return sig
}

// WithinEdits reports whether a and b are at most k edits apart (optimal
// string alignment distance: insertions, deletions, substitutions and
// transpositions of neighbours). Short ASCII words, the common case of a
// search, are compared without allocating.
func WithinEdits(a, b string, k int) bool {
	if k == 0 {
		return a == b
	}
	if isASCII(a) && isASCII(b) {
		return withinEdits([]byte(a), []byte(b), k)
	}
	return withinEdits([]rune(a), []rune(b), k)
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// withinEdits is the distance check over letters of either width, three
// rows of the dynamic programme kept on the stack for words up to 32.
func withinEdits[E byte | rune](a, b []E, k int) bool {
	if d := len(a) - len(b); d > k || -d > k {
		return false
	}
	var r0, r1, r2 [33]int
	var prev2, prev, cur []int
	if len(b) < len(r0) {
		prev2, prev, cur = r0[:len(b)+1], r1[:len(b)+1], r2[:len(b)+1]
	} else {
		prev2, prev, cur = make([]int, len(b)+1), make([]int, len(b)+1), make([]int, len(b)+1)
	}
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			v := min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				v = min(v, prev2[j-2]+1)
			}
			cur[j] = v
			rowMin = min(rowMin, v)
		}
		if rowMin > k {
			return false
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(b)] <= k
}
