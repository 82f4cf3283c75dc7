package server

import (
	"math"
	"slices"
	"strconv"
	"sync"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"linkchart/graph"
)

// The answers asked most often (subgraphs, search hits) are encoded here,
// field by field into a pooled buffer, instead of by encoding/json's
// reflection: the bytes are exactly those of json.Marshal (same field order,
// omitempty, sorted map keys, HTML-safe string escaping, float format; the
// tests compare the two), at a fraction of the CPU and without the
// allocations that drive the collector under load. The encoders of
// graph.Node, Edge and Source are generated from their json tags
// (records_json.go, go generate ./server; a test fails while it is stale);
// a field added to Subgraph or Hit must be added here (the tests fail
// until it is).

// jsonContentType is what gin's c.JSON sends.
const jsonContentType = "application/json; charset=utf-8"

// maxPooledBuffer is the largest buffer kept for reuse; a rare huge answer
// does not stay in memory.
const maxPooledBuffer = 1 << 20

var buffers = sync.Pool{New: func() any { b := make([]byte, 0, 16<<10); return &b }}

// writeJSON writes status and the JSON that appendJSON appends to a pooled
// buffer.
func writeJSON[T any](c *gin.Context, status int, appendJSON func([]byte, T) []byte, v T) {
	bp := buffers.Get().(*[]byte)
	b := appendJSON((*bp)[:0], v)
	c.Data(status, jsonContentType, b)
	if cap(b) <= maxPooledBuffer {
		*bp = b
		buffers.Put(bp)
	}
}

func appendSubgraph(b []byte, g *graph.Subgraph) []byte {
	b = append(b, `{"nodes":`...)
	b = appendSlice(b, g.Nodes, appendNode)
	b = append(b, `,"edges":`...)
	b = appendSlice(b, g.Edges, appendEdge)
	b = append(b, `,"sources":`...)
	b = appendSlice(b, g.Sources, appendSource)
	b = append(b, `,"truncated":`...)
	b = strconv.AppendBool(b, g.Truncated)
	return append(b, '}')
}

// appendHits appends {"results": hits}.
func appendHits(b []byte, hits []graph.Hit) []byte {
	b = append(b, `{"results":`...)
	b = appendSlice(b, hits, func(b []byte, h *graph.Hit) []byte {
		b = appendNodeFields(b, &h.Node)
		b = append(b, `,"score":`...)
		b = appendFloat(b, h.Score)
		return append(b, '}')
	})
	return append(b, '}')
}

// appendSlice appends s as a JSON array (null when nil), each element by f.
func appendSlice[T any](b []byte, s []T, f func([]byte, *T) []byte) []byte {
	if s == nil {
		return append(b, "null"...)
	}
	b = append(b, '[')
	for i := range s {
		if i > 0 {
			b = append(b, ',')
		}
		b = f(b, &s[i])
	}
	return append(b, ']')
}

func appendNode(b []byte, n *graph.Node) []byte {
	return append(appendNodeFields(b, n), '}')
}

// appendNodeFields, appendEdge and appendSource are generated from the
// model's json tags into records_json.go.
//go:generate go run ./internal/jsongen/gen

func appendStrings(b []byte, s []string) []byte {
	return appendSlice(b, s, func(b []byte, v *string) []byte { return appendString(b, *v) })
}

// appendProps appends m with its keys sorted, as encoding/json does.
func appendProps(b []byte, m map[string]string) []byte {
	if m == nil {
		return append(b, "null"...)
	}
	var small [8]string
	keys := small[:0]
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	b = append(b, '{')
	for i, k := range keys {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendString(b, k)
		b = append(b, ':')
		b = appendString(b, m[k])
	}
	return append(b, '}')
}

// appendFloat formats f as encoding/json does (ES6 number formatting).
// NaN and infinities, which json.Marshal refuses, never occur in scores;
// they are written as 0.
func appendFloat(b []byte, f float64) []byte {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return append(b, '0')
	}
	abs := math.Abs(f)
	format := byte('f')
	if abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	b = strconv.AppendFloat(b, f, format, -1, 64)
	if format == 'e' {
		// clean up e-09 to e-9
		if n := len(b); n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
			b[n-2] = b[n-1]
			b = b[:n-1]
		}
	}
	return b
}

const hexDigits = "0123456789abcdef"

// jsonSafe marks the ASCII bytes written as they are.
var jsonSafe = func() (t [utf8.RuneSelf]bool) {
	for c := range t {
		t[c] = c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&'
	}
	return t
}()

// appendString appends s quoted as encoding/json does with HTML escaping
// (its default): <, > and & as \u003c..., control characters escaped,
// invalid UTF-8 as \ufffd, U+2028 and U+2029 escaped.
func appendString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if jsonSafe[c] {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '\\', '"':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
