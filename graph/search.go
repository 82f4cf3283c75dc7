package graph

import (
	"strings"

	"linkchart/graph/names"
)

// Normalize folds a name for matching (names.Fold): accents stripped
// (Tŏkch'ŏn → tokchon), Hangul and Cyrillic in Latin letters, lower case,
// apostrophes dropped, any other run of punctuation or space turned into
// one space, trimmed. Every store matches on these forms.
func Normalize(s string) string { return string(AppendNormalized(nil, s)) }

// AppendNormalized appends Normalize(s) to dst, without allocating when s
// is ASCII, where accent folding changes nothing and letters and digits
// are [A-Za-z0-9].
func AppendNormalized(dst []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return appendFolded(dst, s)
		}
	}
	start := len(dst)
	space := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '\'' || c == '`':
			continue
		case c >= 'a' && c <= 'z' || c >= '0' && c <= '9':
		case c >= 'A' && c <= 'Z':
			c += 'a' - 'A'
		default:
			space = true
			continue
		}
		if space && len(dst) > start {
			dst = append(dst, ' ')
		}
		space = false
		dst = append(dst, c)
	}
	return dst
}

// appendFolded is AppendNormalized for any text: graph/names' Fold
// (Hangul romanized, Cyrillic transliterated, marks dropped).
func appendFolded(dst []byte, s string) []byte { return append(dst, names.Fold(s)...) }

// NameSep separates a node's normalized name and aliases where they are
// joined into one string (JoinNormalized; Normalize never produces it).
const NameSep = 0

// JoinNormalized is the normalized name and aliases, name first, joined by
// NameSep: the form Matcher.Score takes.
func JoinNormalized(name string, aliases []string) string {
	b := AppendNormalized(nil, name)
	for _, a := range aliases {
		b = AppendNormalized(append(b, NameSep), a)
	}
	return string(b)
}

// Compact is a normalized string without its spaces: "kn 23" → "kn23".
func Compact(normalized string) string { return strings.ReplaceAll(normalized, " ", "") }

// Tokens splits a normalized string into its words.
func Tokens(normalized string) []string { return strings.Fields(normalized) }
