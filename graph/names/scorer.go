package names

import (
	"strings"
	"unicode/utf8"
)

// A Scorer rates many names against one query as the query's Name.Rate
// does, for a search scan: it remembers, for each distinct name word it
// meets, the word's key and how it matches each unit of the query, since
// a scan meets the same words in many names. Only the joined neighbour
// pairs of a name (matched by exact word or key alone) are compared anew.
// Not safe for concurrent use.
type Scorer struct {
	q     Name
	multi bool
	memo  map[string]int32 // a name word → its index in words
	words []wordRules
	p     Preparer // names the memo does not serve (see Rate)
	ws    []string // the name being rated: its words,
	keys  []string // their keys
	wr    []int32  // and their entries in words
}

// maxMemoUnits is the most query units (2w-1 for w words) a Scorer
// remembers rules for; a longer query rates as Name.Rate does.
const maxMemoUnits = 15

// maxMemo bounds the words a Scorer remembers; past it, it forgets them
// all (a variable so that tests can make it small).
var maxMemo = 1 << 16

// wordRules are a name word's key and its rule against each query unit.
type wordRules struct {
	key   string
	rules [maxMemoUnits]rule
	// lead, for a word of two letters or more without a digit, is the
	// first byte of its key and of the key of any word it starts
	// (firstKeyByte); 0 otherwise.
	lead byte
}

// NewScorer prepares a Scorer of query q.
func NewScorer(q Name) *Scorer {
	return &Scorer{q: q, multi: len(q.words) > 1, memo: make(map[string]int32, 64)}
}

// Rate is s's query's Rate of name.
func (s *Scorer) Rate(name string) Match {
	q := s.q
	if len(q.words) == 0 || len(q.units) > maxMemoUnits {
		return q.Rate(s.p.Prepare(name))
	}
	name = Fold(name)
	ws := appendWords(s.ws[:0], name)
	s.ws = ws
	if len(ws) == 0 {
		return Match{}
	}
	if len(ws) > maxWords {
		return q.Rate(s.p.Prepare(name))
	}
	if len(s.words) > maxMemo-maxWords { // room for this name's words
		clear(s.memo)
		s.words = s.words[:0]
	}
	s.wr, s.keys = s.wr[:0], s.keys[:0]
	keyLen := 0
	for _, w := range ws {
		e := s.entry(w)
		s.wr = append(s.wr, e)
		k := s.words[e].key
		s.keys = append(s.keys, k)
		keyLen += len(k)
	}
	if concatEqual(ws, []string{q.joined}) {
		return Match{Score: Exact, Full: true}
	}
	if q.keyLen == keyLen && (concatEqual(q.keys, s.keys) || concatEqual(q.sorted, sortedKeys(s.keys))) {
		return Match{Score: Spelling, Full: true}
	}
	if concatHasPrefix(ws, q.joined) {
		return Match{Score: Prefix, Full: true}
	}
	return s.align()
}

// entry is word w's index in words, made when w is new (w is copied: the
// name it is part of may be a buffer).
func (s *Scorer) entry(w string) int32 {
	if e, ok := s.memo[w]; ok {
		return e
	}
	u := Unit{N: 1, Word: w, Key: Key(w), digit: hasDigit(w), sig: letters(w), runes: utf8.RuneCountInString(w)}
	wr := wordRules{key: u.Key}
	if len(w) >= 2 && !u.digit {
		wr.lead = firstKeyByte(w)
	}
	for i := range s.q.units {
		wr.rules[i] = unitRule(&s.q.units[i], &u, s.multi)
	}
	e := int32(len(s.words))
	wr.key = strings.Clone(wr.key)
	s.memo[strings.Clone(w)] = e
	s.words = append(s.words, wr)
	return e
}

// align is the package's align over the name in s.ws: the words' rules
// from the memo, the pairs' compared here, in the same order.
func (s *Scorer) align() Match {
	qn := s.q
	ws := s.ws
	var buf [64]pair
	found := buf[:0]
	var count pairOrders
	for i := range qn.units {
		a := &qn.units[i]
		for j := range ws {
			// Name units in order: word j, then words j and j+1 joined.
			if r := s.words[s.wr[j]].rules[i]; r != noRule {
				found = append(found, pair{uint8(i), uint8(2 * j), uint8(j), 1, r})
				count[pairOrder(r, a.N+1)+1]++
			}
			if j+1 == len(ws) || a.N == 2 {
				continue
			}
			if r := joinedRule(a, ws[j], ws[j+1], s.words[s.wr[j]].lead); r != noRule {
				found = append(found, pair{uint8(i), uint8(2*j + 1), uint8(j), 2, r})
				count[pairOrder(r, a.N+2)+1]++
			}
		}
	}
	var sbuf [64]pair
	return choose(qn, nil, found, &count, sbuf[:0])
}

// joinedRule is unitRule of query unit a against name words v and w
// joined: the same word, or the same key, or none. lead is v's (see
// wordRules): when the joined word has no key of its own (a family's,
// or itself with a digit), its key starts with it.
func joinedRule(a *Unit, v, w string, lead byte) rule {
	n := len(v) + len(w)
	if len(a.Word) == n && a.Word[:len(v)] == v && a.Word[len(v):] == w {
		return exactRule
	}
	key := a.Key
	if a.lazy {
		key = Key(a.Word)
	}
	if lead != 0 && n > maxFamilyLen && !hasDigit(w) && (key == "" || key[0] != lead) {
		return noRule
	}
	var buf [64]byte
	if n > len(buf) {
		if Key(v+w) == key {
			return keyRule
		}
		return noRule
	}
	j := append(append(buf[:0], v...), w...)
	if keyIs(string(j), key) {
		return keyRule
	}
	return noRule
}

// sortedKeys sorts keys in place.
func sortedKeys(keys []string) []string {
	sortSmall(keys)
	return keys
}

// concatHasPrefix reports whether ws joined starts with p.
func concatHasPrefix(ws []string, p string) bool {
	for _, w := range ws {
		if len(p) <= len(w) {
			return w[:len(p)] == p
		}
		if w != p[:len(w)] {
			return false
		}
		p = p[len(w):]
	}
	return p == ""
}
