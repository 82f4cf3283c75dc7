package export

import (
	"fmt"
	"html"
	"math"
	"strings"

	"linkchart/graph"
)

// svgFonts is the SVG picture's font list: the PDF's fonts first, then
// what a viewer without them has.
const svgFonts = `'Liberation Sans', Arial, Helvetica, NanumGothic, 'Noto Sans CJK KR', IPAGothic, 'Noto Sans CJK JP', sans-serif`

// chartSVG draws the chart in the PDF's styles, laid out for an area of
// areaW × areaH points, one SVG unit a point. framed, it is a standalone
// image (the Markdown brief's chart.svg) that carries its own marking
// banner at top and bottom, title and date; unframed (the HTML brief's
// picture, under the page's own banners) only the chart and its legend.
func chartSVG(g graph.Subgraph, opt Options, b brief, framed bool, areaW, areaH float64) string {
	l := layoutChart(g, opt.Positions, approxWidth, areaW, areaH)
	pad, bannerH, headH := 16.0, 22.0, 40.0
	if !framed {
		pad, bannerH, headH = 4, 0, 0
	}
	legend := kindsIn(g)
	legendW := 0.0
	for _, k := range legend {
		legendW += approxWidth(styleOf(k).Label, 9) + 30
	}
	lines := []struct{ color, width, dash, label string }{
		{"#7a2d2d", "1.4", "", "oversight (commands, directs, leads, oversaw)"},
		{"#8e9aab", "0.9", "", "other relation, arrow from subject to object"},
		{"#8e9aab", "0.9", ` stroke-dasharray="4 2.5"`, "weak grade (D–F or 4–6)"},
	}
	linesW := 0.0
	for _, item := range lines {
		linesW += 27 + approxWidth(item.label, 9) + 16
	}
	legendW = math.Max(legendW, linesW)
	w := math.Max(l.W, legendW+60) + 2*pad
	if framed {
		w = math.Max(w, 520)
	}
	chartTop := bannerH + headH + pad
	legendTop := chartTop + l.H + pad
	h := legendTop + 40 + bannerH
	if framed {
		h += 6
	}
	var s strings.Builder
	esc := html.EscapeString
	fmt.Fprintf(&s, `<svg xmlns="http://www.w3.org/2000/svg" width="%.0fpt" height="%.0fpt" viewBox="0 0 %.0f %.0f" font-family="%s" role="img" aria-label="%s">`+"\n",
		w, h, w, h, esc(svgFonts), esc(string(b.Banner)+" "+b.Title))
	fmt.Fprintf(&s, `<title>%s</title>`+"\n", esc(string(b.Banner)+" · "+b.Title))
	fmt.Fprintf(&s, `<rect width="%.0f" height="%.0f" fill="#ffffff"/>`+"\n", w, h)
	banner := func(y float64, id string) {
		fmt.Fprintf(&s, `<g id="%s"><rect x="0" y="%.1f" width="%.0f" height="%.0f" fill="#000000"/><text x="%.1f" y="%.1f" text-anchor="middle" font-size="12" font-weight="bold" fill="%s" letter-spacing="1">%s</text></g>`+"\n",
			id, y, w, bannerH, w/2, y+15.5, tlpColor(b.Banner), esc(string(b.Banner)))
	}
	if framed {
		banner(0, "marking-top")
		fmt.Fprintf(&s, `<text x="%.0f" y="%.1f" font-size="15" font-weight="bold" fill="#111111">%s</text>`+"\n", pad, bannerH+20, esc(truncate(b.Title, 90)))
		meta := b.Date
		if b.Author != "" {
			meta = b.Author + " · " + meta
		}
		if b.Product != "" {
			meta += " · " + b.Product
		}
		meta += fmt.Sprintf(" · %d entities, %d relations", len(g.Nodes), len(g.Edges))
		fmt.Fprintf(&s, `<text x="%.0f" y="%.1f" font-size="9.5" fill="#555555">%s</text>`+"\n", pad, bannerH+35, esc(meta))
	}
	ox, oy := pad+(w-2*pad-l.W)/2, chartTop
	fmt.Fprintf(&s, `<g id="chart" transform="translate(%.1f %.1f)">`+"\n", ox, oy)
	for _, e := range l.Edges {
		x1, y1, x2, y2, ok := edgeEnds(l.Nodes[e.From], l.Nodes[e.To])
		if !ok {
			continue
		}
		color, width := "#8e9aab", 0.9
		if e.Oversight {
			color, width = "#7a2d2d", 1.4
		}
		dash := ""
		if e.Weak {
			dash = ` stroke-dasharray="4 2.5"`
		}
		fmt.Fprintf(&s, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="%s" stroke-width="%.1f"%s/>`, x1, y1, x2, y2, color, width, dash)
		fmt.Fprintf(&s, `<polygon points="%s" fill="%s"/>`+"\n", svgPoints(arrowHead(x1, y1, x2, y2)), color)
	}
	for i, r := range l.EdgeLabels {
		if r == nil {
			continue
		}
		a, c := l.Nodes[l.Edges[i].From], l.Nodes[l.Edges[i].To]
		fmt.Fprintf(&s, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="#ffffff" fill-opacity="0.85"/><text x="%.1f" y="%.1f" text-anchor="middle" font-size="%.0f" fill="#4a5568">%s</text>`+"\n",
			r[0], r[1], r[2]-r[0], r[3]-r[1], (a.X+c.X)/2, (a.Y+c.Y)/2+l.EdgeLabelPt*0.36, l.EdgeLabelPt, esc(l.Edges[i].Label))
	}
	names := nodeIndex(g)
	for _, n := range l.Nodes {
		fmt.Fprintf(&s, `<g class="node"><title>%s</title>%s`, esc(names[n.ID].Name+" ("+string(n.Kind)+")"), svgShape(n.Kind, n.X, n.Y, nodeSize))
		for k, line := range n.Lines {
			fmt.Fprintf(&s, `<text x="%.1f" y="%.1f" text-anchor="middle" font-size="%.0f" fill="#1b1f24" stroke="#ffffff" stroke-width="2.5" paint-order="stroke">%s</text>`,
				n.X, n.Y+nodeSize/2+3+l.LabelPt*(0.9+1.2*float64(k)), l.LabelPt, esc(line))
		}
		s.WriteString("</g>\n")
	}
	s.WriteString("</g>\n")

	// Legend: the kinds present, then the line styles.
	x, y := pad, legendTop
	fmt.Fprintf(&s, `<g id="legend" font-size="9" fill="#111111"><text x="%.0f" y="%.1f" font-weight="bold">Legend</text>`, x, y+10)
	x += 48
	for _, k := range legend {
		st := styleOf(k)
		fmt.Fprintf(&s, `%s<text x="%.1f" y="%.1f">%s</text>`, svgShape(k, x+5, y+7, 10), x+14, y+10.5, esc(st.Label))
		x += approxWidth(st.Label, 9) + 30
	}
	x, y = pad+48, y+18
	for _, item := range lines {
		fmt.Fprintf(&s, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="%s" stroke-width="%s"%s/><text x="%.1f" y="%.1f">%s</text>`,
			x, y+7, x+22, y+7, item.color, item.width, item.dash, x+27, y+10.5, esc(item.label))
		x += 27 + approxWidth(item.label, 9) + 16
	}
	s.WriteString("</g>\n")
	if framed {
		banner(h-bannerH, "marking-bottom")
	}
	s.WriteString("</svg>\n")
	return s.String()
}

func svgPoints(pts []Point) string {
	parts := make([]string, len(pts))
	for i, p := range pts {
		parts[i] = fmt.Sprintf("%.1f,%.1f", p.X, p.Y)
	}
	return strings.Join(parts, " ")
}

// svgShape is a kind's shape of size d centred on (x, y).
func svgShape(k graph.Kind, x, y, d float64) string {
	st := styleOf(k)
	r := d / 2
	const edge = `stroke="#ffffff" stroke-width="1"`
	switch st.Shape {
	case "ellipse":
		return fmt.Sprintf(`<circle cx="%.1f" cy="%.1f" r="%.1f" fill="%s" %s/>`, x, y, r, st.Color, edge)
	case "rectangle", "round-rectangle":
		rx := 0.0
		if st.Shape == "round-rectangle" {
			rx = 3
		}
		return fmt.Sprintf(`<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" rx="%.0f" fill="%s" %s/>`, x-r, y-r, d, d, rx, st.Color, edge)
	}
	return fmt.Sprintf(`<polygon points="%s" fill="%s" %s/>`, svgPoints(shapePoints(st.Shape, x, y, d)), st.Color, edge)
}
