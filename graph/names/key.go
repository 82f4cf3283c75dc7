package names

import (
	"slices"
	"strings"
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

var family = func() map[string]string {
	m := map[string]string{}
	for _, f := range families {
		for _, w := range f {
			m[w] = f[0]
		}
	}
	return m
}()

// vowelPairs fold vowel spellings of one sound, first match wins (RR eo and
// McCune–Reischauer ŏ written o; eu and ŭ written u; "Young" for yong).
var vowelPairs = [][2]string{{"eo", "o"}, {"eu", "u"}, {"ou", "o"}, {"oo", "u"}, {"ee", "i"}}

// Key folds a folded word to the spelling-blind key of its sound: surname
// families, vowel pairs, voiced and voiceless stops alike (g/k, b/p, d/t,
// j/ch), l and r alike, h after a consonant dropped, y after a vowel an i
// (Shoygu/Shoigu, Sergey/Sergei), doubled letters single. Words with a digit
// are their own key (KN-23 is not KN-32).
func Key(word string) string {
	if f, ok := family[word]; ok {
		return f
	}
	if strings.ContainsAny(word, "0123456789") {
		return word
	}
	out := make([]byte, 0, len(word))
	w := word
	for i := 0; i < len(w); i++ {
		c := w[i]
		if i+1 < len(w) {
			pair := w[i : i+2]
			done := false
			for _, vp := range vowelPairs {
				if pair == vp[0] {
					out, done = append(out, vp[1][0]), true
					break
				}
			}
			if done {
				i++
				continue
			}
			if pair == "ch" {
				out = append(out, 'c')
				i++
				continue
			}
		}
		switch c {
		case 'g':
			c = 'k'
		case 'b':
			c = 'p'
		case 'd':
			c = 't'
		case 'j':
			c = 'c'
		case 'l':
			c = 'r'
		case 'h':
			if len(out) > 0 && !isVowel(out[len(out)-1]) {
				continue
			}
		case 'y':
			if len(out) > 0 && isVowel(out[len(out)-1]) {
				c = 'i'
			}
		}
		if len(out) > 0 && out[len(out)-1] == c {
			continue
		}
		out = append(out, c)
	}
	return string(out)
}

func isVowel(c byte) bool { return strings.IndexByte("aeiouy", c) >= 0 }

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
	n := Prepare(name)
	keys := n.WholeKeys()
	for _, u := range n.units {
		keys = append(keys, UnitKey+u.Key)
	}
	slices.Sort(keys)
	return slices.Compact(keys)
}

// IsKey reports whether an index term is a key of Keys, not a word: keys
// start with a marker that no folded word does.
func IsKey(t string) bool {
	return t != "" && strings.IndexByte(UnitKey+JoinedKey+SortedKey, t[0]) >= 0
}
