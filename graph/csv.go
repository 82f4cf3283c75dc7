package graph

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"
)

// CSV headers (DESIGN.md "Dataset files"). A trailing props column (a JSON
// object) is accepted on nodes and edges; sources.csv is linkchart's own
// addition so that citations travel with the pair.
var (
	NodesHeader   = []string{"id", "kind", "name", "aliases", "summary", "marking"}
	EdgesHeader   = []string{"id", "from", "type", "to", "since", "until", "credibility", "sources", "note", "marking"}
	SourcesHeader = []string{"id", "title", "publisher", "author", "date", "url", "reliability", "note"}
)

// UnsourcedID is the source cited by CSV edges imported without sources
// under AllowUnsourced, so every edge still cites something and the
// citation says plainly that there is none.
const UnsourcedID = "unsourced"

// CSVSet is the files of a CSV import: nodes.csv and edges.csv, and
// optionally sources.csv. Names are used in messages.
type CSVSet struct {
	NodesName, EdgesName, SourcesName string
	Nodes, Edges, Sources             []byte
}

// ParseCSV reads the CSV pair and checks it whole, like ParseDataset.
func ParseCSV(nodesName string, nodes []byte, edgesName string, edges []byte, allowUnsourced bool) (Batch, error) {
	return ParseCSVSet(CSVSet{NodesName: nodesName, Nodes: nodes, EdgesName: edgesName, Edges: edges}, allowUnsourced)
}

// ParseCSVSet reads nodes, edges and (when given) sources CSV files and
// checks them whole. Edge ids may be empty (one is made). An edge without
// sources is a problem unless allowUnsourced, when it cites UnsourcedID.
func ParseCSVSet(set CSVSet, allowUnsourced bool) (Batch, error) {
	var files csvFiles
	files.nodes, files.edges, files.sources = named(set.NodesName, set.Nodes), named(set.EdgesName, set.Edges), named(set.SourcesName, set.Sources)
	b, pos, ps := files.decode(allowUnsourced)
	ps = append(ps, check(b, &pos, nil, nil)...)
	if err := problemsErr(ps); err != nil {
		return Batch{}, err
	}
	b.normalize()
	return b, nil
}

type namedData struct {
	name string
	data []byte
}

func named(name string, data []byte) *namedData {
	if data == nil {
		return nil
	}
	return &namedData{name, data}
}

// csvFiles gathers the files of a CSV import.
type csvFiles struct {
	nodes, edges, sources *namedData
}

func (c *csvFiles) any() bool { return c.nodes != nil || c.edges != nil || c.sources != nil }

// add files a CSV by its base name.
func (c *csvFiles) add(path, base string, data []byte) error {
	var slot **namedData
	switch {
	case strings.HasPrefix(base, "nodes"):
		slot = &c.nodes
	case strings.HasPrefix(base, "edges"):
		slot = &c.edges
	case strings.HasPrefix(base, "sources"):
		slot = &c.sources
	default:
		return fmt.Errorf("load %s: a CSV file must be named nodes*.csv, edges*.csv or sources*.csv", path)
	}
	if *slot != nil {
		return fmt.Errorf("load %s: a second %s file (already have %s)", path, strings.TrimSuffix(base, ".csv"), (*slot).name)
	}
	*slot = &namedData{path, data}
	return nil
}

