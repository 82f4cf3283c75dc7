package names

import (
	"strings"

	"golang.org/x/text/unicode/norm"
)

// System is a Korean romanization system.
type System int

// The two systems in use: South Korea's Revised Romanization (2000) and
// McCune–Reischauer (North Korea's official spellings derive from it).
const (
	RevisedRomanization System = iota
	McCuneReischauer
)

// Romanize writes the Hangul of s in Latin letters by system, syllable by
// syllable (no sound changes across syllables beyond McCune–Reischauer's
// voicing of k, t, p, ch after a voiced sound); other runes are kept.
func Romanize(s string, sys System) string {
	var b strings.Builder
	prevHangul := false
	for _, r := range s {
		if isHangul(r) {
			b.WriteString(romanizeSyllable(r, sys, !prevHangul))
			prevHangul = true
			continue
		}
		prevHangul = false
		b.WriteRune(r)
	}
	return b.String()
}

// isHangul reports whether r is a precomposed Hangul syllable.
func isHangul(r rune) bool { return r >= 0xAC00 && r <= 0xD7A3 }

// Jamo romanizations, indexed by the conjoining jamo's offset from the
// first initial (U+1100), medial (U+1161) and final (U+11A8), the order of
// Unicode's jamo tables.
var (
	rrInitial = []string{"g", "kk", "n", "d", "tt", "r", "m", "b", "pp", "s", "ss", "", "j", "jj", "ch", "k", "t", "p", "h"}
	mrInitial = []string{"k", "kk", "n", "t", "tt", "r", "m", "p", "pp", "s", "ss", "", "ch", "tch", "ch'", "k'", "t'", "p'", "h"}
	// mrVoiced is mrInitial after a voiced sound (a vowel, n, m, ng, l).
	mrVoiced = []string{"g", "kk", "n", "d", "tt", "r", "m", "b", "pp", "s", "ss", "", "j", "tch", "ch'", "k'", "t'", "p'", "h"}
	rrMedial = []string{"a", "ae", "ya", "yae", "eo", "e", "yeo", "ye", "o", "wa", "wae", "oe", "yo", "u", "wo", "we", "wi", "yu", "eu", "ui", "i"}
	mrMedial = []string{"a", "ae", "ya", "yae", "ŏ", "e", "yŏ", "ye", "o", "wa", "wae", "oe", "yo", "u", "wŏ", "we", "wi", "yu", "ŭ", "ŭi", "i"}
	// Finals (both systems write the closing sound alike).
	final = []string{"k", "k", "k", "n", "n", "n", "t", "l", "k", "m", "l", "l", "l", "p", "l", "m", "p", "p", "t", "t", "ng", "t", "t", "k", "t", "p", "t"}
)

// romanizeSyllable writes one syllable; first says it starts a word (for
// McCune–Reischauer's voicing, which only happens inside a word).
func romanizeSyllable(r rune, sys System, first bool) string {
	var b strings.Builder
	for _, j := range norm.NFD.String(string(r)) {
		switch {
		case j >= 0x1100 && j <= 0x1112:
			i := int(j - 0x1100)
			switch {
			case sys == RevisedRomanization:
				b.WriteString(rrInitial[i])
			case first:
				b.WriteString(mrInitial[i])
			default:
				b.WriteString(mrVoiced[i])
			}
		case j >= 0x1161 && j <= 0x1175:
			if sys == RevisedRomanization {
				b.WriteString(rrMedial[j-0x1161])
			} else {
				b.WriteString(mrMedial[j-0x1161])
			}
		case j >= 0x11A8 && j <= 0x11C2:
			b.WriteString(final[j-0x11A8])
		}
	}
	return b.String()
}
