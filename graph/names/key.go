package names

import (
	"cmp"
	"slices"
	"strings"
	"unsafe"
)

// families are whole-word spellings of one Korean surname (these rules are
// linkchart's own): the key of each member is the family's first.
var families = [][]string{
	{"ri", "rhee", "lee", "yi", "li", "i", "rhie", "rie", "reeh"},
	{"pak", "park", "bak", "bahk"},
	{"choe", "choi", "chey", "choy", "chwe"},
	{"yu", "ryu", "yoo", "rhyu", "you"},
	{"no", "noh", "roh"},
	{"o", "oh"},
}

// family is every member of families packed in an integer (packWord),
// sorted, with its family's index: a lookup is a few integer compares.
var family = func() []familyMember {
	var m []familyMember
	for i, f := range families {
		for _, w := range f {
			m = append(m, familyMember{packWord(w), uint8(i)})
		}
	}
	slices.SortFunc(m, func(a, b familyMember) int { return cmp.Compare(a.w, b.w) })
	return m
}()

type familyMember struct {
	w   uint64
	fam uint8
}

// maxFamilyLen is the longest spelling in families (packWord holds 8).
const maxFamilyLen = 4

// packWord packs a word of at most 8 bytes into an integer, one byte each
// from the top: distinct words, distinct integers.
func packWord(w string) uint64 {
	var p uint64
	for i := 0; i < len(w); i++ {
		p |= uint64(w[i]) << (56 - 8*i)
	}
	return p
}

// familyOf is the key of a surname family's member.
func familyOf(w string) (string, bool) {
	if len(w) > maxFamilyLen || w == "" {
		return "", false
	}
	p := packWord(w)
	i, ok := slices.BinarySearchFunc(family, p, func(m familyMember, p uint64) int { return cmp.Compare(m.w, p) })
	if !ok {
		return "", false
	}
	return families[family[i].fam][0], true
}

// Key folds a folded word to the spelling-blind key of its sound: surname
// families, vowel pairs, voiced and voiceless stops alike (g/k, b/p, d/t,
// j/ch), l and r alike, h after a consonant dropped, y after a vowel an i
// (Shoigu/Shoygu, Sergey/Sergei), doubled letters single. Words with a digit
// are their own key (KN-23 is not KN-32).
func Key(word string) string {
	if k, ok := ownKey(word); ok {
		return k
	}
	return string(appendKey(make([]byte, 0, len(word)), word))
}

// ownKey is the key of a word that is not spelled out by appendKey: a
// surname family's first, or the word itself when it has a digit.
func ownKey(word string) (string, bool) {
	if f, ok := familyOf(word); ok {
		return f, true
	}
	if hasDigit(word) {
		return word, true
	}
	return "", false
}

// appendKey appends Key(word) for a word without its own key (ownKey), at
// most len(word) bytes. Vowel pairs fold spellings of one sound: eo ou → o
// (RR eo and McCune–Reischauer ŏ written o; "Young" for yong), eu oo → u
// (eu and ŭ written u), ee → i; and ch → c.
func appendKey(out []byte, w string) []byte {
	start := len(out)
	for i := 0; i < len(w); i++ {
		c := w[i]
		if i+1 < len(w) {
			if pc := pairLetter(c, w[i+1]); pc != 0 {
				out = append(out, pc)
				i++
				continue
			}
		}
		switch c = stopLetter(c); c {
		case 'h':
			if len(out) > start && !isVowel(out[len(out)-1]) {
				continue
			}
		case 'y':
			if len(out) > start && isVowel(out[len(out)-1]) {
				c = 'i'
			}
		}
		if len(out) > start && out[len(out)-1] == c {
			continue
		}
		out = append(out, c)
	}
	return out
}

// pairLetter is the letter that the pair c d is written as in a key, 0
// for none.
func pairLetter(c, d byte) byte {
	switch {
	case c == 'e' && d == 'o', c == 'o' && d == 'u':
		return 'o'
	case c == 'e' && d == 'u', c == 'o' && d == 'o':
		return 'u'
	case c == 'e' && d == 'e':
		return 'i'
	case c == 'c' && d == 'h':
		return 'c'
	}
	return 0
}

// stopLetter folds voiced stops to voiceless ones (j to c, as ch) and l to r.
func stopLetter(c byte) byte {
	switch c {
	case 'g':
		return 'k'
	case 'b':
		return 'p'
	case 'd':
		return 't'
	case 'j':
		return 'c'
	case 'l':
		return 'r'
	}
	return c
}

// firstKeyByte is appendKey(w)'s first byte, for a non-empty w.
func firstKeyByte(w string) byte {
	if len(w) > 1 {
		if pc := pairLetter(w[0], w[1]); pc != 0 {
			return pc
		}
	}
	return stopLetter(w[0])
}

// hasDigit reports whether w has an ASCII digit.
func hasDigit(w string) bool {
	for i := 0; i < len(w); i++ {
		if w[i] >= '0' && w[i] <= '9' {
			return true
		}
	}
	return false
}

func isVowel(c byte) bool {
	switch c {
	case 'a', 'e', 'i', 'o', 'u', 'y':
		return true
	}
	return false
}

// Markers of the index keys (Keys): none of them is a letter or digit,
// so a key never equals a folded word.
const (
	UnitKey   = "%" // a word's or two neighbour words' key
	JoinedKey = "~" // the word keys joined in order (spacing blind)
	SortedKey = "=" // the word keys sorted and joined (word order blind)
)

// Keys are the keys a store indexes a name under, besides its words, so
// that it finds the spellings Score matches: UnitKey and the key of each
// unit (a word or two neighbours joined), and the name's WholeKeys.
func Keys(name string) []string {
	var p Preparer
	keys := p.AppendKeys(nil, name)
	slices.Sort(keys)
	return slices.Compact(keys)
}

// AppendKeys appends the keys of Keys(name) to dst, unsorted and maybe
// repeated, spelled out in p's buffers: they are valid until p's next
// Prepare or AppendKeys (and p spells out its pairs' keys from then on).
// An index build reuses one Preparer for all its names.
func (p *Preparer) AppendKeys(dst []string, name string) []string {
	p.eager = true
	n := p.Prepare(name)
	if len(n.words) == 0 {
		return dst
	}
	need := 2 * (1 + n.keyLen)
	for _, u := range n.units {
		need += 1 + len(u.Key)
	}
	if cap(p.keyText) < need {
		p.keyText = make([]byte, 0, need)
	}
	b := p.keyText[:0]
	key := func(marker string, parts []string) {
		at := len(b)
		b = append(b, marker...)
		for _, k := range parts {
			b = append(b, k...)
		}
		dst = append(dst, unsafe.String(&b[at], len(b)-at))
	}
	key(JoinedKey, n.keys)
	key(SortedKey, n.sorted)
	for _, u := range n.units {
		key(UnitKey, []string{u.Key})
	}
	return dst
}

// IsKey reports whether an index term is a key of Keys, not a word: keys
// start with a marker that no folded word does.
func IsKey(t string) bool {
	return t != "" && strings.IndexByte(UnitKey+JoinedKey+SortedKey, t[0]) >= 0
}
