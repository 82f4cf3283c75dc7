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
