package export

import (
	"archive/zip"
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

// writeMarkdown writes a zip of brief.md and chart.svg: the brief in
// CommonMark with its picture as an SVG image beside it (Word, GitHub and
// Markdown viewers all show it), the picture carrying its own banner.
func writeMarkdown(w io.Writer, g graph.Subgraph, opt Options) error {
	if err := checkEnds(g); err != nil {
		return err
	}
	b := newBrief(g, opt)
	zw := zip.NewWriter(w)
	hdr := &zip.FileHeader{Name: "brief.md", Method: zip.Deflate, Modified: opt.Generated}
	f, err := zw.CreateHeader(hdr)
	if err != nil {
		return err
	}
	m := newBriefMap(g)
	if err := writeMarkdownText(f, b, drawable(g), m != nil); err != nil {
		return err
	}
	// The pictures beside brief.md: the chart, the map and the time bar.
	pics := map[string]string{}
	if drawable(g) {
		pics["chart.svg"] = chartSVG(g, opt, b, true, 900, 560)
	}
	if m != nil {
		pics["map.svg"] = m.svg()
	}
	if b.Time != nil {
		pics["timeline.svg"] = b.Time.svg()
	}
	for _, name := range sortedKeys(pics) {
		f, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: opt.Generated})
		if err != nil {
			return err
		}
		if _, err := io.WriteString(f, `<?xml version="1.0" encoding="UTF-8"?>`+"\n"+pics[name]); err != nil {
			return err
		}
	}
	return zw.Close()
}

// mdRow writes one table row of escaped cells.
func mdRow(w io.Writer, cells ...string) {
	for i := range cells {
		cells[i] = mdEscape(cells[i])
	}
	fmt.Fprintf(w, "| %s |\n", strings.Join(cells, " | "))
}

func writeMarkdownText(w io.Writer, b brief, picture, located bool) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "**%s**\n\n# %s\n\n", b.Banner, mdEscape(b.Title))
	fmt.Fprint(bw, "| | |\n|---|---|\n")
	for _, m := range [][2]string{{"Author", b.Author}, {"Date", b.Date}, {"Product", b.Product}, {"Generated", b.Generated},
		{"Contents", fmt.Sprintf("%d entities, %d relations, %d sources", len(b.Entities), len(b.Relations), len(b.Sources))}} {
		if m[1] != "" {
			fmt.Fprintf(bw, "| **%s** | %s |\n", m[0], mdEscape(m[1]))
		}
	}
	fmt.Fprintf(bw, "\n> **%s** (Traffic Light Protocol 2.0): %s\n", b.Banner, mdEscape(strings.TrimPrefix(b.Rule, string(b.Banner)+": ")))
	if b.Truncated {
		fmt.Fprint(bw, "\nThe answer was truncated at its limit.\n")
	}
	if len(b.Summary) > 0 {
		fmt.Fprint(bw, "\n## Summary\n")
		for _, p := range b.Summary {
			fmt.Fprintf(bw, "\n%s\n", mdEscape(p))
		}
	}
	for _, sec := range []struct {
		heading string
		items   []string
	}{{"Key judgments", b.KeyJudgments}, {"Analyst's notes", b.Notes}} {
		if len(sec.items) > 0 {
			fmt.Fprintf(bw, "\n## %s\n\n", sec.heading)
			for i, k := range sec.items {
				fmt.Fprintf(bw, "%d. %s\n", i+1, mdEscape(k))
			}
		}
	}
	fmt.Fprint(bw, "\n## Chart\n\n")
	if picture {
		fmt.Fprintf(bw, "![%s chart: %s](chart.svg)\n", b.Banner, mdEscape(b.Title))
	} else {
		fmt.Fprintf(bw, "No picture: more than a brief draws (%d entities and %d relations). Open the GraphML or GEXF export in Gephi or yEd.\n",
			MaxPictureNodes, MaxPictureEdges)
	}
	if located {
		fmt.Fprintf(bw, "\n## Map\n\n![Map of the located entities](map.svg)\n\nCoordinates from the gazetteer each entity cites.\n")
	}
	if b.Time != nil {
		fmt.Fprintf(bw, "\n## Time\n\n![Time bar: dated relations per %s](timeline.svg)\n\n%s\n", b.Time.Unit, mdEscape(b.Time.Caption()))
	}
	if len(b.Keys) > 0 {
		fmt.Fprintf(bw, "\n## Key entities\n\nRanked by %s.\n\n| Rank | Entity | Kind | %s | Community |\n|---|---|---|---|---|\n", mdEscape(b.Measure), mdEscape(b.Measure))
		for _, k := range b.Keys {
			mdRow(bw, fmt.Sprint(k.N), k.Name, k.Kind, k.Score, k.Community)
		}
	}
	if len(b.Answers) > 0 {
		q := "Answers"
		if b.Question != "" {
			q += ": " + mdEscape(b.Question)
		}
		fmt.Fprintf(bw, "\n## %s\n", q)
		for _, a := range b.Answers {
			fmt.Fprintf(bw, "\n### %d. %s", a.N, mdEscape(a.Label))
			if a.Grade != "" {
				fmt.Fprintf(bw, " (weakest grade %s)", a.Grade)
			}
			fmt.Fprint(bw, "\n\n")
			if a.MissingHops > 0 {
				fmt.Fprintf(bw, "%d hop(s) of this path are not in this product.\n\n", a.MissingHops)
			}
			if len(a.Hops) > 0 {
				fmt.Fprint(bw, "| From | Relation | To | When | Grade | Sources |\n|---|---|---|---|---|---|\n")
				for _, h := range a.Hops {
					fmt.Fprintf(bw, "| %s | %s | %s | %s | %s | %s |\n", mdEscape(h.From), h.Type, mdEscape(h.To), mdEscape(h.Dates), h.Grade, h.CiteText())
				}
			}
		}
	}
	fmt.Fprint(bw, "\n## Entities\n")
	for _, k := range b.Kinds {
		fmt.Fprintf(bw, "\n### %s (%d)\n\n| Name | Aliases | Summary | Marking |\n|---|---|---|---|\n", mdEscape(k.Label), len(k.Entities))
		for _, n := range k.Entities {
			summary := n.Summary
			if n.Props != "" {
				summary = strings.TrimSpace(summary + " (" + n.Props + ")")
			}
			mdRow(bw, n.Name, n.Aliases, summary, string(n.Marking))
		}
	}
	fmt.Fprint(bw, "\n## Relations\n\nBy entity, then date.\n\n| From | Relation | To | When | Grade | Note | Sources | Marking |\n|---|---|---|---|---|---|---|---|\n")
	for _, r := range b.Relations {
		note := r.Note
		if r.Props != "" {
			note = strings.TrimSpace(note + " (" + r.Props + ")")
		}
		fmt.Fprintf(bw, "| %s | %s | %s | %s | %s | %s | %s | %s |\n", mdEscape(r.From), r.Type, mdEscape(r.To),
			mdEscape(r.Dates), r.Grade, mdEscape(note), r.CiteText(), r.Marking)
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
