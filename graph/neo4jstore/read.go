package neo4jstore

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"linkchart/graph"
)

// Entity returns a node with its visible edges, their other ends and
// sources.
func (s *Store) Entity(ctx context.Context, id string, clearance graph.Marking) (graph.Subgraph, error) {
	cl := clearance.Level()
	return read(ctx, s, "entity "+id, func(tx neo4j.ManagedTransaction) (graph.Subgraph, error) {
		recs, err := collect(ctx, tx, `
MATCH (n:Entity {id: $id}) USING INDEX SEEK n:Entity(id) WHERE n.mlevel <= $cl
OPTIONAL MATCH (n)-[r:REL]-(m) WHERE r.mlevel <= $cl AND m.mlevel <= $cl
RETURN n `+nodeProj+` AS n, collect(DISTINCT r `+edgeProj+`) AS rs, collect(DISTINCT m `+nodeProj+`) AS ms`,
			map[string]any{"id": id, "cl": cl})
		if err != nil {
			return graph.Subgraph{}, err
		}
		if len(recs) == 0 {
			return graph.Subgraph{}, graph.ErrNotFound
		}
		rec := recs[0]
		nm, err := value[map[string]any](rec, "n")
		if err != nil {
			return graph.Subgraph{}, err
		}
		n, err := nodeFrom(nm)
		if err != nil {
			return graph.Subgraph{}, err
		}
		g := graph.Subgraph{Nodes: []graph.Node{n}}
		rs, err := value[[]any](rec, "rs")
		if err != nil {
			return graph.Subgraph{}, err
		}
		for _, v := range rs {
			m, _ := v.(map[string]any)
			e, err := edgeFrom(m)
			if err != nil {
				return graph.Subgraph{}, err
			}
			g.Edges = append(g.Edges, e)
		}
		ms, err := value[[]any](rec, "ms")
		if err != nil {
			return graph.Subgraph{}, err
		}
		for _, v := range ms {
			m, _ := v.(map[string]any)
			o, err := nodeFrom(m)
			if err != nil {
				return graph.Subgraph{}, err
			}
			if o.ID != n.ID {
				g.Nodes = append(g.Nodes, o)
			}
		}
		return g, finish(ctx, tx, &g)
	})
}

// Subgraph returns the visible nodes among ids and the visible edges
// between them.
func (s *Store) Subgraph(ctx context.Context, ids []string, clearance graph.Marking) (graph.Subgraph, error) {
	cl := clearance.Level()
	ids = uniq(ids)
	return read(ctx, s, "subgraph", func(tx neo4j.ManagedTransaction) (graph.Subgraph, error) {
		return induced(ctx, tx, ids, cl, edgeFilter{})
	})
}

// induced returns the visible nodes among ids and the edges between them
// that are visible and pass f, with their sources, in one query.
func induced(ctx context.Context, tx neo4j.ManagedTransaction, ids []string, cl int, f edgeFilter) (graph.Subgraph, error) {
	var g graph.Subgraph
	params := f.params(cl)
	params["ids"] = ids
	recs, err := collect(ctx, tx, `
UNWIND $ids AS id
MATCH (n:Entity {id: id}) USING INDEX SEEK n:Entity(id) WHERE n.mlevel <= $cl
WITH collect(n) AS ns
CALL (ns) {
  UNWIND ns AS a
  MATCH (a)-[r:REL]->(b)
  WHERE b.id IN $ids AND b.mlevel <= $cl AND `+edgeCond+`
  RETURN collect(r `+edgeProj+`) AS rs
}
CALL (rs) {
  UNWIND rs AS r
  UNWIND r.sources AS sid
  WITH DISTINCT sid
  MATCH (s:Source {id: sid}) USING INDEX SEEK s:Source(id)
  RETURN collect(s `+sourceProj+`) AS ss
}
RETURN [n IN ns | n `+nodeProj+`] AS ns, rs, ss`, params)
	if err != nil {
		return g, err
	}
	if len(recs) != 1 {
		return g, fmt.Errorf("induced subgraph: %d records", len(recs))
	}
	lists := map[string][]map[string]any{}
	for _, key := range []string{"ns", "rs", "ss"} {
		l, err := value[[]any](recs[0], key)
		if err != nil {
			return g, err
		}
		for _, v := range l {
			m, ok := v.(map[string]any)
			if !ok {
				return g, fmt.Errorf("induced subgraph: %s holds a %T", key, v)
			}
			lists[key] = append(lists[key], m)
		}
	}
	for _, m := range lists["ns"] {
		n, err := nodeFrom(m)
		if err != nil {
			return g, err
		}
		g.Nodes = append(g.Nodes, n)
	}
	for _, m := range lists["rs"] {
		e, err := edgeFrom(m)
		if err != nil {
			return g, err
		}
		g.Edges = append(g.Edges, e)
	}
	g.Sources = []graph.Source{}
	for _, m := range lists["ss"] {
		g.Sources = append(g.Sources, sourceFrom(m))
	}
	grade(&g)
	return g, nil
}

