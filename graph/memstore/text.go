package memstore

import "linkchart/graph"

// normalize is graph.Normalize with a fast path for ASCII.
func normalize(s string) string { return string(appendNormalized(nil, s)) }

// appendNormalized appends graph.Normalize(s) to dst, without allocating
// when s is ASCII, where accent folding changes nothing and letters and
// digits are [A-Za-z0-9].
func appendNormalized(dst []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return append(dst, graph.Normalize(s)...)
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
