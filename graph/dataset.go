package graph

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// ParseDataset reads a dataset file (YAML, or JSON when name ends in .json)
// with top-level sources, entities and relations, and checks it whole. On
// any problem it returns a *ValidationError naming the file, line and field
// of every problem, and no batch. Relations without an id get one (EdgeID);
// defaults are filled in (see Node.Normalize).
func ParseDataset(name string, data []byte) (Batch, error) {
	b, pos, ps := decodeDataset(name, data)
	ps = append(ps, check(b, &pos, nil, nil)...)
	if err := problemsErr(ps); err != nil {
		return Batch{}, err
	}
	b.normalize()
	return b, nil
}

// LoadOptions tune LoadFiles.
type LoadOptions struct {
	// AllowUnsourced lets CSV edges without sources in; they cite
	// UnsourcedID, a source that says so (see ParseCSV).
	AllowUnsourced bool
}

// LoadFiles reads and checks several dataset files as one: YAML and JSON
// datasets, and the CSV pair (nodes*.csv, edges*.csv, and an optional
// sources*.csv, recognised by name). References may cross files. Nothing is
// returned when any file has a problem.
func LoadFiles(paths ...string) (Batch, error) { return Load(LoadOptions{}, paths...) }

// Load is LoadFiles with options.
func Load(opt LoadOptions, paths ...string) (Batch, error) {
	allowUnsourced := opt.AllowUnsourced
	var all Batch
	var pos positions
	var ps []Problem
	var csv csvFiles
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			return Batch{}, fmt.Errorf("load %s: %w", p, err)
		}
		base := strings.ToLower(filepath.Base(p))
		switch {
		case strings.HasSuffix(base, ".csv"):
			if err := csv.add(p, base, data); err != nil {
				return Batch{}, err
			}
			continue
		case strings.HasSuffix(base, ".yaml"), strings.HasSuffix(base, ".yml"), strings.HasSuffix(base, ".json"):
		default:
			return Batch{}, fmt.Errorf("load %s: unknown file type (want .yaml, .yml, .json or .csv)", p)
		}
		b, bp, fps := decodeDataset(p, data)
		all.append(b)
		pos.append(bp)
		ps = append(ps, fps...)
	}
	if csv.any() {
		b, bp, fps := csv.decode(allowUnsourced)
		all.append(b)
		pos.append(bp)
		ps = append(ps, fps...)
	}
	ps = append(ps, check(all, &pos, nil, nil)...)
	if err := problemsErr(ps); err != nil {
		return Batch{}, err
	}
	all.normalize()
	return all, nil
}

func (b *Batch) append(o Batch) {
	b.Sources = concat(b.Sources, o.Sources)
	b.Nodes = concat(b.Nodes, o.Nodes)
	b.Edges = concat(b.Edges, o.Edges)
}

func (p *positions) append(o positions) {
	p.Sources = concat(p.Sources, o.Sources)
	p.Nodes = concat(p.Nodes, o.Nodes)
	p.Edges = concat(p.Edges, o.Edges)
}

// concat is append(a, b...), but takes b over when a is empty: a million
// CSV edges are not copied once more.
func concat[T any](a, b []T) []T {
	if len(a) == 0 {
		return b
	}
	return append(a, b...)
}

// normalize fills in defaults on every record.
func (b *Batch) normalize() {
	for i := range b.Sources {
		b.Sources[i].Normalize()
	}
	for i := range b.Nodes {
		b.Nodes[i].Normalize()
	}
	for i := range b.Edges {
		b.Edges[i].Normalize()
	}
}

