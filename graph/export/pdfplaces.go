package export

import (
	"fmt"
	"math"
	"strings"

	"github.com/signintech/gopdf"
)

// timePlace draws the map and the time bar, when they carry anything, on a
// page of their own after the chart.
func (d *pdfDoc) timePlace(m *briefMap, t *briefTime) {
	if m == nil && t == nil {
		return
	}
	d.addPage(false)
	if m != nil {
		d.mapSection(m)
	}
	if t != nil {
		d.y += 10
		d.timeSection(t)
	}
}

// figure starts a section holding a w × h drawing scaled to the content
// width: its scale k, height h on the page and origin (ox, oy).
func (d *pdfDoc) figure(head string, w, h int) (k, ph, ox, oy float64) {
	k = d.contentW() / float64(w)
	ph = float64(h) * k
	d.heading(head, 14)
	d.need(ph + 30)
	return k, ph, pdfMargin, d.y
}

// mapSection draws m scaled to the content width: graticule, arcs between
// located entities, the places labelled in 8 pt.
func (d *pdfDoc) mapSection(m *briefMap) {
	const labelPt = 8.0
	k, h, ox, oy := d.figure("Map", m.Width, m.Height)
	d.fillRect(ox, oy, d.contentW(), h, "#eef3f8")
	for _, l := range m.Grid {
		d.line(ox+l.X1*k, oy+l.Y1*k, ox+l.X2*k, oy+l.Y2*k, 0.4, "#cfd8e3")
	}
	for _, l := range m.GridLabels {
		x := ox + l.X*k
		if w := d.width(l.Label, 7, false); l.Anchor == "end" {
			x -= w
		} else {
			x -= w / 2
		}
		d.text(x, oy+l.Y*k, l.Label, 7, false, "#6b7a8c")
	}
	for _, l := range m.Lines {
		d.line(ox+l.X1*k, oy+l.Y1*k, ox+l.X2*k, oy+l.Y2*k, 1.2, "#3a6ea5")
	}
	for _, p := range m.Points {
		x, y := ox+p.X*k, oy+p.Y*k
		if p.Placed {
			d.dot(x, y, 2.2, "#7a5ea8")
			continue
		}
		d.dot(x, y, 3.6, "#1f4e79")
		// Labels to the right, or to the left near the right edge.
		w := d.width(p.Label, labelPt, false)
		lx := x + 6
		if lx+w > ox+d.contentW()-2 {
			lx = x - 6 - w
		}
		d.fillRect(lx-1, y-labelPt*0.55, w+2, labelPt*1.15, "#eef3f8")
		d.text(lx, y+labelPt*0.35, p.Label, labelPt, false, "#1b1f24")
	}
	d.pdf.SetLineWidth(0.5)
	d.pdf.SetStrokeColor(0xc8, 0xcf, 0xd8)
	d.fail(d.pdf.Rectangle(ox, oy, ox+d.contentW(), oy+h, "D", 0, 0))
	d.y = oy + h + 6
	d.para(fmt.Sprintf("Coordinates from the gazetteer each entity cites (graticule every %g°). Lines join located entities that a relation joins; "+
		"small purple dots are entities without coordinates of their own, drawn at the place they are located in, based in or deployed to.", m.Step),
		8, false, "#555555", 0)
}

// dot is a filled circle, white-edged.
func (d *pdfDoc) dot(x, y, r float64, color string) {
	var pts []gopdf.Point
	for i := 0; i < 24; i++ {
		a := float64(i) * math.Pi / 12
		pts = append(pts, gopdf.Point{X: x + r*math.Cos(a), Y: y + r*math.Sin(a)})
	}
	d.pdf.SetFillColor(hexRGB(color))
	d.pdf.SetStrokeColor(255, 255, 255)
	d.pdf.SetLineWidth(0.6)
	d.pdf.Polygon(pts, "FD")
}

// timeSection draws the histogram of t scaled to the content width, the
// window shaded behind the bars, the axis labelled in 7.5 pt.
func (d *pdfDoc) timeSection(t *briefTime) {
	const tickPt = 7.5
	k, h, ox, oy := d.figure("Time", t.Width, t.Height)
	if w := t.Window; w != nil {
		d.fillRect(ox+w.X1*k, oy+w.Y1*k, (w.X2-w.X1)*k, (w.Y2-w.Y1)*k, "#fde9b8")
	}
	// Gridlines at the count's halves, labelled on the left.
	for _, f := range []float64{0.5, 1} {
		y := oy + (t.Base-(t.Base-14)*f)*k
		d.line(ox+t.Left*k, y, ox+t.Right*k, y, 0.3, "#d5dbe3")
		label := fmt.Sprintf("%g", float64(t.MaxCount)*f)
		if strings.Contains(label, ".") && f < 1 {
			continue
		}
		d.text(ox+t.Left*k-4-d.width(label, tickPt, false), y+tickPt*0.35, label, tickPt, false, "#555555")
	}
	for _, b := range t.Bars {
		if b.Count > 0 {
			d.fillRect(ox+b.X*k, oy+b.Y*k, b.W*k, b.H*k, "#3a6ea5")
		}
	}
	if w := t.Window; w != nil {
		// The window's name under its span, right-aligned to its end when
		// it would run off the axis.
		lw := d.width(t.WindowLabel, tickPt, false)
		x := math.Min(ox+w.X1*k+2, ox+t.Right*k-lw)
		d.text(x, oy+t.Base*k+3+2*tickPt+4, t.WindowLabel, tickPt, false, "#7a5200")
	}
	d.line(ox+t.Left*k, oy+t.Base*k, ox+t.Right*k, oy+t.Base*k, 0.8, "#555555")
	for _, tk := range t.Ticks {
		x := ox + tk.X*k
		d.line(x, oy+t.Base*k, x, oy+t.Base*k+3, 0.6, "#555555")
		d.text(x+1.5, oy+t.Base*k+3+tickPt+1, tk.Label, tickPt, false, "#333333")
	}
	d.y = oy + h + 10
	d.para(t.Caption(), 8, false, "#555555", 0)
}
