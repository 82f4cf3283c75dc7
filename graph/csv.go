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
					Summary: r.get("summary"), Props: r.props(), Marking: Marking(r.get("marking")),
				})
				pos.Nodes = append(pos.Nodes, r.position())
			})
		})
	}
	if c.edges != nil {
		rows := csvRows(c.edges.data)
		b.Edges, pos.Edges = make([]Edge, 0, rows), make([]position, 0, rows)
		eps = readCSV(c.edges, EdgesHeader, func(r *csvRow) {
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
				e.Sources, unsourced = []string{UnsourcedID}, true
			}
			b.Edges = append(b.Edges, e)
			pos.Edges = append(pos.Edges, r.position())
		})
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

func (r *csvRow) position() position { return position{File: r.file, Line: r.line} }

// readCSV checks the header (every wanted column present, in any order) and
// calls f for each row (the row and its record are reused: f keeps no
// reference to them).
func readCSV(f *namedData, want []string, each func(*csvRow)) []Problem {
	var ps []Problem
	rd := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(f.data, []byte("\xef\xbb\xbf"))))
	rd.FieldsPerRecord = -1
	header, err := rd.Read()
	if err != nil {
		return []Problem{{File: f.name, Line: 1, Message: "cannot read the header: " + err.Error()}}
	}
	cols := map[string]int{}
	for i, h := range header {
		cols[strings.ToLower(strings.TrimSpace(h))] = i
	}
	for _, w := range want {
		if _, ok := cols[w]; !ok {
			ps = append(ps, Problem{File: f.name, Line: 1, Field: w, Message: fmt.Sprintf("missing column; the header must have %s", strings.Join(want, ","))})
		}
	}
	if len(ps) > 0 {
		return ps
	}
	rd.ReuseRecord = true
	row := csvRow{file: f.name, cols: cols, problems: &ps}
	for {
		rec, err := rd.Read()
		if errors.Is(err, io.EOF) {
			return ps
		}
		if err != nil {
			var pe *csv.ParseError
			line := 0
			if errors.As(err, &pe) {
				line = pe.Line
			}
			return append(ps, Problem{File: f.name, Line: line, Message: "bad CSV: " + err.Error()})
		}
		line, _ := rd.FieldPos(0)
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue
		}
		row.line, row.rec = line, rec
		each(&row)
	}
}
