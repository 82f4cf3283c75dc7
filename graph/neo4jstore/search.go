package neo4jstore

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"linkchart/graph"
	"linkchart/graph/names"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// maxSearchWords bounds the words of a query that go into the full-text
// query; the rest only widen the candidates that graph.Score then ranks
// (the compact form of the whole query is always asked for).
const maxSearchWords = 8

// maxTermRunes bounds a term of the full-text query. Lucene's tokenizer
// cuts indexed words at 255 characters and refuses very long query terms,
// so a longer query word is asked for by the prefix of its first
// maxTermRunes runes (a superset for the prefix rules) and without a typo
// clause: a typo in a word that long is not looked for.
const maxTermRunes = 100

// luceneQuery builds the full-text query that finds every node that
// graph.Score can match, fully or partly: any of the query's whole
// spelling keys, the compact form of the query as a prefix of a compact
// name, or, for any unit of the query (a word, or two neighbours joined),
// its key, or the unit as a prefix of, or within the typo budget of, a
// name word. Every term is escaped.
func luceneQuery(text string) string {
	m := graph.NewMatcher(text)
	if m.Compact() == "" {
		return ""
	}
	var b strings.Builder
	for _, k := range m.WholeKeys() {
		fmt.Fprintf(&b, "%s ", escapeLucene(k))
	}
	multi := len(m.Words()) > 1
	for _, u := range searchUnits(m) {
		r := []rune(u.Word)
		if len(r) > maxTermRunes {
			fmt.Fprintf(&b, "%s* ", escapeLucene(string(r[:maxTermRunes])))
			continue
		}
		e := escapeLucene(u.Word)
		fmt.Fprintf(&b, "%s %s ", escapeLucene(names.UnitKey+u.Key), e)
		if len(u.Word) >= names.PrefixMin(multi) {
			fmt.Fprintf(&b, "%s* ", e)
		}
		if k := unitBudget(u, multi); k > 0 {
			fmt.Fprintf(&b, "%s~%d ", e, k)
		}
	}
	c := []rune(m.Compact())
	fmt.Fprintf(&b, "%s*", escapeLucene(string(c[:min(len(c), maxTermRunes)])))
	return b.String()
}

// searchUnits are the query's units asked of the index: those of its
// first maxSearchWords words.
func searchUnits(m *graph.Matcher) []names.Unit {
	var out []names.Unit
	for _, u := range m.Units() {
		if u.First+u.N <= maxSearchWords {
			out = append(out, u)
		}
	}
	return out
}

// unitBudget is the typo budget of a query unit (none with a digit).
func unitBudget(u names.Unit, multi bool) int {
	if strings.ContainsAny(u.Word, "0123456789") {
		return 0
	}
	return names.TypoBudget(utf8.RuneCountInString(u.Word), multi)
}

// luceneMaxExpansions is how many index terms Lucene expands a fuzzy
// query term to, at most (FuzzyQuery's default, which Neo4j's query parser
// keeps).
const luceneMaxExpansions = 50

// typoSaturated reports whether, for some word of the query, Lucene's fuzzy
// term may have left out index terms within the typo budget: when the terms
// it matched number luceneMaxExpansions. Search then ranks every node.
func typoSaturated(ctx context.Context, tx neo4j.ManagedTransaction, text string) (bool, error) {
	m := graph.NewMatcher(text)
	multi := len(m.Words()) > 1
	for _, u := range searchUnits(m) {
		w := u.Word
		n := len([]rune(w))
		k := unitBudget(u, multi)
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
			// Keys count too: Lucene expands to them alike.
			if t, _ := v.(string); names.WithinEdits(w, t, k) {
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
// ranked by graph.Score, then name, then id (graph.CompareHits); partial
// matches only when nothing matches fully (graph.DropPartial).
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
		cands = graph.DropPartial(cands)
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
