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

// Keys are the keys a store indexes a name under, so that the spellings
// Score matches share one: the key of each word; "=" and the word keys in
// sorted order joined (the whole name, word order free); "~" and the word
// keys in their order joined (spacing and hyphens blind: Yong-bok, Yongbok).
func Keys(name string) []string {
	ws := Words(name)
	if len(ws) == 0 {
		return nil
	}
	keys := make([]string, 0, len(ws)+1)
	for _, w := range ws {
		keys = append(keys, Key(w))
	}
	keys = append(keys, "~"+Key(strings.Join(ws, "")))
	whole := slices.Clone(keys[:len(ws)])
	slices.Sort(whole)
	keys = append(keys, "="+strings.Join(whole, ""))
	slices.Sort(keys)
	return slices.Compact(keys)
}