func (c *csvFiles) decode(allowUnsourced bool) (Batch, positions, []Problem) {
	var b Batch
	var pos positions
	var ps []Problem
	if c.nodes == nil || c.edges == nil {
		ps = append(ps, Problem{Message: "a CSV import needs both nodes.csv and edges.csv"})
	}
	// The three files are read at once, each into its own slices and
	// problems, and gathered in file order (sources, nodes, edges).
	var sps, nps, eps []Problem
	unsourced := false
	var wg sync.WaitGroup
	if c.sources != nil {
		wg.Go(func() {
			sps = readCSV(c.sources, SourcesHeader, func(r *csvRow) {
				b.Sources = append(b.Sources, Source{
					ID: r.get("id"), Title: r.get("title"), Publisher: r.get("publisher"), Author: r.get("author"),
					Date: Date(r.get("date")), URL: r.get("url"), Reliability: Reliability(r.get("reliability")), Note: r.get("note"),
				})
				pos.Sources = append(pos.Sources, r.position())
			})
		})
	}
	if c.nodes != nil {
		rows := csvRows(c.nodes.data)
		b.Nodes, pos.Nodes = make([]Node, 0, rows), make([]position, 0, rows)
		wg.Go(func() {
			nps = readCSV(c.nodes, NodesHeader, func(r *csvRow) {
				b.Nodes = append(b.Nodes, Node{
					ID: r.get("id"), Kind: Kind(r.get("kind")), Name: r.get("name"), Aliases: splitList(r.get("aliases")),
					Summary: r.get("summary"), Props: r.props(), Marking: Marking(r.get("marking")), Geo: r.geo(),
				})
				pos.Nodes = append(pos.Nodes, r.position())
			})
		})
	}
	if c.edges != nil {
		var halves [2]edgeRows
		var n int
		eps, n = readCSVHalves(c.edges, EdgesHeader, func(half int) func(*csvRow) {
			// The first half's slices have room for every row, the second's
			// for about half of them.
			rows := csvRows(c.edges.data)
			if half == 1 {
				rows = rows/2 + rows/16
			}
			h := &halves[half]
			*h = edgeRows{edges: make([]Edge, 0, rows), pos: make([]position, 0, rows)}
			return func(r *csvRow) { h.add(r, allowUnsourced) }
		})
		for _, h := range halves[:n] {
			b.Edges, pos.Edges = concat(b.Edges, h.edges), concat(pos.Edges, h.pos)
			unsourced = unsourced || h.unsourced
		}
	}
	wg.Wait()
	ps = append(append(append(ps, sps...), nps...), eps...)
	if unsourced {
		have := false
		for _, s := range b.Sources {
			have = have || s.ID == UnsourcedID
		}
		if !have {
			b.Sources = append(b.Sources, Source{ID: UnsourcedID, Title: "No source given (imported from CSV with --allow-unsourced)", Reliability: ReliabilityUnknown})
			pos.Sources = append(pos.Sources, position{File: c.edges.name})
		}
	}
	fillEdgeIDs(b.Edges)
	return b, pos, ps
}

// edgeRows gathers the edges of (part of) an edges file.
type edgeRows struct {
	edges     []Edge
	pos       []position
	unsourced bool // an edge without sources was made to cite UnsourcedID
}

func (h *edgeRows) add(r *csvRow, allowUnsourced bool) {
	e := Edge{
		ID: r.get("id"), From: r.get("from"), Type: r.get("type"), To: r.get("to"),
		Since: Date(r.get("since")), Until: Date(r.get("until")), Sources: splitList(r.get("sources")),
		Note: r.get("note"), Props: r.props(), Marking: Marking(r.get("marking")),
	}
	if c := r.get("credibility"); c != "" {
		n, err := strconv.Atoi(c)
		if err != nil || !ValidCredibility(n) {
			r.bad("credibility", "%q: want 1 (confirmed) to 6 (cannot be judged)", c)
		}
		e.Credibility = n
	}
	if len(e.Sources) == 0 && allowUnsourced {
		e.Sources, h.unsourced = []string{UnsourcedID}, true
	}
	h.edges = append(h.edges, e)
	h.pos = append(h.pos, r.position())
}

// csvRows is about how many rows data holds (its lines), for sizing.
func csvRows(data []byte) int { return bytes.Count(data, []byte{'\n'}) + 1 }

