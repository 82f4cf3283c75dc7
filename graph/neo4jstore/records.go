package neo4jstore

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"linkchart/graph"
	"linkchart/graph/names"
)

// Projections of the stored records, in the shape that the *From functions
// read.
const (
	nodeProj   = "{.id, .kind, .name, .aliases, .summary, .props, .marking, .geo}"
	edgeProj   = "{.id, .type, .from, .to, .since, .until, .credibility, .sources, .note, .props, .marking}"
	sourceProj = "{.id, .title, .publisher, .author, .date, .url, .reliability, .note}"
)

// batchRows is how many rows one UNWIND round trip carries.
const batchRows = 5000

// nodeRow is a node as stored.
func nodeRow(n graph.Node) map[string]any {
	props, _ := json.Marshal(n.Props)
	return map[string]any{
		"id":      n.ID,
		"kind":    string(n.Kind),
		"name":    n.Name,
		"aliases": n.Aliases,
		"summary": n.Summary,
		"props":   string(props),
		"marking": string(n.Marking),
		"mlevel":  n.Marking.Level(),
		"search":  searchText(n),
		"geo":     nilIfEmpty(graph.GeoText(n.Geo)),
	}
}

// nilIfEmpty is s, or nil (no property) for "".
func nilIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// searchText is what the full-text index holds for a node: the words of
// its normalized name and aliases, the compact form of each, and their
// spelling keys (names.Keys).
func searchText(n graph.Node) string {
	seen := map[string]bool{}
	var terms []string
	add := func(t string) {
		if t != "" && !seen[t] {
			seen[t] = true
			terms = append(terms, t)
		}
	}
	for _, s := range append([]string{n.Name}, n.Aliases...) {
		norm := graph.Normalize(s)
		for _, t := range graph.Tokens(norm) {
			add(t)
		}
		add(graph.Compact(norm))
		for _, k := range names.Keys(norm) {
			add(k)
		}
	}
	return strings.Join(terms, " ")
}

// edgeRow is an edge as stored (rel, the best reliability, is computed in
// Cypher from the stored sources).
func edgeRow(e graph.Edge) map[string]any {
	var props any
	if len(e.Props) > 0 {
		b, _ := json.Marshal(e.Props)
		props = string(b)
	}
	return map[string]any{
		"id":          e.ID,
		"type":        e.Type,
		"from":        e.From,
		"to":          e.To,
		"since":       string(e.Since),
		"until":       string(e.Until),
		"credibility": e.Credibility,
		"sources":     e.Sources,
		"note":        e.Note,
		"props":       props,
		"marking":     string(e.Marking),
		"mlevel":      e.Marking.Level(),
	}
}

// sourceRow is a source as stored.
func sourceRow(s graph.Source) map[string]any {
	return map[string]any{
		"id":          s.ID,
		"title":       s.Title,
		"publisher":   s.Publisher,
		"author":      s.Author,
		"date":        string(s.Date),
		"url":         s.URL,
		"reliability": string(s.Reliability),
		"note":        s.Note,
	}
}

// value reads a record's key as T.
func value[T neo4j.RecordValue](rec *neo4j.Record, key string) (T, error) {
	v, isNil, err := neo4j.GetRecordValue[T](rec, key)
	if err == nil && isNil {
		err = errors.New("null")
	}
	if err != nil {
		return v, fmt.Errorf("record %q: %w", key, err)
	}
	return v, nil
}

func str(m map[string]any, key string) string {
	s, _ := m[key].(string)
	return s
}