// Schema counts the visible nodes by kind, the visible edges by type and
// the sources those edges cite.
func (s *Store) Schema(ctx context.Context, clearance graph.Marking) (graph.Schema, error) {
	cl := clearance.Level()
	return read(ctx, s, "schema", func(tx neo4j.ManagedTransaction) (graph.Schema, error) {
		sc := graph.Schema{Kinds: map[string]int{}, Types: map[string]int{}}
		params := map[string]any{"cl": cl}
		recs, err := collect(ctx, tx,
			"MATCH (n:Entity) WHERE n.mlevel <= $cl RETURN n.kind AS k, count(*) AS c", params)
		if err != nil {
			return sc, err
		}
		if err := counts(recs, sc.Kinds, &sc.Counts.Nodes); err != nil {
			return sc, err
		}
		recs, err = collect(ctx, tx, `
MATCH (a:Entity)-[r:REL]->(b:Entity)
WHERE r.mlevel <= $cl AND a.mlevel <= $cl AND b.mlevel <= $cl
RETURN r.type AS k, count(*) AS c`, params)
		if err != nil {
			return sc, err
		}
		if err := counts(recs, sc.Types, &sc.Counts.Edges); err != nil {
			return sc, err
		}
		recs, err = collect(ctx, tx, `
MATCH (a:Entity)-[r:REL]->(b:Entity)
WHERE r.mlevel <= $cl AND a.mlevel <= $cl AND b.mlevel <= $cl
UNWIND r.sources AS src
RETURN count(DISTINCT src) AS c`, params)
		if err != nil {
			return sc, err
		}
		if len(recs) == 1 {
			c, err := value[int64](recs[0], "c")
			if err != nil {
				return sc, err
			}
			sc.Counts.Sources = int(c)
		}
		return sc, nil
	})
}

// counts adds records of (k, c) to m and their sum to total.
func counts(recs []*neo4j.Record, m map[string]int, total *int) error {
	for _, rec := range recs {
		k, err := value[string](rec, "k")
		if err != nil {
			return err
		}
		c, err := value[int64](rec, "c")
		if err != nil {
			return err
		}
		m[k] += int(c)
		*total += int(c)
	}
	return nil
}

// Source returns one source.
func (s *Store) Source(ctx context.Context, id string) (graph.Source, error) {
	return read(ctx, s, "source "+id, func(tx neo4j.ManagedTransaction) (graph.Source, error) {
		recs, err := collect(ctx, tx, "MATCH (s:Source {id: $id}) USING INDEX SEEK s:Source(id) RETURN s "+sourceProj+" AS s", map[string]any{"id": id})
		if err != nil {
			return graph.Source{}, err
		}
		if len(recs) == 0 {
			return graph.Source{}, graph.ErrNotFound
		}
		m, err := value[map[string]any](recs[0], "s")
		if err != nil {
			return graph.Source{}, err
		}
		return sourceFrom(m), nil
	})
}

// maxSearchWords bounds the words of a query that go into the full-text
// query; every query word must match, so fewer words only widen the
// candidates that graph.Score then ranks.
const maxSearchWords = 8

// maxTermRunes bounds a term of the full-text query. Lucene's tokenizer
// cuts indexed words at 255 characters and refuses very long query terms,
// so a longer query word is asked for by the prefix of its first
// maxTermRunes runes (a superset for the prefix rules) and without a typo
// clause: a typo in a word that long is not looked for.
const maxTermRunes = 100

// luceneQuery builds the full-text query that finds every node that
// graph.Score can match: the compact form of the query as a prefix of a
// compact name, or each query word as a prefix of, or within the typo
// budget of, a name word. Every term is escaped.
func luceneQuery(text string) string {
	q := graph.Normalize(text)
	if q == "" {
		return ""
	}
	var b strings.Builder
	b.WriteString("(")
	for i, w := range uniq(graph.Tokens(q)) {
		if i == maxSearchWords {
			break
		}
		r := []rune(w)
		if len(r) > maxTermRunes {
			fmt.Fprintf(&b, "+(%s*) ", escapeLucene(string(r[:maxTermRunes])))
			continue
		}
		e := escapeLucene(w)
		fmt.Fprintf(&b, "+(%s*", e)
		if k := graph.TypoBudget(len(r)); k > 0 {
			fmt.Fprintf(&b, " %s~%d", e, k)
		}
		b.WriteString(") ")
	}
	c := []rune(graph.Compact(q))
	fmt.Fprintf(&b, ") %s*", escapeLucene(string(c[:min(len(c), maxTermRunes)])))
	return b.String()
}

