package graph

import (
	"strings"
	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// Normalize folds a name for matching: accents stripped (Tŏkch'ŏn →
// tokchon), lower case, apostrophes dropped, any other run of punctuation or
// space turned into one space, trimmed. Every store matches on these forms.
func Normalize(s string) string {
	t := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
	folded, _, err := transform.String(t, s)
	if err != nil {
		folded = s
	}
	var b strings.Builder
	space := false
	for _, r := range folded {
		switch {
		case r == '\'' || r == '’' || r == '‘' || r == 'ʼ' || r == '`' || r == 'ʻ':
			continue
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(unicode.ToLower(r))
		default:
			space = true
		}
	}
	return b.String()
}

// Compact is a normalized string without its spaces: "kn 23" → "kn23".
func Compact(normalized string) string { return strings.ReplaceAll(normalized, " ", "") }

// Tokens splits a normalized string into its words.
func Tokens(normalized string) []string { return strings.Fields(normalized) }

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
// empty query matches nothing.
func Score(query, name string, aliases []string) float64 {
	q := Normalize(query)
	if q == "" {
		return 0
	}
	best := matchScore(q, Normalize(name))
	for _, a := range aliases {
		if s := AliasWeight * matchScore(q, Normalize(a)); s > best {
			best = s
		}
	}
	return best
}

// matchScore scores a normalized query against one normalized name.
func matchScore(q, name string) float64 {
	if name == "" {
		return 0
	}
	qc, nc := Compact(q), Compact(name)
	switch {
	case qc == nc:
		return ScoreExact
	case strings.HasPrefix(nc, qc):
		return ScorePrefix
	}
	qt, nt := Tokens(q), Tokens(name)
	if everyWord(qt, nt, func(w, t string) bool { return strings.HasPrefix(t, w) }) {
		return ScoreTokenPrefix
	}
	if everyWord(qt, nt, func(w, t string) bool { return WithinEdits(w, t, TypoBudget(len([]rune(w)))) }) {
		return ScoreTypo
	}
	return 0
}

// everyWord reports whether each query word matches some name word.
func everyWord(query, name []string, match func(w, t string) bool) bool {
	for _, w := range query {
		ok := false
		for _, t := range name {
			if match(w, t) {
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