func strs(m map[string]any, key string) []string {
	l, _ := m[key].([]any)
	out := make([]string, 0, len(l))
	for _, v := range l {
		if s, ok := v.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

func strMap(m map[string]any, key string) (map[string]string, error) {
	s := str(m, key)
	if s == "" {
		return nil, nil
	}
	var out map[string]string
	if err := json.Unmarshal([]byte(s), &out); err != nil {
		return nil, fmt.Errorf("props of %q: %w", str(m, "id"), err)
	}
	return out, nil
}

func nodeFrom(m map[string]any) (graph.Node, error) {
	props, err := strMap(m, "props")
	if err != nil {
		return graph.Node{}, err
	}
	n := graph.Node{
		ID:      str(m, "id"),
		Kind:    graph.Kind(str(m, "kind")),
		Name:    str(m, "name"),
		Aliases: strs(m, "aliases"),
		Summary: str(m, "summary"),
		Props:   props,
		Marking: graph.Marking(str(m, "marking")),
	}
	if n.Geo, err = graph.ParseGeoText(str(m, "geo")); err != nil {
		return graph.Node{}, fmt.Errorf("entity %s: %w", n.ID, err)
	}
	n.Normalize()
	return n, nil
}

func edgeFrom(m map[string]any) (graph.Edge, error) {
	props, err := strMap(m, "props")
	if err != nil {
		return graph.Edge{}, err
	}
	cred, _ := m["credibility"].(int64)
	e := graph.Edge{
		ID:          str(m, "id"),
		Type:        str(m, "type"),
		From:        str(m, "from"),
		To:          str(m, "to"),
		Since:       graph.Date(str(m, "since")),
		Until:       graph.Date(str(m, "until")),
		Credibility: int(cred),
		Sources:     strs(m, "sources"),
		Note:        str(m, "note"),
		Props:       props,
		Marking:     graph.Marking(str(m, "marking")),
	}
	e.Normalize()
	return e, nil
}

func sourceFrom(m map[string]any) graph.Source {
	s := graph.Source{
		ID:          str(m, "id"),
		Title:       str(m, "title"),
		Publisher:   str(m, "publisher"),
		Author:      str(m, "author"),
		Date:        graph.Date(str(m, "date")),
		URL:         str(m, "url"),
		Reliability: graph.Reliability(str(m, "reliability")),
		Note:        str(m, "note"),
	}
	s.Normalize()
	return s
}

// nodes reads column key of every record as a node.
func nodesOf(recs []*neo4j.Record, key string) ([]graph.Node, error) {
	out := make([]graph.Node, 0, len(recs))
	for _, rec := range recs {
		m, err := value[map[string]any](rec, key)
		if err != nil {
			return nil, err
		}
		n, err := nodeFrom(m)
		if err != nil {
			return nil, err
		}
		out = append(out, n)
	}
	return out, nil
}

// edgesOf reads column key of every record as an edge.
func edgesOf(recs []*neo4j.Record, key string) ([]graph.Edge, error) {
	out := make([]graph.Edge, 0, len(recs))
	for _, rec := range recs {
		m, err := value[map[string]any](rec, key)
		if err != nil {
			return nil, err
		}
		e, err := edgeFrom(m)
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, nil
}

// fetchNodes reads the visible nodes among ids.
func fetchNodes(ctx context.Context, tx neo4j.ManagedTransaction, ids []string, cl int) ([]graph.Node, error) {
	recs, err := collect(ctx, tx,
		"MATCH (n:Entity) USING INDEX SEEK n:Entity(id) WHERE n.id IN $ids AND n.mlevel <= $cl RETURN n "+nodeProj+" AS n",
		map[string]any{"ids": ids, "cl": cl})
	if err != nil {
		return nil, err
	}
	return nodesOf(recs, "n")
}

// fetchEdges reads the edges with the given ids.
func fetchEdges(ctx context.Context, tx neo4j.ManagedTransaction, ids []string) ([]graph.Edge, error) {
	recs, err := collect(ctx, tx,
		"UNWIND $ids AS id MATCH ()-[r:REL {id: id}]->() USING INDEX SEEK r:REL(id) RETURN r "+edgeProj+" AS r",
		map[string]any{"ids": ids})
	if err != nil {
		return nil, err
	}
	return edgesOf(recs, "r")
}

// finish completes an answer: it fetches the sources the edges cite, fills
// in each edge's grade and sorts the subgraph.
func finish(ctx context.Context, tx neo4j.ManagedTransaction, g *graph.Subgraph) error {
	seen := map[string]bool{}
	var ids []string
	for _, e := range g.Edges {
		for _, id := range e.Sources {
			if !seen[id] {
				seen[id] = true
				ids = append(ids, id)
			}
		}
	}
	g.Sources = []graph.Source{}
	if len(ids) > 0 {
		recs, err := collect(ctx, tx,
			"MATCH (s:Source) USING INDEX SEEK s:Source(id) WHERE s.id IN $ids RETURN s "+sourceProj+" AS s",
			map[string]any{"ids": ids})
		if err != nil {
			return err
		}
		for _, rec := range recs {
			m, err := value[map[string]any](rec, "s")
			if err != nil {
				return err
			}
			g.Sources = append(g.Sources, sourceFrom(m))
		}
	}
	grade(g)
	return nil
}

// grade fills in the grade of every edge of g from g's sources, and sorts
// g.
func grade(g *graph.Subgraph) {
	byID := make(map[string]graph.Source, len(g.Sources))
	for _, s := range g.Sources {
		byID[s.ID] = s
	}
	for i := range g.Edges {
		e := &g.Edges[i]
		e.Grade = graph.GradeOf(e.Credibility, e.Sources, byID).String()
	}
	g.Sort()
}

// uniq returns ids without duplicates, in first-seen order.
func uniq(ids []string) []string {
	seen := make(map[string]bool, len(ids))
	out := make([]string, 0, len(ids))
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}

// sortedKeys returns a set's members in order.
func sortedKeys(set map[string]bool) []string {
	out := make([]string, 0, len(set))
	for k := range set {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