// luceneMaxExpansions is how many index terms Lucene expands a fuzzy
// query term to, at most (FuzzyQuery's default, which Neo4j's query parser
// keeps).
const luceneMaxExpansions = 50

// typoSaturated reports whether, for some word of the query, Lucene's fuzzy
// term may have left out index terms within the typo budget: when the terms
// it matched number luceneMaxExpansions. Search then ranks every node.
func typoSaturated(ctx context.Context, tx neo4j.ManagedTransaction, text string) (bool, error) {
	for i, w := range uniq(graph.Tokens(graph.Normalize(text))) {
		if i == maxSearchWords {
			break
		}
		n := len([]rune(w))
		k := graph.TypoBudget(n)
		if k == 0 || n > maxTermRunes {
			continue
		}
		// The distinct words of the documents the fuzzy term matched,
		// of about the right length (size counts UTF-16 units here and
		// there, hence the loose upper bound); WithinEdits decides.
		recs, err := collect(ctx, tx, `
CALL db.index.fulltext.queryNodes($index, $q) YIELD node
UNWIND split(node.search, ' ') AS t
WITH DISTINCT t WHERE size(t) >= $lo AND size(t) <= $hi
RETURN t`, map[string]any{
			"index": searchIndex,
			"q":     fmt.Sprintf("%s~%d", escapeLucene(w), k),
			"lo":    max(1, n-k-1),
			"hi":    2 * (n + k),
		})
		if err != nil {
			return false, err
		}
		terms := 0
		for _, rec := range recs {
			v, _ := rec.Get("t")
			if t, _ := v.(string); graph.WithinEdits(w, t, k) {
				terms++
			}
		}
		if terms >= luceneMaxExpansions {
			return true, nil
		}
	}
	return false, nil
}

// escapeLucene escapes Lucene query syntax in a term.
func escapeLucene(s string) string {
	var b strings.Builder
	for _, r := range s {
		if strings.ContainsRune(`\+-!():^[]"{}~*?|&/ `, r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// Search finds nodes by name or alias: candidates from the full-text index,
// ranked by graph.Score, then name, then id.
func (s *Store) Search(ctx context.Context, q graph.SearchQuery) ([]graph.Hit, error) {
	hits := []graph.Hit{}
	lq := luceneQuery(q.Text)
	if lq == "" {
		return hits, nil
	}
	limit := graph.ClampLimit(q.Limit, graph.DefaultHits)
	kinds := make([]string, len(q.Kinds))
	for i, k := range q.Kinds {
		kinds[i] = string(k)
	}
	type candidate struct {
		id, name string
		score    float64
	}
	return read(ctx, s, "search", func(tx neo4j.ManagedTransaction) ([]graph.Hit, error) {
		// Rank on ids, names and aliases only; read the whole nodes of
		// the hits kept.
		params := map[string]any{"index": searchIndex, "q": lq, "cl": q.Clearance.Level(), "kinds": kinds}
		query := `
CALL db.index.fulltext.queryNodes($index, $q) YIELD node
WHERE node.mlevel <= $cl AND (size($kinds) = 0 OR node.kind IN $kinds)
RETURN node.id AS id, node.name AS name, node.aliases AS aliases`
		full, err := typoSaturated(ctx, tx, q.Text)
		if err != nil {
			return nil, err
		}
		if full {
			// The index may have left out typo matches: rank every
			// visible node instead.
			query = `
MATCH (node:Entity)
WHERE node.mlevel <= $cl AND (size($kinds) = 0 OR node.kind IN $kinds)
RETURN node.id AS id, node.name AS name, node.aliases AS aliases`
		}
		recs, err := collect(ctx, tx, query, params)
		if err != nil {
			return nil, err
		}
		var cands []candidate
		for _, rec := range recs {
			m := rec.AsMap()
			c := candidate{id: str(m, "id"), name: str(m, "name")}
			if c.score = graph.Score(q.Text, c.name, strs(m, "aliases")); c.score > 0 {
				cands = append(cands, c)
			}
		}
		sort.Slice(cands, func(i, j int) bool {
			a, b := cands[i], cands[j]
			if a.score != b.score {
				return a.score > b.score
			}
			if a.name != b.name {
				return a.name < b.name
			}
			return a.id < b.id
		})
		if len(cands) > limit {
			cands = cands[:limit]
		}
		if len(cands) == 0 {
			return hits, nil
		}
		ids := make([]string, len(cands))
		for i, c := range cands {
			ids[i] = c.id
		}
		nodes, err := fetchNodes(ctx, tx, ids, graph.Red.Level())
		if err != nil {
			return nil, err
		}
		byID := make(map[string]graph.Node, len(nodes))
		for _, n := range nodes {
			byID[n.ID] = n
		}
		for _, c := range cands {
			hits = append(hits, graph.Hit{Node: byID[c.id], Score: c.score})
		}
		return hits, nil
	})
}
