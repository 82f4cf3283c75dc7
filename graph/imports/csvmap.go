package imports

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"linkchart/graph"
	"linkchart/graph/names"
)

// Mapping says how CSV files with any headers become records (README,
// "Importing a spreadsheet"; an example is testdata/mapping.yaml).
type Mapping struct {
	// ListSeparator splits aliases and sources cells; default ";".
	ListSeparator string `yaml:"list_separator"`
	// Sources are sources the rows cite by id, written as in a dataset.
	Sources []graph.Source `yaml:"sources"`
	Tables  []Table        `yaml:"tables"`
}

// Table maps one CSV file.
type Table struct {
	File string `yaml:"file"` // the file's base name
	Rows string `yaml:"rows"` // entities, relations or sources
	// Columns name the header that gives each field.
	Columns map[string]string `yaml:"columns"`
	// Props name the header of each prop to keep.
	Props map[string]string `yaml:"props"`
	// Constants give a field's value when no column does, or its cell is
	// empty.
	Constants map[string]string `yaml:"constants"`
	// Values translate cells of a field: {kind: {individual: Person}}.
	Values map[string]map[string]string `yaml:"values"`
}

// The fields a table of each kind of rows may give.
var mapFields = map[string][]string{
	"entities":  {"id", "name", "kind", "aliases", "summary", "marking"},
	"relations": {"id", "from", "to", "type", "since", "until", "credibility", "source", "sources", "note", "marking"},
	"sources":   {"id", "title", "publisher", "author", "date", "url", "reliability", "note"},
}

// ParseMapping reads a mapping file; problems name the file and line.
func ParseMapping(f File) (Mapping, []graph.Problem) {
	var m Mapping
	dec := yaml.NewDecoder(bytes.NewReader(f.Data))
	dec.KnownFields(true)
	if err := dec.Decode(&m); err != nil {
		return m, []graph.Problem{{File: f.Name, Message: "not a valid mapping: " + err.Error()}}
	}
	var ps []graph.Problem
	bad := func(field, format string, args ...any) {
		ps = append(ps, graph.Problem{File: f.Name, Field: field, Message: fmt.Sprintf(format, args...)})
	}
	if len(m.Tables) == 0 {
		bad("tables", "a mapping needs at least one table")
	}
	for i, t := range m.Tables {
		at := fmt.Sprintf("tables[%d]", i)
		fields, ok := mapFields[t.Rows]
		if !ok {
			bad(at+".rows", "%q: want entities, relations or sources", t.Rows)
			continue
		}
		if t.File == "" {
			bad(at+".file", "name the CSV file this table reads")
		}
		for _, part := range []map[string]string{t.Columns, t.Constants} {
			for k := range part {
				if !contains(fields, k) {
					bad(at+"."+k, "not a field of %s: want one of %s", t.Rows, strings.Join(fields, ", "))
				}
			}
		}
		for k := range t.Values {
			if !contains(fields, k) {
				bad(at+".values."+k, "not a field of %s: want one of %s", t.Rows, strings.Join(fields, ", "))
			}
		}
		need := map[string][]string{"entities": {"name"}, "relations": {"from", "to", "type"}, "sources": {"id", "title"}}[t.Rows]
		for _, k := range need {
			if t.Columns[k] == "" && t.Constants[k] == "" {
				bad(at+".columns."+k, "%s need a %s: give its column or a constant", t.Rows, k)
			}
		}
		if t.Rows == "entities" && t.Columns["kind"] == "" && t.Constants["kind"] == "" {
			bad(at+".columns.kind", "entities need a kind: give its column or a constant (one of %v)", graph.Kinds)
		}
	}
	return m, ps
}

// csvTable is one CSV file's rows under its table.
type csvTable struct {
	t    Table
	file File
	cols map[string]int
	rows [][]string
	line []int
}

