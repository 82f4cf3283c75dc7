// Package imports turns other tools' files into a graph.Batch: GraphML and
// GEXF (Gephi, yEd, networkx), CSV with any headers through a mapping file,
// STIX 2.1 bundles (OpenCTI, the stix2 library) and FollowTheMoney JSON
// lines (Aleph, the followthemoney library), beside linkchart's own YAML,
// JSON and CSV. One file per format. Every format ends in graph's checks
// (graph.CheckBatchWhere), so a problem names the file, line or element,
// and field, and nothing is returned when there is one.
package imports

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"linkchart/graph"
	"linkchart/graph/names"
)

// Formats are the import formats.
var Formats = []string{"yaml", "json", "csv", "graphml", "gexf", "stix", "ftm"}

// File is one input file; Name is used in messages and to infer a format.
type File struct {
	Name string
	Data []byte
}

// Options tune Read.
type Options struct {
	// Format is one of Formats; empty: inferred from the first file's name.
	Format string
	// Mapping is the YAML mapping of a CSV with any headers (see Mapping);
	// nil: linkchart's own CSV headers.
	Mapping *File
	// AllowUnsourced lets linkchart CSV edges without sources in.
	AllowUnsourced bool
	// HasNode and HasSource find references outside the files (a store's
	// records); nil: nothing outside.
	HasNode, HasSource func(id string) bool
	// Resolve finds the entity outside the files that a relation end of a
	// mapped CSV names by name or alias (graph.Resolve): an
	// *graph.AmbiguousError when several fit; nil: ends are ids only.
	Resolve func(name string) (string, error)
	// Resolved, when set, hears each relation end Resolve resolved.
	Resolved func(Resolution)
}

// Resolution is a relation end given by name and resolved to an entity
// outside the files.
type Resolution struct {
	File  string `json:"file"`
	Line  int    `json:"line"`
	Field string `json:"field"`
	Name  string `json:"name"`
	ID    string `json:"id"`
}

// FormatOf infers a format from a file name, "" when it cannot.
func FormatOf(name string) string {
	n := strings.ToLower(name)
	switch {
	case strings.HasSuffix(n, ".yaml"), strings.HasSuffix(n, ".yml"):
		return "yaml"
	case strings.HasSuffix(n, ".stix.json"), strings.HasSuffix(n, ".stix"):
		return "stix"
	case strings.HasSuffix(n, ".ftm.json"), strings.HasSuffix(n, ".ftm"), strings.HasSuffix(n, ".jsonl"), strings.HasSuffix(n, ".ndjson"):
		return "ftm"
	case strings.HasSuffix(n, ".json"):
		return "json"
	case strings.HasSuffix(n, ".csv"):
		return "csv"
	case strings.HasSuffix(n, ".graphml"):
		return "graphml"
	case strings.HasSuffix(n, ".gexf"):
		return "gexf"
	}
	return ""
}

// Read reads files in one format into a checked batch with defaults filled
// in. Problems come as a *graph.ValidationError listing every one.
func Read(files []File, opt Options) (graph.Batch, error) {
	if len(files) == 0 {
		return graph.Batch{}, fmt.Errorf("import: no files")
	}
	format := opt.Format
	if format == "" {
		format = FormatOf(files[0].Name)
		if format == "" {
			return graph.Batch{}, fmt.Errorf("import %s: cannot tell the format from the name; give one of %s", files[0].Name, strings.Join(Formats, ", "))
		}
	}
	var r reader
	switch format {
	case "yaml", "json":
		return readDatasets(files, opt)
	case "csv":
		if opt.Mapping == nil {
			return readLinkchartCSV(files, opt)
		}
		r = readMappedCSV
	case "graphml":
		r = readGraphML
	case "gexf":
		r = readGEXF
	case "stix":
		r = readSTIX
	case "ftm":
		r = readFtM
	default:
		return graph.Batch{}, fmt.Errorf("import: unknown format %q: want one of %s", format, strings.Join(Formats, ", "))
	}
	bd := newBuilder()
	if err := r(bd, files, opt); err != nil {
		return graph.Batch{}, err
	}
	return bd.finish(opt)
}

type reader func(bd *builder, files []File, opt Options) error

// at is where a record came from.
type at struct {
	file string
	line int
}

// builder gathers records and problems of one import.
type builder struct {
	b                     graph.Batch
	srcAt, nodeAt, edgeAt []at
	sources               map[string]int // id → index in b.Sources
	problems              []graph.Problem
}

func newBuilder() *builder { return &builder{sources: map[string]int{}} }

// bad records a problem with a field of an element.
func (bd *builder) bad(file string, line int, record, field, format string, args ...any) {
	bd.problems = append(bd.problems, graph.Problem{File: file, Line: line, Record: record, Field: field, Message: fmt.Sprintf(format, args...)})
}

func (bd *builder) node(n graph.Node, where at) {
	bd.b.Nodes = append(bd.b.Nodes, n)
	bd.nodeAt = append(bd.nodeAt, where)
}

func (bd *builder) edge(e graph.Edge, where at) {
	bd.b.Edges = append(bd.b.Edges, e)
	bd.edgeAt = append(bd.edgeAt, where)
}

