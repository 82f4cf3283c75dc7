package graph

import (
	"cmp"
	"strings"

	"linkchart/graph/names"
)

// Scores of the match rules, best first (graph/names has the rules). An
// alias match scores AliasWeight times the name's.
const (
	ScoreExact      = names.Exact      // compact forms equal: "KN-23" ~ "kn23"
	ScoreSpelling   = names.Spelling   // same spelling keys: Rhee Chang Ho ~ Ri Chang Ho, word order free
	ScorePrefix     = names.Prefix     // the name's compact form starts with the query's
	ScoreWordExact  = names.WordExact  // every query word is a name word
	ScoreWords      = names.WordMatch  // ... or a spelling of one
	ScoreWordPrefix = names.WordPrefix // ... or starts one
	ScoreTypo       = names.Typo       // ... or is within its typo budget of one
	ScorePartial    = names.PartialCeiling
	AliasWeight     = names.AliasWeight
)

// Score ranks how well a query matches a node's name and aliases; 0 means no
// match. The query and names are compared by graph/names' matcher. The
// empty query matches nothing. A store that scores many names against one
// query uses a Matcher, which scores the same.
func Score(query, name string, aliases []string) float64 {
	return NewMatcher(query).Score(JoinNormalized(name, aliases))
}

// Full reports whether a score is a full match's: every query word
// matched. A search answers partial matches (some query word matched
// nothing) only when no visible node matches fully.
func Full(score float64) bool { return score > ScorePartial }

// DropPartial cuts hits, sorted by CompareHits, to the full matches when
// the first is one.
func DropPartial(hits []Hit) []Hit {
	if len(hits) == 0 || !Full(hits[0].Score) {
		return hits
	}
	for i, h := range hits {
		if !Full(h.Score) {
			return hits[:i]
		}
	}
	return hits
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
// prepared once. Search indexes read its compact form and units to find
// the candidates each rule can match. It reuses its buffers from one name
// to the next, so it is not safe for concurrent use.
type Matcher struct {
	q names.Name
	s *names.Scorer
}

// NewMatcher prepares query.
func NewMatcher(query string) *Matcher {
	q := names.Prepare(query)
	return &Matcher{q: q, s: names.NewScorer(q)}
}

// Query is the normalized query ("" matches nothing).
func (m *Matcher) Query() string { return strings.Join(m.q.Words(), " ") }

// Compact is the normalized query's compact form.
func (m *Matcher) Compact() string { return m.q.Compact() }

// Words are the normalized query's words.
func (m *Matcher) Words() []string { return m.q.Words() }

// Units are the query's words and neighbour pairs, with their keys.
func (m *Matcher) Units() []names.Unit { return m.q.Units() }

// WholeKeys are the index keys of names that match by spelling.
func (m *Matcher) WholeKeys() []string { return m.q.WholeKeys() }

// Score is Score(query, name, aliases) given JoinNormalized(name, aliases):
// the best of the name's match and AliasWeight times each alias's.
func (m *Matcher) Score(norms string) float64 {
	if norms == "" || m.q.Empty() {
		return 0
	}
	best := 0.0
	for i := 0; ; i++ {
		seg, rest, more := strings.Cut(norms, string(rune(NameSep)))
		sc := m.Match(seg)
		if i > 0 {
			sc = AliasWeight * sc
		}
		best = max(best, sc)
		if !more {
			return best
		}
		norms = rest
	}
}

// Prepared is a node's name and aliases prepared for scoring, for a
// store that scores the same node against many queries.
type Prepared []names.Name

// Prepare prepares JoinNormalized(name, aliases).
func Prepare(norms string) Prepared {
	if norms == "" {
		return nil
	}
	var p Prepared
	for seg := range strings.SplitSeq(norms, string(rune(NameSep))) {
		p = append(p, names.Prepare(seg))
	}
	return p
}

// ScorePrepared is Score of the prepared names.
func (m *Matcher) ScorePrepared(p Prepared) float64 {
	best := 0.0
	for i, n := range p {
		if n.Empty() {
			continue
		}
		sc := m.q.Rate(n).Score
		if i > 0 {
			sc = AliasWeight * sc
		}
		best = max(best, sc)
	}
	return best
}

// Match scores one normalized name (or alias): the ranking's one entry
// point for a name.
func (m *Matcher) Match(name string) float64 {
	if name == "" {
		return 0
	}
	return m.s.Rate(name).Score
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