func readMappedCSV(bd *builder, files []File, opt Options) error {
	m, ps := ParseMapping(*opt.Mapping)
	if len(ps) > 0 {
		bd.problems = append(bd.problems, ps...)
		return nil
	}
	sep := m.ListSeparator
	if sep == "" {
		sep = ";"
	}
	byName := map[string]File{}
	for _, f := range files {
		byName[filepath.Base(f.Name)] = f
	}
	used := map[string]bool{}
	var tables []*csvTable
	for i, t := range m.Tables {
		f, ok := byName[filepath.Base(t.File)]
		if !ok {
			bd.bad(opt.Mapping.Name, 0, fmt.Sprintf("tables[%d]", i), "file", "no file %q among the files given", t.File)
			continue
		}
		used[filepath.Base(t.File)] = true
		ct := &csvTable{t: t, file: f}
		if readTable(bd, ct) {
			tables = append(tables, ct)
		}
	}
	for _, f := range files {
		if !used[filepath.Base(f.Name)] {
			bd.bad(f.Name, 0, "", "", "no table of the mapping %s reads this file", opt.Mapping.Name)
		}
	}
	if len(bd.problems) > 0 {
		return nil
	}
	for _, s := range m.Sources {
		bd.source(s, at{file: opt.Mapping.Name})
	}
	// Sources, then entities (relations name them), then relations.
	byName2 := map[string]string{} // folded name (and NUL id) → id, for relation ends
	for _, rows := range []string{"sources", "entities", "relations"} {
		for _, ct := range tables {
			if ct.t.Rows != rows {
				continue
			}
			for i, rec := range ct.rows {
				r := mappedRow{ct: ct, rec: rec, line: ct.line[i], bd: bd, sep: sep}
				switch rows {
				case "sources":
					bd.source(graph.Source{ID: r.get("id"), Title: r.get("title"), Publisher: r.get("publisher"), Author: r.get("author"),
						Date: dateOf(r.get("date")), URL: r.get("url"), Reliability: graph.Reliability(r.get("reliability")), Note: r.get("note")}, r.at())
				case "entities":
					n := graph.Node{ID: r.get("id"), Name: r.get("name"), Aliases: r.list("aliases"), Summary: r.get("summary"), Marking: graph.Marking(r.get("marking")), Props: r.props()}
					if n.ID == "" {
						n.ID = Slug(n.Name)
					}
					if k := r.get("kind"); k != "" {
						if kind, ok := kindOf(k); ok {
							n.Kind = kind
						} else {
							r.bad("kind", "%q is not a kind: want one of %v (or map it under values)", k, graph.Kinds)
						}
					}
					byName2[names.Fold(n.Name)], byName2["\x00"+n.ID] = n.ID, n.ID
					bd.node(n, r.at())
				case "relations":
					e := graph.Edge{ID: r.get("id"), Since: dateOf(r.get("since")), Until: dateOf(r.get("until")), Note: r.get("note"), Marking: graph.Marking(r.get("marking")), Props: r.props()}
					e.From, e.To = r.ref("from", byName2, opt), r.ref("to", byName2, opt)
					e.Type = r.get("type")
					if e.Type != "" && !graph.ValidType(e.Type) {
						e.Type = typeOf(e.Type)
					}
					if c := r.get("credibility"); c != "" {
						n, err := strconv.Atoi(c)
						if err != nil || !graph.ValidCredibility(n) {
							r.bad("credibility", "%q: want 1 (confirmed) to 6 (cannot be judged)", c)
						}
						e.Credibility = n
					}
					for _, s := range append(r.list("sources"), r.list("source")...) {
						e.Sources = append(e.Sources, r.source(s, opt))
					}
					if len(e.Sources) == 0 && opt.AllowUnsourced {
						e.Sources = []string{bd.fileSource(ct.file.Name, "CSV")}
					}
					bd.edge(e, r.at())
				}
			}
		}
	}
	return nil
}

