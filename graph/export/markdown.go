package export

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"linkchart/graph"
)

// mdEscape makes s plain text in Markdown (CommonMark, GitHub): ASCII
// punctuation that could start markup or raw HTML is backslash-escaped and
// line breaks become spaces, so a table row stays one row.
func mdEscape(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case strings.ContainsRune("\\`*_{}[]<>#+!|~&$", r):
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\n' || r == '\r' || r == '\t':
			b.WriteByte(' ')
		case r < 0x20 || r == 0x7f:
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// mermaidText makes s safe inside a quoted Mermaid label: characters that
// Mermaid or its HTML labels would read are written as #code; entities, line
// breaks as <br/>.
func mermaidText(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\n':
			b.WriteString("<br/>")
		case r < 0x20 || r == 0x7f:
			b.WriteByte(' ')
		case strings.ContainsRune("\"#<>&|[](){};`\\", r):
			fmt.Fprintf(&b, "#%d;", r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// writeMarkdown writes the brief with a Mermaid "graph LR" picture, which
// GitHub, GitLab and most Markdown tools draw.
func writeMarkdown(w io.Writer, g graph.Subgraph, opt Options) error {
	if err := checkEnds(g); err != nil {
		return err
	}
	b := newBrief(g, opt)
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "**%s**\n\n# %s\n\n", b.Banner, mdEscape(b.Title))
	fmt.Fprintf(bw, "linkchart brief, generated %s: %d entities, %d relations, %d sources.", b.Generated,
		len(b.Entities), len(b.Relations), len(b.Sources))
	if b.Truncated {
		fmt.Fprint(bw, " The answer was truncated at its limit.")
	}
	if drawable(g) {
		fmt.Fprint(bw, "\n\n```mermaid\ngraph LR\n")
		index := map[string]string{}
		for i, n := range g.Nodes {
			index[n.ID] = fmt.Sprintf("n%d", i)
			fmt.Fprintf(bw, "  n%d[\"%s\"]\n", i, mermaidText(n.Name+"\n"+string(n.Kind)))
		}
		for _, e := range g.Edges {
			fmt.Fprintf(bw, "  %s -->|\"%s\"| %s\n", index[e.From], mermaidText(edgeLabel(e)), index[e.To])
		}
		fmt.Fprint(bw, "```")
	} else {
		fmt.Fprintf(bw, "\n\nNo picture: more than a brief draws (%d entities and %d relations). Open the GraphML or GEXF export in Gephi or yEd.",
			MaxPictureNodes, MaxPictureEdges)
	}
	fmt.Fprint(bw, "\n\n## Entities\n\n| Name | Kind | Aliases | Summary | Marking |\n|---|---|---|---|---|\n")
	for _, n := range b.Entities {
		summary := n.Summary
		if n.Props != "" {
			summary = strings.TrimSpace(summary + " (" + n.Props + ")")
		}
		fmt.Fprintf(bw, "| %s | %s | %s | %s | %s |\n", mdEscape(n.Name), n.Kind, mdEscape(n.Aliases), mdEscape(summary), n.Marking)
	}
	fmt.Fprint(bw, "\n## Relations\n\n| From | Relation | To | When | Grade | Note | Sources | Marking |\n|---|---|---|---|---|---|---|---|\n")
	for _, r := range b.Relations {
		var cites strings.Builder
		for _, n := range r.Cites {
			fmt.Fprintf(&cites, "[%d]", n)
		}
		note := r.Note
		if r.Props != "" {
			note = strings.TrimSpace(note + " (" + r.Props + ")")
		}
		fmt.Fprintf(bw, "| %s | %s | %s | %s | %s | %s | %s | %s |\n", mdEscape(r.From), r.Type, mdEscape(r.To),
			mdEscape(r.Dates), r.Grade, mdEscape(note), cites.String(), r.Marking)
	}
	fmt.Fprint(bw, "\n## Sources\n\n")
	for _, s := range b.Sources {
		line := fmt.Sprintf("[%d] %s", s.N, mdEscape(s.Title))
		for _, part := range []string{s.Publisher, s.Author, s.Date} {
			if part != "" {
				line += ", " + mdEscape(part)
			}
		}
		line += ". Reliability " + s.Reliability + "."
		switch {
		case s.Link != "" && !strings.ContainsAny(s.Link, "<> "):
			line += " <" + s.Link + ">"
		case s.URL != "":
			line += " " + mdEscape(s.URL)
		}
		if s.Note != "" {
			line += " " + mdEscape(s.Note)
		}
		fmt.Fprintf(bw, "%s\n\n", line)
	}
	fmt.Fprintf(bw, "**%s**\n", b.Banner)
	return bw.Flush()
}