// splitList splits a ;-joined CSV cell, dropping empty items.
func splitList(s string) []string {
	if strings.TrimSpace(s) == "" {
		return nil
	}
	out := make([]string, 0, strings.Count(s, ";")+1)
	for p := range strings.SplitSeq(s, ";") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// csvRow is one data row with its header and line. Every field of a row
// is reported at the row's first line.
type csvRow struct {
	file     string
	line     int
	cols     map[string]int
	rec      []string
	problems *[]Problem
}

func (r *csvRow) get(col string) string {
	if i, ok := r.cols[col]; ok && i < len(r.rec) {
		return r.rec[i]
	}
	return ""
}

// bad reports a problem with field of the row.
func (r *csvRow) bad(field, format string, args ...any) {
	*r.problems = append(*r.problems, Problem{File: r.file, Line: r.line, Field: field, Message: fmt.Sprintf(format, args...)})
}

func (r *csvRow) props() map[string]string {
	s := strings.TrimSpace(r.get("props"))
	if s == "" {
		return nil
	}
	var m map[string]string
	if err := json.Unmarshal([]byte(s), &m); err != nil {
		r.bad("props", "want a JSON object of strings: %v", err)
	}
	return m
}

// geo reads the optional lat, lon and geo_source columns: all empty is no
// geo.
func (r *csvRow) geo() *Geo {
	lat, lon, src := strings.TrimSpace(r.get("lat")), strings.TrimSpace(r.get("lon")), r.get("geo_source")
	if lat == "" && lon == "" && src == "" {
		return nil
	}
	g := &Geo{Source: src}
	var err error
	if g.Lat, err = strconv.ParseFloat(lat, 64); err != nil {
		r.bad("lat", "want a latitude in degrees, such as 41.8")
	}
	if g.Lon, err = strconv.ParseFloat(lon, 64); err != nil {
		r.bad("lon", "want a longitude in degrees, such as 129.8")
	}
	return g
}

func (r *csvRow) position() position { return position{File: r.file, Line: r.line} }

// readCSV checks the header (every wanted column present, in any order) and
// calls f for each row (the row and its record are reused: f keeps no
// reference to them).
func readCSV(f *namedData, want []string, each func(*csvRow)) []Problem {
	data, cols, start, ps := readHeader(f, want)
	if cols == nil {
		return ps
	}
	ps, _ = readRows(f.name, data[start:], lineCount(data[:start]), cols, each)
	return ps
}

// parallelCSV is the least size of a file whose rows are read in two
// halves at once (a variable for tests).
var parallelCSV = 1 << 20

// readCSVHalves is readCSV reading the rows of a large file in two halves
// on two cores: a half's rows go to each(0) or each(1). The file is cut at
// the line end nearest its middle; when the first half reads without a
// problem of CSV syntax, the cut was between two rows and the second
// half's rows and problems are those that reading on would have given.
// Otherwise (the cut fell inside a quoted field, or the first half is bad
// CSV) the file is read again whole, as a first half. halves is how many
// halves the rows went to.
func readCSVHalves(f *namedData, want []string, each func(half int) func(*csvRow)) (ps []Problem, halves int) {
	data, cols, start, ps := readHeader(f, want)
	if cols == nil {
		return ps, 0
	}
	rows := data[start:]
	line0 := lineCount(data[:start])
	cut := len(rows)
	if len(rows) >= parallelCSV {
		if i := bytes.IndexByte(rows[len(rows)/2:], '\n'); i >= 0 {
			cut = len(rows)/2 + i + 1
		}
	}
	if cut == len(rows) {
		ps, _ = readRows(f.name, rows, line0, cols, each(0))
		return ps, 1
	}
	var second []Problem
	done := make(chan struct{})
	go func() {
		defer close(done)
		second, _ = readRows(f.name, rows[cut:], line0+lineCount(rows[:cut]), cols, each(1))
	}()
	first, ok := readRows(f.name, rows[:cut], line0, cols, each(0))
	<-done
	if ok {
		return append(first, second...), 2
	}
	ps, _ = readRows(f.name, rows, line0, cols, each(0))
	return ps, 1
}

// lineCount is how many lines data ends past (its line ends).
func lineCount(data []byte) int { return bytes.Count(data, []byte{'\n'}) }

// readHeader checks f's header: every wanted column present, in any order.
// It returns f's data without a byte order mark, the columns by name
// (nil on a problem) and where the rows start.
func readHeader(f *namedData, want []string) (data []byte, cols map[string]int, start int, ps []Problem) {
	data = bytes.TrimPrefix(f.data, []byte("\xef\xbb\xbf"))
	rd := csv.NewReader(bytes.NewReader(data))
	rd.FieldsPerRecord = -1
	header, err := rd.Read()
	if err != nil {
		return nil, nil, 0, []Problem{{File: f.name, Line: 1, Message: "cannot read the header: " + err.Error()}}
	}
	cols = map[string]int{}
	for i, h := range header {
		cols[strings.ToLower(strings.TrimSpace(h))] = i
	}
	for _, w := range want {
		if _, ok := cols[w]; !ok {
			ps = append(ps, Problem{File: f.name, Line: 1, Field: w, Message: fmt.Sprintf("missing column; the header must have %s", strings.Join(want, ","))})
		}
	}
	if len(ps) > 0 {
		return nil, nil, 0, ps
	}
	return data, cols, int(rd.InputOffset()), nil
}

// readRows reads the rows in data, whose first line is line line0+1 of
// file, and calls each for every row but blank ones. ok is false when it
// stopped at bad CSV (the last problem).
func readRows(file string, data []byte, line0 int, cols map[string]int, each func(*csvRow)) (ps []Problem, ok bool) {
	rd := csv.NewReader(bytes.NewReader(data))
	rd.FieldsPerRecord = -1
	rd.ReuseRecord = true
	row := csvRow{file: file, cols: cols, problems: &ps}
	for {
		rec, err := rd.Read()
		if errors.Is(err, io.EOF) {
			return ps, true
		}
		if err != nil {
			var pe *csv.ParseError
			line := 0
			if errors.As(err, &pe) {
				pe.StartLine += line0
				pe.Line += line0
				line = pe.Line
			}
			return append(ps, Problem{File: file, Line: line, Message: "bad CSV: " + err.Error()}), false
		}
		line, _ := rd.FieldPos(0)
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue
		}
		row.line, row.rec = line0+line, rec
		each(&row)
	}
}