// readTable reads a table's CSV: the header must hold every mapped column.
func readTable(bd *builder, ct *csvTable) bool {
	data := bytes.TrimPrefix(ct.file.Data, []byte("\xef\xbb\xbf"))
	rd := csv.NewReader(bytes.NewReader(data))
	rd.FieldsPerRecord = -1
	header, err := rd.Read()
	if err != nil {
		bd.bad(ct.file.Name, 1, "", "", "cannot read the header: %v", err)
		return false
	}
	ct.cols = map[string]int{}
	for i, h := range header {
		ct.cols[strings.TrimSpace(h)] = i
	}
	ok := true
	var wanted []string
	for field, col := range ct.t.Columns {
		wanted = append(wanted, field+"\x00"+col)
	}
	for prop, col := range ct.t.Props {
		wanted = append(wanted, "props."+prop+"\x00"+col)
	}
	sort.Strings(wanted)
	for _, w := range wanted {
		field, col, _ := strings.Cut(w, "\x00")
		if _, found := ct.cols[col]; !found {
			bd.bad(ct.file.Name, 1, "", field, "no column %q in the header (%s)", col, strings.Join(header, ", "))
			ok = false
		}
	}
	for {
		rec, err := rd.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			line := 0
			if errors.As(err, &pe) {
				line = pe.Line
			}
			bd.bad(ct.file.Name, line, "", "", "bad CSV: %v", err)
			return false
		}
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue
		}
		line, _ := rd.FieldPos(0)
		ct.rows = append(ct.rows, append([]string(nil), rec...))
		ct.line = append(ct.line, line)
	}
	return ok
}

// mappedRow reads the fields of one row through its table.
type mappedRow struct {
	ct   *csvTable
	rec  []string
	line int
	bd   *builder
	sep  string
}

func (r mappedRow) at() at { return at{r.ct.file.Name, r.line} }

func (r mappedRow) bad(field, format string, args ...any) {
	r.bd.bad(r.ct.file.Name, r.line, "", field, format, args...)
}

// get is a field's cell (through values), or its constant.
func (r mappedRow) get(field string) string {
	v := ""
	if col, ok := r.ct.t.Columns[field]; ok {
		if i := r.ct.cols[col]; i < len(r.rec) {
			v = strings.TrimSpace(r.rec[i])
		}
	}
	if v == "" {
		v = r.ct.t.Constants[field]
	}
	if tr, ok := r.ct.t.Values[field][v]; ok {
		v = tr
	}
	return v
}

func (r mappedRow) list(field string) []string {
	var out []string
	for p := range strings.SplitSeq(r.get(field), r.sep) {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func (r mappedRow) props() map[string]string {
	p := map[string]string{}
	for prop, col := range r.ct.t.Props {
		if i := r.ct.cols[col]; i < len(r.rec) && strings.TrimSpace(r.rec[i]) != "" {
			p[prop] = strings.TrimSpace(r.rec[i])
		}
	}
	if len(p) == 0 {
		return nil
	}
	return p
}

// ref resolves a relation end: an entity id, or the name of an entity of
// the import, a store's entity id, or a store's entity's name or alias
// (opt.Resolve); anything else is kept (the checks name it).
func (r mappedRow) ref(field string, byName map[string]string, opt Options) string {
	v := r.get(field)
	if v == "" {
		return ""
	}
	if _, ok := byName["\x00"+v]; ok {
		return v
	}
	if id, ok := byName[names.Fold(v)]; ok {
		return id
	}
	id := idFor(v)
	if opt.Resolve == nil || opt.HasNode != nil && graph.ValidID(id) && opt.HasNode(id) {
		return id
	}
	got, err := opt.Resolve(v)
	var amb *graph.AmbiguousError
	switch {
	case err == nil:
		if got != id && opt.Resolved != nil {
			opt.Resolved(Resolution{File: r.ct.file.Name, Line: r.line, Field: field, Name: v, ID: got})
		}
		return got
	case errors.As(err, &amb):
		r.bad(field, "%v; give an id", err)
	case !errors.Is(err, graph.ErrNotFound):
		r.bad(field, "%q: %v", v, err)
	}
	return id
}

// source resolves a cited source: the id of a source of the import or the
// store, else a new source titled by the cell (a URL is its url too).
func (r mappedRow) source(v string, opt Options) string {
	if _, ok := r.bd.sources[v]; ok || graph.ValidID(v) && opt.HasSource != nil && opt.HasSource(v) {
		return v
	}
	s := graph.Source{ID: Slug(v), Title: v}
	if strings.HasPrefix(v, "http://") || strings.HasPrefix(v, "https://") {
		s.URL = v
	}
	r.bd.source(s, r.at())
	return s.ID
}
