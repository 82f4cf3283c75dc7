package memstore

import (
	"encoding/binary"
	"errors"
	"fmt"
	"sort"
	"strconv"

	"linkchart/graph"
)

// The on-disk encoding of a record is a version byte followed by uvarint
// counts and length-prefixed strings. It is compact, needs no reflection and
// decodes an order of magnitude faster than JSON, which matters when a
// million edges are written or read back on Open.
const codecVersion = 1

var errCorrupt = errors.New("corrupt record")

type encoder struct{ b []byte }

func (e *encoder) uvarint(v uint64) { e.b = binary.AppendUvarint(e.b, v) }
func (e *encoder) str(s string) {
	e.uvarint(uint64(len(s)))
	e.b = append(e.b, s...)
}
func (e *encoder) strs(ss []string) {
	e.uvarint(uint64(len(ss)))
	for _, s := range ss {
		e.str(s)
	}
}
func (e *encoder) props(m map[string]string) {
	e.uvarint(uint64(len(m)))
	if len(m) == 0 {
		return
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		e.str(k)
		e.str(m[k])
	}
}

type decoder struct {
	b   []byte
	err error
}

func (d *decoder) uvarint() uint64 {
	if d.err != nil {
		return 0
	}
	v, n := binary.Uvarint(d.b)
	if n <= 0 {
		d.err = errCorrupt
		return 0
	}
	d.b = d.b[n:]
	return v
}

func (d *decoder) bytes() []byte {
	n := d.uvarint()
	if d.err != nil {
		return nil
	}
	if uint64(len(d.b)) < n {
		d.err = errCorrupt
		return nil
	}
	s := d.b[:n]
	d.b = d.b[n:]
	return s
}

func (d *decoder) str() string { return string(d.bytes()) }

func (d *decoder) strs() []string {
	n := d.uvarint()
	if n == 0 || d.err != nil {
		return nil
	}
	if n > uint64(len(d.b)) {
		d.err = errCorrupt
		return nil
	}
	out := make([]string, n)
	for i := range out {
		out[i] = d.str()
	}
	return out
}

func (d *decoder) props() map[string]string { return d.propsWith(d.str) }

// propsView is props with keys and values viewing the decoded bytes (no
// copies): only for bytes that are never written again (node records, the
// edge arena). The map itself is new.
func (d *decoder) propsView() map[string]string { return d.propsWith(d.view) }

// propsWith decodes props, each key and value read by str.
func (d *decoder) propsWith(str func() string) map[string]string {
	n := d.uvarint()
	if n == 0 || d.err != nil {
		return nil
	}
	if n > uint64(len(d.b)) {
		d.err = errCorrupt
		return nil
	}
	m := make(map[string]string, n)
	for i := uint64(0); i < n; i++ {
		k := str()
		m[k] = str()
	}
	return m
}

func (d *decoder) version() {
	if len(d.b) == 0 || d.b[0] != codecVersion {
		d.err = fmt.Errorf("%w: unknown encoding version", errCorrupt)
		return
	}
	d.b = d.b[1:]
}

func appendNode(buf []byte, n *graph.Node) []byte {
	e := encoder{b: append(buf, codecVersion)}
	e.str(n.ID)
	e.str(string(n.Kind))
	e.str(n.Name)
	e.strs(n.Aliases)
	e.str(n.Summary)
	e.props(n.Props)
	e.str(string(n.Marking))
	return e.b
}

func decodeNode(b []byte) (graph.Node, error) {
	d := decoder{b: b}
	d.version()
	var n graph.Node
	n.ID = d.str()
	n.Kind = graph.Kind(d.str())
	n.Name = d.str()
	n.Aliases = d.strs()
	n.Summary = d.str()
	n.Props = d.props()
	n.Marking = graph.Marking(d.str())
	return n, d.err
}

// appendEdgeWith encodes x with the credibility and marking given (its
// defaults filled in).
func appendEdgeWith(buf []byte, x *graph.Edge, cred int, mark graph.Marking) []byte {
	e := encoder{b: append(buf, codecVersion)}
	e.str(x.ID)
	e.str(x.Type)
	e.str(x.From)
	e.str(x.To)
	e.str(string(x.Since))
	e.str(string(x.Until))
	e.uvarint(uint64(cred))
	e.strs(x.Sources)
	e.str(x.Note)
	e.props(x.Props)
	e.str(string(mark))
	return e.b
}