// source adds s once (by id): later copies of a source fill only what the
// first left empty.
func (bd *builder) source(s graph.Source, where at) {
	if i, ok := bd.sources[s.ID]; ok {
		o := &bd.b.Sources[i]
		for _, f := range [][2]*string{{&o.Title, &s.Title}, {&o.Publisher, &s.Publisher}, {&o.Author, &s.Author}, {&o.URL, &s.URL}, {&o.Note, &s.Note}} {
			if *f[0] == "" {
				*f[0] = *f[1]
			}
		}
		if o.Date == "" {
			o.Date = s.Date
		}
		if o.Reliability == "" {
			o.Reliability = s.Reliability
		}
		return
	}
	bd.sources[s.ID] = len(bd.b.Sources)
	bd.b.Sources = append(bd.b.Sources, s)
	bd.srcAt = append(bd.srcAt, where)
}

// fileSource is the source cited by records of a file that names none: the
// file itself, reliability F (cannot be judged).
func (bd *builder) fileSource(file, tool string) string {
	id := Slug("file " + filepath.Base(file))
	bd.source(graph.Source{ID: id, Title: fmt.Sprintf("%s (%s file imported without sources)", filepath.Base(file), tool), Reliability: graph.ReliabilityUnknown}, at{file: file})
	return id
}

// finish fills edge ids, checks the batch with graph's checks (every
// problem placed) and fills defaults.
func (bd *builder) finish(opt Options) (graph.Batch, error) {
	graph.FillEdgeIDs(bd.b.Edges)
	where := func(section string, i int) (string, int) {
		list := map[string][]at{"sources": bd.srcAt, "entities": bd.nodeAt, "relations": bd.edgeAt}[section]
		if i < len(list) {
			return list[i].file, list[i].line
		}
		return "", 0
	}
	err := graph.CheckBatchWhere(bd.b, where, opt.HasNode, opt.HasSource)
	if len(bd.problems) > 0 {
		// The reader's own problems first; graph's checks add what they
		// find at places the reader has not already named.
		ps := bd.problems
		named := map[[3]string]bool{}
		for _, p := range ps {
			named[[3]string{p.File, fmt.Sprint(p.Line), p.Field}] = true
		}
		var ve *graph.ValidationError
		if errors.As(err, &ve) {
			for _, p := range ve.Problems {
				if !named[[3]string{p.File, fmt.Sprint(p.Line), p.Field}] {
					ps = append(ps, p)
				}
			}
		}
		return graph.Batch{}, &graph.ValidationError{Problems: ps}
	}
	if err != nil {
		return graph.Batch{}, err
	}
	bd.b.Normalize()
	return bd.b, nil
}

// Slug makes an id from a name: folded to Latin (names.Fold), words joined
// by dashes, at most 128 characters. "" when nothing is left.
func Slug(s string) string {
	id := strings.ReplaceAll(names.Fold(s), " ", "-")
	b := make([]byte, 0, len(id))
	for i := 0; i < len(id); i++ {
		c := id[i]
		if c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' && len(b) > 0 {
			b = append(b, c)
		}
	}
	if len(b) > 128 {
		b = b[:128]
	}
	return strings.TrimRight(string(b), "-")
}

// idFor keeps a valid id as it is and makes one of anything else.
func idFor(raw string) string {
	if graph.ValidID(raw) {
		return raw
	}
	return Slug(raw)
}

// kindOf reads a kind case-blind, with common other tools' words for one.
func kindOf(s string) (graph.Kind, bool) {
	t := strings.ToLower(strings.TrimSpace(s))
	for _, k := range graph.Kinds {
		if strings.ToLower(string(k)) == t {
			return k, true
		}
	}
	switch strings.ReplaceAll(strings.ReplaceAll(t, " ", ""), "_", "") {
	case "individual", "human", "people", "persons":
		return graph.Person, true
	case "org", "organisation", "company", "group", "legalentity":
		return graph.Organization, true
	case "country", "nation":
		return graph.State, true
	case "weapon", "weaponsystem", "missile", "system":
		return graph.WeaponSystem, true
	case "location", "city", "site", "address":
		return graph.Place, true
	case "militaryunit", "formation":
		return graph.Unit, true
	case "incident", "meeting":
		return graph.Event, true
	}
	return "", false
}

// typeOf makes a relation type of a label: "member of" → MEMBER_OF.
func typeOf(s string) string {
	t := strings.ToUpper(strings.ReplaceAll(Slug(s), "-", "_"))
	if len(t) > 64 {
		t = t[:64]
	}
	return t
}

// dateOf reads a date or time stamp as a partial date: "2024-10-18T…" →
// "2024-10-18"; anything else is kept for the checks to name.
func dateOf(s string) graph.Date {
	s = strings.TrimSpace(s)
	if len(s) > 10 && s[4] == '-' && (s[10] == 'T' || s[10] == ' ') {
		s = s[:10]
	}
	return graph.Date(s)
}

// splitList splits a list attribute on ";" (linkchart's exports) or "|".
func splitList(s string) []string {
	var out []string
	for _, p := range strings.FieldsFunc(s, func(r rune) bool { return r == ';' || r == '|' }) {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// fileProblem is a file the import cannot read as asked: a problem (400
// over HTTP) naming the file, not a failure of the server.
func fileProblem(name, msg string) error {
	return &graph.ValidationError{Problems: []graph.Problem{{File: name, Field: "file", Message: msg}}}
}