// decodeDataset turns YAML or JSON into a batch with positions; it reports
// syntax and shape problems, not semantic ones (see check).
func decodeDataset(name string, data []byte) (Batch, positions, []Problem) {
	var b Batch
	var pos positions
	if strings.HasSuffix(strings.ToLower(name), ".json") {
		if err := json.Unmarshal(data, new(any)); err != nil {
			line := 0
			if se, ok := err.(*json.SyntaxError); ok {
				line = 1 + bytes.Count(data[:se.Offset], []byte("\n"))
			}
			return b, pos, []Problem{{File: name, Line: line, Message: "not valid JSON: " + err.Error()}}
		}
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return b, pos, []Problem{{File: name, Message: "not valid YAML: " + err.Error()}}
	}
	d := decoder{file: name}
	if len(doc.Content) == 0 {
		return b, pos, []Problem{{File: name, Message: "empty dataset: want top-level sources, entities and relations"}}
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		d.bad(root, "", "want a mapping with sources, entities and relations")
		return b, pos, d.problems
	}
	for i := 0; i+1 < len(root.Content); i += 2 {
		key, val := root.Content[i], root.Content[i+1]
		switch key.Value {
		case "sources":
			d.records(val, "sources", func(rec *yaml.Node, p position) {
				b.Sources = append(b.Sources, record[Source](&d, rec, sourceKeys))
				pos.Sources = append(pos.Sources, p)
			})
		case "entities":
			d.records(val, "entities", func(rec *yaml.Node, p position) {
				b.Nodes = append(b.Nodes, record[Node](&d, rec, nodeKeys))
				pos.Nodes = append(pos.Nodes, p)
			})
		case "relations":
			d.records(val, "relations", func(rec *yaml.Node, p position) {
				b.Edges = append(b.Edges, record[Edge](&d, rec, edgeKeys))
				pos.Edges = append(pos.Edges, p)
			})
		default:
			d.bad(key, key.Value, "unknown top-level key: want sources, entities or relations")
		}
	}
	fillEdgeIDs(b.Edges)
	return b, pos, d.problems
}

// fillEdgeIDs gives every edge without an id a deterministic one.
func fillEdgeIDs(edges []Edge) {
	if !slices.ContainsFunc(edges, func(e Edge) bool { return e.ID == "" }) {
		return
	}
	taken := make(map[string]bool, len(edges))
	for _, e := range edges {
		taken[e.ID] = true
	}
	for i := range edges {
		if edges[i].ID != "" {
			continue
		}
		// EdgeID gives a different id for each n > 0, and at most
		// len(edges)-1 other ids are taken: the loop ends with an id.
		for n := 0; n <= len(edges)+1; n++ {
			id := EdgeID(edges[i].From, edges[i].Type, edges[i].To, n)
			if !taken[id] {
				edges[i].ID, taken[id] = id, true
				break
			}
		}
	}
}

// decoder walks yaml nodes field by field so that every problem has a line.
type decoder struct {
	file     string
	problems []Problem
	fields   map[string]int
}

func (d *decoder) bad(n *yaml.Node, field, format string, args ...any) {
	d.problems = append(d.problems, Problem{File: d.file, Line: n.Line, Field: field, Message: fmt.Sprintf(format, args...)})
}

// records calls f for each mapping in a sequence.
func (d *decoder) records(seq *yaml.Node, section string, f func(*yaml.Node, position)) {
	if seq.Kind == yaml.ScalarNode && seq.Tag == "!!null" {
		return
	}
	if seq.Kind != yaml.SequenceNode {
		d.bad(seq, section, "want a list")
		return
	}
	for _, rec := range seq.Content {
		if rec.Kind != yaml.MappingNode {
			d.bad(rec, section, "want a mapping for each record")
			continue
		}
		d.fields = map[string]int{}
		for i := 0; i < len(rec.Content); i += 2 {
			d.fields[rec.Content[i].Value] = rec.Content[i].Line
		}
		f(rec, position{File: d.file, Line: rec.Line, Fields: d.fields})
	}
}

// each calls f for every key of a record mapping.
func (d *decoder) each(rec *yaml.Node, f func(key string, val *yaml.Node) bool) {
	for i := 0; i+1 < len(rec.Content); i += 2 {
		k, v := rec.Content[i], rec.Content[i+1]
		if !f(k.Value, v) {
			d.bad(k, k.Value, "unknown field")
		}
	}
}

func (d *decoder) str(field string, v *yaml.Node) string {
	if v.Kind != yaml.ScalarNode {
		d.bad(v, field, "want a single value")
		return ""
	}
	if v.Tag == "!!null" {
		return ""
	}
	return v.Value
}