// decodeEdge decodes an edge with one allocation for all its strings: a
// copy of b, which the strings view; the sources slice is carved from
// block. Open decodes a million edges (a string kept from the edge keeps
// its whole record, some 90 bytes).
func decodeEdge(b []byte, block *[]string) (graph.Edge, error) {
	own := string(b)
	d := decoder{b: unsafeBytes(own)}
	d.version()
	var x graph.Edge
	x.ID = d.view()
	x.Type = d.view()
	x.From = d.view()
	x.To = d.view()
	x.Since = graph.Date(d.view())
	x.Until = graph.Date(d.view())
	x.Credibility = int(d.uvarint())
	n := d.uvarint()
	if n > uint64(len(d.b)) {
		d.err = errCorrupt
		return x, d.err
	}
	if n > 0 {
		if cap(*block)-len(*block) < int(n) {
			*block = make([]string, 0, max(1024, n))
		}
		start := len(*block)
		for range n {
			*block = append(*block, d.view())
		}
		x.Sources = (*block)[start:len(*block):len(*block)]
	}
	x.Note = d.view()
	x.Props = d.propsView()
	x.Marking = graph.Marking(d.view())
	return x, d.err
}

// view is str viewing the decoded bytes (no copy): only for bytes that are
// never written again.
func (d *decoder) view() string { return frozenString(d.bytes()) }

func appendSource(buf []byte, s *graph.Source) []byte {
	e := encoder{b: append(buf, codecVersion)}
	e.str(s.ID)
	e.str(s.Title)
	e.str(s.Publisher)
	e.str(s.Author)
	e.str(string(s.Date))
	e.str(s.URL)
	e.str(string(s.Reliability))
	e.str(s.Note)
	return e.b
}

func decodeSource(b []byte) (graph.Source, error) {
	d := decoder{b: b}
	d.version()
	var s graph.Source
	s.ID = d.str()
	s.Title = d.str()
	s.Publisher = d.str()
	s.Author = d.str()
	s.Date = graph.Date(d.str())
	s.URL = d.str()
	s.Reliability = graph.Reliability(d.str())
	s.Note = d.str()
	return s, d.err
}

// An edge's cold record in the arena (not on disk): its id (see
// appendColdID), a head byte, the source count if the head cannot hold it
// (uvarint), the source indexes (uvarints), then the note (uvarint length,
// bytes) and the props (uvarint count, key and value strings) when the head
// says they are there. The head holds the credibility (bits 0-2), the
// source count up to coldManySrcs-1 (bits 3-5; coldManySrcs: the count
// follows), coldNote and coldProps.
const (
	coldCred     = 7
	coldSrcShift = 3
	coldManySrcs = 7
	coldNote     = 1 << 6
	coldProps    = 1 << 7
)

// appendColdHead appends an edge's id, head byte and source count (the
// source indexes, note and props follow: appendColdTail).
func appendColdHead(b []byte, x *graph.Edge, cred int) []byte {
	b = appendColdID(b, x.ID)
	head := uint8(cred) | uint8(min(len(x.Sources), coldManySrcs))<<coldSrcShift
	if x.Note != "" {
		head |= coldNote
	}
	if len(x.Props) > 0 {
		head |= coldProps
	}
	b = append(b, head)
	if len(x.Sources) >= coldManySrcs {
		b = binary.AppendUvarint(b, uint64(len(x.Sources)))
	}
	return b
}

// appendColdTail appends an edge's note and props, after its source
// indexes.
func appendColdTail(b []byte, x *graph.Edge) []byte {
	if x.Note != "" {
		b = binary.AppendUvarint(b, uint64(len(x.Note)))
		b = append(b, x.Note...)
	}
	if len(x.Props) > 0 {
		e := encoder{b: b}
		e.props(x.Props)
		b = e.b
	}
	return b
}

// maxIDDigits bounds the number an id ends in for the numeric form: 19
// digits always fit a uint64.
const maxIDDigits = 19

