package export

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"linkchart/graph"
)

// The Cypher export is a script for an empty Neo4j: constraints first, then
// one MERGE statement per line, each ending with ";". Every entity is a node
// labelled Entity plus its kind; every source a Source node; every edge a
// relationship of its type carrying the ids of its sources. Names and other
// strings are written as escaped single-quoted literals (see CypherString);
// labels and relationship types are checked against the kinds and the type
// pattern before they are written. props maps are kept as JSON strings
// (Neo4j properties cannot hold maps). Entities, sources, their properties
// and the constraint names are those of graph/neo4jstore, so the script
// also reads well next to a linkchart Neo4j; relationships are typed here
// (COMMANDS, PART_OF...) for Neo4j Browser users, where the store keeps one
// REL type.

// CypherString quotes s as a Cypher string literal. Backslashes, quotes and
// control characters are escaped; everything else is kept as UTF-8, so no
// input can end the literal early.
func CypherString(s string) string {
	var b strings.Builder
	b.Grow(len(s) + 2)
	b.WriteByte('\'')
	for _, r := range s {
		switch r {
		case '\\':
			b.WriteString(`\\`)
		case '\'':
			b.WriteString(`\'`)
		case '"':
			b.WriteString(`\"`)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
			b.WriteString(`\r`)
		case '\t':
			b.WriteString(`\t`)
		case '\b':
			b.WriteString(`\b`)
		case '\f':
			b.WriteString(`\f`)
		default:
			switch {
			case r == utf8.RuneError:
				b.WriteString(`\uFFFD`)
			case unicode.IsControl(r) || unicode.Is(unicode.Zl, r) || unicode.Is(unicode.Zp, r):
				fmt.Fprintf(&b, `\u%04X`, r)
			default:
				b.WriteRune(r)
			}
		}
	}
	b.WriteByte('\'')
	return b.String()
}

func cypherList(items []string) string {
	q := make([]string, len(items))
	for i, s := range items {
		q[i] = CypherString(s)
	}
	return "[" + strings.Join(q, ", ") + "]"
}

// cypherMap writes {key: value, ...} from ordered pairs, leaving out pairs
// whose value is "" (not set). Keys are fixed identifiers of this file.
func cypherMap(pairs [][2]string) string {
	var parts []string
	for _, p := range pairs {
		if p[1] != "" {
			parts = append(parts, p[0]+": "+p[1])
		}
	}
	return "{" + strings.Join(parts, ", ") + "}"
}

func lit(s string) string {
	if s == "" {
		return ""
	}
	return CypherString(s)
}

// comment makes s safe for a // comment line.
func comment(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || unicode.Is(unicode.Zl, r) || unicode.Is(unicode.Zp, r) {
			return ' '
		}
		return r
	}, s)
}

func writeCypher(w io.Writer, g graph.Subgraph, opt Options) error {
	if err := checkEnds(g); err != nil {
		return err
	}
	for _, n := range g.Nodes {
		if !n.Kind.Valid() {
			return fmt.Errorf("node %q: kind %q is not a label this export writes", n.ID, n.Kind)
		}
	}
	for _, e := range g.Edges {
		if !graph.ValidType(e.Type) {
			return fmt.Errorf("edge %q: type %q is not UPPER_SNAKE", e.ID, e.Type)
		}
	}
	bw := bufio.NewWriter(w)
	banner := Banner(g)
	fmt.Fprintf(bw, "// %s\n// %s: linkchart export, %d entities, %d relations, %d sources, generated %s\n",
		banner, comment(title(opt)), len(g.Nodes), len(g.Edges), len(g.Sources),
		opt.Generated.UTC().Format("2006-01-02T15:04:05Z"))
	fmt.Fprintln(bw, "// Run in an empty database, e.g. cypher-shell -f FILE. One statement per line.")
	fmt.Fprintln(bw, "CREATE CONSTRAINT entity_id IF NOT EXISTS FOR (n:Entity) REQUIRE n.id IS UNIQUE;")
	fmt.Fprintln(bw, "CREATE CONSTRAINT source_id IF NOT EXISTS FOR (s:Source) REQUIRE s.id IS UNIQUE;")
	for _, s := range g.Sources {
		fmt.Fprintf(bw, "MERGE (s:Source {id: %s}) SET s += %s;\n", CypherString(s.ID), cypherMap([][2]string{
			{"title", lit(s.Title)}, {"publisher", lit(s.Publisher)}, {"author", lit(s.Author)},
			{"date", lit(string(s.Date))}, {"url", lit(s.URL)}, {"reliability", lit(string(s.Reliability))},
			{"note", lit(s.Note)},
		}))
	}
	for _, n := range g.Nodes {
		// The kind is one of graph.Kinds (checked above), so it is a safe label.
		fmt.Fprintf(bw, "MERGE (n:Entity {id: %s}) SET n:`%s`, n += %s;\n", CypherString(n.ID), n.Kind, cypherMap([][2]string{
			{"kind", lit(string(n.Kind))}, {"name", CypherString(n.Name)}, {"aliases", cypherList(n.Aliases)},
			{"summary", lit(n.Summary)}, {"marking", lit(string(n.Marking))}, {"props", lit(propsJSON(n.Props))},
		}))
	}
	for _, e := range g.Edges {
		// The type matches ^[A-Z][A-Z0-9_]*$ (checked above), so it is a safe relationship type.
		fmt.Fprintf(bw, "MATCH (a:Entity {id: %s}), (b:Entity {id: %s}) MERGE (a)-[r:`%s` {id: %s}]->(b) SET r += %s;\n",
			CypherString(e.From), CypherString(e.To), e.Type, CypherString(e.ID), cypherMap([][2]string{
				{"since", lit(string(e.Since))}, {"until", lit(string(e.Until))},
				{"credibility", strconv.Itoa(e.Credibility)}, {"grade", lit(e.Grade)},
				{"sources", cypherList(e.Sources)}, {"note", lit(e.Note)},
				{"marking", lit(string(e.Marking))}, {"props", lit(propsJSON(e.Props))},
			}))
	}
	fmt.Fprintf(bw, "// %s\n", banner)
	return bw.Flush()
}
