package neo4jstore

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"linkchart/graph"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

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
// ranked by graph.Score, then name, then id (graph.CompareHits).
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
	m := graph.NewMatcher(q.Text)
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
		var cands []graph.Hit // the node's id and name only
		for _, rec := range recs {
			r := rec.AsMap()
			c := graph.Hit{Node: graph.Node{ID: str(r, "id"), Name: str(r, "name")}}
			if c.Score = m.Score(graph.JoinNormalized(c.Name, strs(r, "aliases"))); c.Score > 0 {
				cands = append(cands, c)
			}
		}
		slices.SortFunc(cands, graph.CompareHits)
		if len(cands) > limit {
			cands = cands[:limit]
		}
		if len(cands) == 0 {
			return hits, nil
		}
		ids := make([]string, len(cands))
		for i, c := range cands {
			ids[i] = c.ID
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
			hits = append(hits, graph.Hit{Node: byID[c.ID], Score: c.Score})
		}
		return hits, nil
	})
}