// appendColdID appends an edge id to a cold record. An id that ends in a
// decimal number without leading zeros (up to maxIDDigits digits, "e1234567",
// "rel-42", "7") is stored as uvarint(2·len(prefix)+1), the prefix and the
// number as a uvarint: "e1234567" takes 5 bytes rather than 9. Any other id
// is uvarint(2·len(id)) and its bytes. coldID reads either back.
func appendColdID(b []byte, id string) []byte {
	i, v, numeric := splitColdID(id)
	if !numeric {
		b = binary.AppendUvarint(b, uint64(len(id))<<1)
		return append(b, id...)
	}
	b = binary.AppendUvarint(b, uint64(i)<<1|1)
	b = append(b, id[:i]...)
	return binary.AppendUvarint(b, v)
}

// coldIDLen is the length of appendColdID's encoding of id.
func coldIDLen(id string) int {
	i, v, numeric := splitColdID(id)
	if !numeric {
		return uvarintLen(uint64(len(id))<<1) + len(id)
	}
	return uvarintLen(uint64(i)<<1|1) + i + uvarintLen(v)
}

// splitColdID finds where the decimal number an id ends in starts, and its
// value, when appendColdID keeps the id in numeric form.
func splitColdID(id string) (i int, v uint64, numeric bool) {
	i = len(id)
	for i > 0 && id[i-1] >= '0' && id[i-1] <= '9' {
		i--
	}
	digits := id[i:]
	if digits == "" || len(digits) > maxIDDigits || (digits[0] == '0' && len(digits) > 1) {
		return i, 0, false
	}
	for j := range len(digits) {
		v = v*10 + uint64(digits[j]-'0')
	}
	return i, v, true
}

// uvarintLen is the length of v's uvarint encoding.
func uvarintLen[T uint32 | uint64](v T) int {
	n := 1
	for ; v >= 0x80; v >>= 7 {
		n++
	}
	return n
}

// coldLen is the length of an edge's cold record (appendColdHead, the
// source indexes, appendColdTail), each source index taken as srcLen bytes.
func coldLen(x *graph.Edge, srcLen int) int {
	n := coldIDLen(x.ID) + 1 + len(x.Sources)*srcLen
	if len(x.Sources) >= coldManySrcs {
		n += uvarintLen(uint64(len(x.Sources)))
	}
	if x.Note != "" {
		n += uvarintLen(uint64(len(x.Note))) + len(x.Note)
	}
	if len(x.Props) > 0 {
		n += uvarintLen(uint64(len(x.Props)))
		for k, v := range x.Props {
			n += uvarintLen(uint64(len(k))) + len(k) + uvarintLen(uint64(len(v))) + len(v)
		}
	}
	return n
}

// coldID is an edge id as its cold record holds it: text, or (numeric) a
// prefix and the number it ends in.
type coldID struct {
	text    []byte // the id, or the prefix when numeric
	num     uint64
	numeric bool
}

// readColdID reads the id at the start of a cold record and returns the
// rest of the record.
func readColdID(b []byte) (coldID, []byte) {
	n, k := binary.Uvarint(b)
	b = b[k:]
	c := coldID{text: b[:n>>1], numeric: n&1 == 1}
	b = b[n>>1:]
	if c.numeric {
		c.num, k = binary.Uvarint(b)
		b = b[k:]
	}
	return c, b
}

// appendTo appends the id's text to dst.
func (c coldID) appendTo(dst []byte) []byte {
	dst = append(dst, c.text...)
	if c.numeric {
		dst = strconv.AppendUint(dst, c.num, 10)
	}
	return dst
}

// out is the id as an answer's string: a view of the arena when it is
// stored as text, else decoded into block (append-only, shared by the
// answer, as in dateOut).
func (c coldID) out(block *[]byte) string {
	if !c.numeric {
		return frozenString(c.text)
	}
	b := *block
	if cap(b)-len(b) < len(c.text)+20 {
		b = make([]byte, 0, max(1024, len(c.text)+20))
	}
	start := len(b)
	b = c.appendTo(b)
	*block = b
	return frozenString(b[start:])
}

// prefix appends the id's first 8 bytes to dst (for prefixKey).
func (c coldID) prefix(dst []byte) []byte {
	if !c.numeric || len(c.text) >= 8 {
		return append(dst, c.text[:min(8, len(c.text))]...)
	}
	var b [28]byte
	t := c.appendTo(b[:0])
	return append(dst, t[:min(8, len(t))]...)
}
