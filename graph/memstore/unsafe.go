package memstore

import "unsafe"

// unsafeString views b as a string without copying. Only for bytes that are
// never written again (the append-only edge arena).
func unsafeString(b []byte) string {
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
