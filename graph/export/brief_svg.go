package export

import (
	"fmt"
	"html"
	"strings"
)

// svg is the map as a standalone SVG picture, names escaped: inlined in
// the HTML brief and written as map.svg beside the Markdown brief.
func (m *briefMap) svg() string {
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" width="%d" height="%d" role="img" aria-label="Map of the located entities">`+"\n",
		m.Width, m.Height, m.Width, m.Height)
	fmt.Fprintf(&b, `<rect width="%d" height="%d" fill="#eef3f8"/>`+"\n", m.Width, m.Height)
	for _, l := range m.Grid {
		fmt.Fprintf(&b, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="#cfd8e3" stroke-width="0.5"/>`+"\n", l.X1, l.Y1, l.X2, l.Y2)
	}
	for _, l := range m.GridLabels {
		fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" text-anchor="%s" font-size="9" font-family="Liberation Sans, Arial, sans-serif" fill="#6b7a8c">%s</text>`+"\n", l.X, l.Y, l.Anchor, l.Label)
	}
	for _, l := range m.Lines {
		fmt.Fprintf(&b, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="#3a6ea5" stroke-width="1.5"/>`+"\n", l.X1, l.Y1, l.X2, l.Y2)
	}
	for _, p := range m.Points {
		fmt.Fprintf(&b, `<g><title>%s</title>`, html.EscapeString(p.Title))
		if p.Placed {
			fmt.Fprintf(&b, `<circle cx="%.1f" cy="%.1f" r="3" fill="#7a5ea8"/></g>`+"\n", p.X, p.Y)
			continue
		}
		// Labels to the right, or to the left near the right edge (as in the PDF).
		dx, anchor := 7, "start"
		if p.X > float64(m.Width)-120 {
			dx, anchor = -7, "end"
		}
		fmt.Fprintf(&b, `<circle cx="%.1f" cy="%.1f" r="5" fill="#1f4e79" stroke="#fff"/><text x="%.1f" y="%.1f" dx="%d" dy="4" text-anchor="%s" font-size="11" font-family="Liberation Sans, Arial, sans-serif">%s</text></g>`+"\n",
			p.X, p.Y, p.X, p.Y, dx, anchor, html.EscapeString(p.Label))
	}
	b.WriteString("</svg>")
	return b.String()
}

// svg is the time bar as a standalone SVG picture.
func (t *briefTime) svg() string {
	var b strings.Builder
	const font = `font-family="Liberation Sans, Arial, sans-serif" font-size="10"`
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" width="%d" height="%d" role="img" aria-label="Dated relations per %s">`+"\n",
		t.Width, t.Height, t.Width, t.Height, t.Unit)
	fmt.Fprintf(&b, `<rect width="%d" height="%d" fill="#ffffff"/>`+"\n", t.Width, t.Height)
	if w := t.Window; w != nil {
		fmt.Fprintf(&b, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="#fde9b8"/><text x="%.1f" y="%.1f" %s fill="#7a5200">%s</text>`+"\n",
			w.X1, w.Y1, w.X2-w.X1, w.Y2-w.Y1, min(w.X1+2, t.Right-float64(len(t.WindowLabel))*5.5), t.Base+30, font, html.EscapeString(t.WindowLabel))
	}
	fmt.Fprintf(&b, `<line x1="%.1f" y1="14" x2="%.1f" y2="14" stroke="#d5dbe3" stroke-width="0.5"/><text x="%.1f" y="18" %s text-anchor="end" fill="#555">%d</text>`+"\n",
		t.Left, t.Right, t.Left-4, font, t.MaxCount)
	for _, r := range t.Bars {
		if r.Count > 0 {
			fmt.Fprintf(&b, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="#3a6ea5"><title>%s: %d</title></rect>`+"\n", r.X, r.Y, r.W, r.H, r.Label, r.Count)
		}
	}
	fmt.Fprintf(&b, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="#555" stroke-width="1"/>`+"\n", t.Left, t.Base, t.Right, t.Base)
	for _, k := range t.Ticks {
		fmt.Fprintf(&b, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="#555"/><text x="%.1f" y="%.1f" %s fill="#333">%s</text>`+"\n",
			k.X, t.Base, k.X, t.Base+4, k.X+2, t.Base+15, font, html.EscapeString(k.Label))
	}
	b.WriteString("</svg>")
	return b.String()
}
