package memstore

import "unsafe"

// Two views of bytes as a string, without copying, named for how long the
// bytes stay as they are.

// frozenString views b as a string for as long as anything holds it: only
// for bytes never written again (the append-only edge arena, node record
// chunks, the search index's token text, an answer's own block, a build's
// scratch arena that is dropped with its views).
func frozenString(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	return unsafe.String(&b[0], len(b))
}

// tempString views b, a buffer that is written again, as a string valid
// only until the buffer's next use: its caller compares, hashes or copies
// it at once and neither keeps it nor passes it to anything that may use
// the buffer first (an id table's idOf, a topK's norms or searchNames).
func tempString(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	return unsafe.String(&b[0], len(b))
}

// unsafeBytes views s as bytes without copying; the bytes must not be
// written.
func unsafeBytes(s string) []byte {
	if s == "" {
		return nil
	}
	return unsafe.Slice(unsafe.StringData(s), len(s))
}
