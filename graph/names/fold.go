// Package names matches names across scripts, romanizations and spellings:
// the one name matcher of linkchart (search, name resolution and duplicate
// detection call it).
//
// A name is folded (Fold) to lower-case Latin words: Unicode compatibility
// decomposition (NFKD, golang.org/x/text) with the marks dropped, so
// diacritics, breves and apostrophes go; Hangul is romanized from its jamo
// (Revised Romanization, see Romanize for McCune–Reischauer too); Cyrillic is
// transliterated by the BGN/PCGN table. Each folded word has a key (Key)
// that merges the spelling variants of one sound: Korean romanization
// families (Ri/Rhee/Lee/Yi/Li, Kim/Gim, Jong/Jeong/Chong, Bok/Pok,
// Un/Eun) and transliteration variants (Shoigu/Shoygu). Score compares a
// query with a name word by word, in any order, with typos, joined and
// split words; Keys gives the keys a store indexes a name under. A scan
// that rates many names against one query uses a Scorer (or a Preparer),
// which allocate nothing per name.
package names

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Fold turns a name into lower-case Latin words separated by single spaces:
// marks and apostrophes dropped, Hangul romanized (Revised Romanization),
// Cyrillic transliterated, any other punctuation a word break. A run of
// three Hangul syllables (the usual Korean personal name) is written as
// family name and given name: 김영복 → "gim yeongbok".
func Fold(s string) string {
	if folded(s) {
		return s
	}
	var b strings.Builder
	space := false
	word := func() {
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
	}
	rs := []rune(s)
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		if isHangul(r) {
			j := i
			for j < len(rs) && isHangul(rs[j]) {
				j++
			}
			word()
			for k := i; k < j; k++ {
				if j-i == 3 && k == i+1 {
					b.WriteByte(' ')
				}
				b.WriteString(romanizeSyllable(rs[k], RevisedRomanization, k == i))
			}
			i = j - 1
			continue
		}
		if r < 0x80 {
			switch {
			case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
				word()
				b.WriteRune(r)
			case r >= 'A' && r <= 'Z':
				word()
				b.WriteRune(r + 'a' - 'A')
			case r == '\'' || r == '`':
			default:
				space = true
			}
			continue
		}
		if lat, ok := cyrillic[unicode.ToLower(r)]; ok {
			word()
			b.WriteString(lat)
			continue
		}
		for _, d := range norm.NFKD.String(string(r)) {
			switch {
			case unicode.Is(unicode.Mn, d):
			case isApostrophe(d):
			case unicode.IsLetter(d) || unicode.IsDigit(d):
				word()
				b.WriteRune(unicode.ToLower(d))
			default:
				space = true
			}
		}
	}
	return b.String()
}

// folded reports whether s is already as Fold writes it: ASCII lower-case
// letters and digits, words separated by single spaces.
func folded(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z' || c >= '0' && c <= '9':
		case c == ' ' && i > 0 && i+1 < len(s) && s[i-1] != ' ':
		default:
			return false
		}
	}
	return true
}

func isApostrophe(r rune) bool {
	switch r {
	case '\'', '’', '‘', 'ʼ', '`', 'ʻ', '´':
		return true
	}
	return false
}

// Words is Fold split into words.
func Words(s string) []string { return strings.Fields(Fold(s)) }

// Compact is the folded name without spaces: "KN-23" and "KN 23" → "kn23".
func Compact(s string) string { return strings.ReplaceAll(Fold(s), " ", "") }

// cyrillic is the BGN/PCGN romanization of Russian, with the Ukrainian and
// Belarusian letters, lower case (upper case is lowered first).
var cyrillic = map[rune]string{
	'а': "a", 'б': "b", 'в': "v", 'г': "g", 'д': "d", 'е': "e", 'ё': "yo", 'ж': "zh",
	'з': "z", 'и': "i", 'й': "y", 'к': "k", 'л': "l", 'м': "m", 'н': "n", 'о': "o",
	'п': "p", 'р': "r", 'с': "s", 'т': "t", 'у': "u", 'ф': "f", 'х': "kh", 'ц': "ts",
	'ч': "ch", 'ш': "sh", 'щ': "shch", 'ъ': "", 'ы': "y", 'ь': "", 'э': "e", 'ю': "yu",
	'я': "ya", 'і': "i", 'ї': "yi", 'є': "ye", 'ґ': "g", 'ў': "w",
}