func (d *decoder) list(field string, v *yaml.Node) []string {
	if v.Kind == yaml.ScalarNode {
		if v.Tag == "!!null" || v.Value == "" {
			return nil
		}
		return []string{v.Value}
	}
	if v.Kind != yaml.SequenceNode {
		d.bad(v, field, "want a list")
		return nil
	}
	out := make([]string, 0, len(v.Content))
	for _, item := range v.Content {
		out = append(out, d.str(field, item))
	}
	return out
}

func (d *decoder) strMap(field string, v *yaml.Node) map[string]string {
	if v.Kind == yaml.ScalarNode && v.Tag == "!!null" {
		return nil
	}
	if v.Kind != yaml.MappingNode {
		d.bad(v, field, "want a mapping of names to values")
		return nil
	}
	out := make(map[string]string, len(v.Content)/2)
	for i := 0; i+1 < len(v.Content); i += 2 {
		out[v.Content[i].Value] = d.str(field+"."+v.Content[i].Value, v.Content[i+1])
	}
	return out
}

// The keys of the records, read once from the model's yaml tags: a field
// added to Source, Node or Edge is decoded with no change here.
var (
	sourceKeys = yamlFields(reflect.TypeFor[Source]())
	nodeKeys   = yamlFields(reflect.TypeFor[Node]())
	edgeKeys   = yamlFields(reflect.TypeFor[Edge]())
)

// yamlField is how a record's key is decoded into its struct field; set is
// nil for a derived field (yaml "-", such as Edge.Grade), which is accepted
// under its JSON name, since exports carry it, and recomputed.
type yamlField struct {
	index int
	set   func(d *decoder, key string, v *yaml.Node, dst reflect.Value)
}

// yamlFields maps t's yaml keys to their fields. A field of a type the
// decoder cannot read panics here, at start-up, so that the tests fail.
func yamlFields(t reflect.Type) map[string]yamlField {
	m := map[string]yamlField{}
	for i := range t.NumField() {
		sf := t.Field(i)
		name, _, _ := strings.Cut(sf.Tag.Get("yaml"), ",")
		if name == "-" {
			json, _, _ := strings.Cut(sf.Tag.Get("json"), ",")
			m[json] = yamlField{index: i}
			continue
		}
		f := yamlField{index: i}
		switch {
		case sf.Type.Kind() == reflect.String:
			f.set = func(d *decoder, k string, v *yaml.Node, dst reflect.Value) { dst.SetString(d.str(k, v)) }
		case sf.Type == reflect.TypeFor[[]string]():
			f.set = func(d *decoder, k string, v *yaml.Node, dst reflect.Value) { dst.Set(reflect.ValueOf(d.list(k, v))) }
		case sf.Type == reflect.TypeFor[map[string]string]():
			f.set = func(d *decoder, k string, v *yaml.Node, dst reflect.Value) { dst.Set(reflect.ValueOf(d.strMap(k, v))) }
		case sf.Name == "Credibility":
			f.set = func(d *decoder, _ string, v *yaml.Node, dst reflect.Value) { dst.SetInt(int64(d.credibility(v))) }
		default:
			panic(fmt.Sprintf("graph: no YAML decoding for %s.%s of type %s", t.Name(), sf.Name, sf.Type))
		}
		m[name] = f
	}
	return m
}

// record decodes one record mapping of type T, whose keys are fields.
func record[T any](d *decoder, rec *yaml.Node, fields map[string]yamlField) T {
	var x T
	rv := reflect.ValueOf(&x).Elem()
	d.each(rec, func(k string, v *yaml.Node) bool {
		f, ok := fields[k]
		if ok && f.set != nil {
			f.set(d, k, v, rv.Field(f.index))
		}
		return ok
	})
	return x
}

// credibility parses 1–6; an explicit empty value means the default.
func (d *decoder) credibility(v *yaml.Node) int {
	s := d.str("credibility", v)
	if s == "" {
		return 0
	}
	c, err := strconv.Atoi(s)
	if err != nil || !ValidCredibility(c) {
		d.bad(v, "credibility", "%q: want 1 (confirmed) to 6 (cannot be judged)", s)
		return 0
	}
	return c
}
