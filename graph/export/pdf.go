package export

import (
	"fmt"
	"io"
	"math"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/signintech/gopdf"

	"linkchart/graph"
)

// Page geometry, in points.
const (
	pdfMargin    = 48.0
	pdfTop       = 62.0 // below the top banner
	pdfBottom    = 58.0 // above the bottom banner
	pdfBodyPt    = 9.5
	pdfTablePt   = 8.0
	pdfBannerPt  = 10.0
	pdfLineRatio = 1.3
)

// mm is a millimetre in points.
const mm = 72 / 25.4

// checkPaper accepts the paper sizes the briefs print on.
func checkPaper(p string) error {
	switch strings.ToLower(p) {
	case "", "a4", "letter":
		return nil
	}
	return fmt.Errorf("paper %q: want a4 or letter", p)
}

// paperSize is the portrait page of a paper name (A4 unless "letter").
func paperSize(p string) gopdf.Rect {
	if strings.EqualFold(p, "letter") {
		return *gopdf.PageSizeLetter
	}
	return *gopdf.PageSizeA4
}

// pdfDoc writes a brief with gopdf: text in a chain of embedded, subset
// TrueType fonts (a rune the first lacks is set in the next that has it),
// flowing from page to page; the banners and page numbers are drawn on
// every page at the end, when their count is known.
type pdfDoc struct {
	pdf     *gopdf.GoPdf
	chain   []string          // regular families, fallback order
	bold    map[string]string // family -> its bold family
	missing []fontSpec
	famOf   map[rune]string
	paper   gopdf.Rect
	w, h    float64 // current page
	sizes   []gopdf.Rect
	y       float64
	banner  graph.Marking
	title   string
	err     error
}

func newPDFDoc(opt Options, banner graph.Marking, title string) (*pdfDoc, error) {
	d := &pdfDoc{pdf: &gopdf.GoPdf{}, bold: map[string]string{}, famOf: map[rune]string{}, banner: banner, title: title}
	if err := checkPaper(opt.Paper); err != nil {
		return nil, err
	}
	d.paper = paperSize(opt.Paper)
	d.pdf.Start(gopdf.Config{PageSize: d.paper, Unit: gopdf.UnitPT})
	d.pdf.SetCompressLevel(6)
	opts := gopdf.TtfOption{OnGlyphNotFoundSubstitute: func(rune) rune { return '?' }}
	for _, f := range pdfFonts {
		data, name, err := findFont(f.regular)
		if err != nil {
			return nil, err
		}
		if data == nil {
			d.missing = append(d.missing, f)
			continue
		}
		// gopdf embeds only the glyphs used; the tag says so (PDF 32000 9.6.4).
		fam := f.family + "R+" + name
		if err := d.pdf.AddTTFFontDataWithOption(fam, data, opts); err != nil {
			return nil, fmt.Errorf("font %s: %w", name, err)
		}
		d.chain = append(d.chain, fam)
		d.bold[fam] = fam
		if bold, name, err := findFont(f.bold); err == nil && bold != nil {
			if err := d.pdf.AddTTFFontDataWithOption(f.family+"B+"+name, bold, opts); err != nil {
				return nil, fmt.Errorf("font %s: %w", name, err)
			}
			d.bold[fam] = f.family + "B+" + name
		}
	}
	if len(d.chain) == 0 {
		return nil, fmt.Errorf("no font for the PDF in %s: install %s: %w", strings.Join(FontDirs(), ", "), pdfFonts[0].pkg, ErrNoFont)
	}
	return d, nil
}

// family is the first family of the chain that has r.
func (d *pdfDoc) family(r rune) (string, error) {
	if f, ok := d.famOf[r]; ok {
		return f, nil
	}
	for _, f := range d.chain {
		if err := d.pdf.SetFont(f, "", 10); err != nil {
			return "", err
		}
		if ok, err := d.pdf.IsCurrFontContainGlyph(r); err == nil && ok {
			d.famOf[r] = f
			return f, nil
		}
	}
	if len(d.missing) > 0 {
		return "", missingFontError(r, d.missing)
	}
	// Every font of the chain is installed and none has r: it prints as
	// "?" (README, "PDF fonts").
	d.famOf[r] = ""
	return "", nil
}

type textSeg struct{ fam, text string }

// segs cuts s into runs of one font each.
func (d *pdfDoc) segs(s string, bold bool) []textSeg {
	var out []textSeg
	cur := ""
	var b strings.Builder
	for _, r := range s {
		if r < 0x20 || r == 0x7f {
			r = ' '
		}
		f := cur
		if !unicode.IsSpace(r) || cur == "" {
			var err error
			if f, err = d.family(r); err != nil {
				d.fail(err)
				return nil
			}
			if f == "" {
				f, r = d.chain[0], '?'
			}
		}
		if f != cur && b.Len() > 0 {
			out = append(out, textSeg{cur, b.String()})
			b.Reset()
		}
		cur = f
		b.WriteRune(r)
	}
	if b.Len() > 0 {
		out = append(out, textSeg{cur, b.String()})
	}
	if bold {
		for i := range out {
			out[i].fam = d.bold[out[i].fam]
		}
	}
	return out
}

func (d *pdfDoc) fail(err error) {
	if d.err == nil && err != nil {
		d.err = err
	}
}

// width of s at size pt.
func (d *pdfDoc) width(s string, pt float64, bold bool) float64 {
	w := 0.0
	for _, sg := range d.segs(s, bold) {
		d.fail(d.pdf.SetFont(sg.fam, "", pt))
		v, err := d.pdf.MeasureTextWidth(sg.text)
		d.fail(err)
		w += v
	}
	return w
}

// text draws s with its baseline at y.
func (d *pdfDoc) text(x, y float64, s string, pt float64, bold bool, color string) float64 {
	d.pdf.SetTextColor(hexRGB(color))
	for _, sg := range d.segs(s, bold) {
		d.fail(d.pdf.SetFont(sg.fam, "", pt))
		d.pdf.SetXY(x, y)
		d.fail(d.pdf.Text(sg.text))
		v, err := d.pdf.MeasureTextWidth(sg.text)
		d.fail(err)
		x += v
	}
	return x
}

// wrap breaks s into lines no wider than w: at spaces, and inside a word
// that is wider than a line on its own (CJK runs, long URLs), after its
// last '_', '-' or '/' that fits (FORMERLY_ / COMMANDED, not FORMERLY_COM).
func (d *pdfDoc) wrap(s string, pt float64, bold bool, w float64) []string {
	var lines []string
	for _, para := range strings.Split(s, "\n") {
		line := ""
		for _, word := range strings.Fields(para) {
			try := word
			if line != "" {
				try = line + " " + word
			}
			if d.width(try, pt, bold) <= w {
				line = try
				continue
			}
			if line != "" {
				lines = append(lines, line)
				line = ""
			}
			for d.width(word, pt, bold) > w {
				r := []rune(word)
				n := len(r) - 1
				for n > 1 && d.width(string(r[:n]), pt, bold) > w {
					n--
				}
				if i := strings.LastIndexAny(string(r[:n]), "_-/"); i > 0 {
					n = utf8.RuneCountInString(string(r[:n])[:i+1])
				}
				lines = append(lines, string(r[:n]))
				word = string(r[n:])
			}
			line = word
		}
		lines = append(lines, line)
	}
	return lines
}

func (d *pdfDoc) addPage(landscape bool) {
	size := d.paper
	if landscape {
		size = gopdf.Rect{W: d.paper.H, H: d.paper.W}
	}
	d.pdf.AddPageWithOption(gopdf.PageOption{PageSize: &size})
	d.sizes = append(d.sizes, size)
	d.w, d.h = size.W, size.H
	d.y = pdfTop
	d.pageFrame()
}

func (d *pdfDoc) contentW() float64 { return d.w - 2*pdfMargin }

// need starts a new page unless h more points fit on this one.
func (d *pdfDoc) need(h float64) bool {
	if d.y+h > d.h-pdfBottom {
		d.addPage(false)
		return true
	}
	return false
}

// para writes wrapped text at the cursor.
func (d *pdfDoc) para(s string, pt float64, bold bool, color string, indent float64) {
	lh := pt * pdfLineRatio
	for _, l := range d.wrap(s, pt, bold, d.contentW()-indent) {
		d.need(lh)
		d.text(pdfMargin+indent, d.y+pt, l, pt, bold, color)
		d.y += lh
	}
}

func (d *pdfDoc) heading(s string, pt float64) {
	d.need(pt*pdfLineRatio*2 + 40) // keep a heading with what follows
	d.y += pt * 0.8
	d.para(s, pt, true, "#111111", 0)
	d.y += pt * 0.3
}

func (d *pdfDoc) fillRect(x, y, w, h float64, color string) {
	d.pdf.SetFillColor(hexRGB(color))
	d.fail(d.pdf.Rectangle(x, y, x+w, y+h, "F", 0, 0))
}

func (d *pdfDoc) line(x1, y1, x2, y2, width float64, color string) {
	d.pdf.SetLineWidth(width)
	d.pdf.SetStrokeColor(hexRGB(color))
	d.pdf.Line(x1, y1, x2, y2)
}

// tableRow is one row of a table; Rule draws a stronger line above it.
type tableRow struct {
	Cells []string
	Rule  bool
}

// table writes rows under a header repeated on every page it spans. widths
// are fractions of the content width.
func (d *pdfDoc) table(header []string, widths []float64, rows []tableRow) {
	const pad = 3.0
	pt := pdfTablePt
	lh := pt * 1.25
	x0, cw := pdfMargin, d.contentW()
	drawHeader := func() {
		h := lh + 2*pad
		d.fillRect(x0, d.y, cw, h, "#e9edf2")
		x := x0
		for i, c := range header {
			d.text(x+pad, d.y+pad+pt, c, pt, true, "#222222")
			x += widths[i] * cw
		}
		d.y += h
	}
	d.need(3 * lh)
	drawHeader()
	for _, r := range rows {
		cells := make([][]string, len(r.Cells))
		n := 1
		for i, c := range r.Cells {
			cells[i] = d.wrap(c, pt, i == 0 && c != "" && r.Rule, widths[i]*cw-2*pad)
			n = max(n, len(cells[i]))
		}
		h := float64(n)*lh + 2*pad
		if d.need(h) {
			drawHeader()
		}
		color, width := "#d5dbe3", 0.4
		if r.Rule {
			color, width = "#8a96a6", 0.8
		}
		d.line(x0, d.y, x0+cw, d.y, width, color)
		x := x0
		for i, lines := range cells {
			if m := graph.Marking(r.Cells[i]); strings.HasPrefix(r.Cells[i], "TLP:") && m != graph.Clear && m.Valid() {
				// A marking above CLEAR stands out as a label in its colour.
				w := d.width(r.Cells[i], pt, true)
				d.fillRect(x+pad-2, d.y+pad-1.5, w+4, pt+3, "#000000")
				d.text(x+pad, d.y+pad+pt*0.85, r.Cells[i], pt, true, tlpColor(m))
				x += widths[i] * cw
				continue
			}
			for j, l := range lines {
				d.text(x+pad, d.y+pad+pt+float64(j)*lh, l, pt, i == 0 && r.Rule, "#111111")
			}
			x += widths[i] * cw
		}
		d.y += h
	}
	d.line(x0, d.y, x0+cw, d.y, 0.4, "#d5dbe3")
	d.y += 8
}

// bannerAt draws the marking label, in its colour on black, centred at y.
func (d *pdfDoc) bannerAt(y float64) {
	label := string(d.banner)
	w := d.width(label, pdfBannerPt, true) + 16
	h := pdfBannerPt + 8
	d.fillRect((d.w-w)/2, y, w, h, "#000000")
	d.text((d.w-w)/2+8, y+4+pdfBannerPt*0.82, label, pdfBannerPt, true, tlpColor(d.banner))
}

// pageFrame draws the banners, the title and the page number on the page
// just added; the page count is filled in by finish.
func (d *pdfDoc) pageFrame() {
	d.bannerAt(18)
	d.bannerAt(d.h - 36)
	d.text(pdfMargin, d.h-23, truncate(d.title, 48), 7.5, false, "#555555")
	label := fmt.Sprintf("Page %d of ", len(d.sizes))
	x := d.text(d.w-pdfMargin-d.width(label+"999", 7.5, false), d.h-23, label, 7.5, false, "#555555")
	d.fail(d.pdf.SetFont(d.chain[0], "", 7.5))
	d.pdf.SetXY(x, d.h-23)
	d.fail(d.pdf.PlaceHolderText("pages", d.width("999", 7.5, false)))
}

// finish fills in the page count.
func (d *pdfDoc) finish() {
	d.fail(d.pdf.FillInPlaceHoldText("pages", fmt.Sprint(len(d.sizes)), gopdf.Left))
}

// writePDF writes the brief as a PDF: cover with the distribution rule,
// summary and key judgments, the chart, the answers, entities by kind,
// relations by entity and date, and the sources.
func writePDF(w io.Writer, g graph.Subgraph, opt Options) error {
	if err := checkEnds(g); err != nil {
		return err
	}
	b := newBrief(g, opt)
	d, err := newPDFDoc(opt, b.Banner, b.Title)
	if err != nil {
		return err
	}
	d.pdf.SetInfo(gopdf.PdfInfo{Title: b.Title, Author: b.Author, Subject: string(b.Banner) + " linkchart brief",
		Creator: "linkchart", Producer: "linkchart (gopdf)", CreationDate: opt.Generated})
	d.cover(b)
	if d.err == nil {
		d.chart(g, opt)
	}
	if d.err == nil {
		d.timePlace(newBriefMap(g), b.Time)
	}
	if d.err == nil {
		d.sections(b)
	}
	d.finish()
	if d.err != nil {
		return d.err
	}
	_, err = d.pdf.WriteTo(w)
	return err
}

func (d *pdfDoc) cover(b brief) {
	d.addPage(false)
	d.y = 110
	d.para("LINKCHART BRIEF", 9, true, "#5a6b80", 0)
	d.y += 6
	d.para(b.Title, 22, true, "#111111", 0)
	d.y += 10
	meta := [][2]string{{"Author", b.Author}, {"Date", b.Date}, {"Product", b.Product}, {"Generated", b.Generated},
		{"Contents", fmt.Sprintf("%d entities, %d relations, %d sources", len(b.Entities), len(b.Relations), len(b.Sources))}}
	for _, m := range meta {
		if m[1] == "" {
			continue
		}
		d.need(14)
		d.text(pdfMargin, d.y+10, m[0], 10, true, "#444444")
		d.text(pdfMargin+80, d.y+10, m[1], 10, false, "#111111")
		d.y += 15
	}
	if b.Truncated {
		d.para("The answer was cut at its limit: this product does not hold every record of the view.", 9, false, "#a04000", 0)
	}
	// The marking and its rule, in a box.
	d.y += 14
	lines := d.wrap(b.Rule, 9.5, false, d.contentW()-24)
	h := 40 + float64(len(lines))*12.5
	d.pdf.SetLineWidth(0.8)
	d.pdf.SetStrokeColor(0, 0, 0)
	d.fail(d.pdf.Rectangle(pdfMargin, d.y, pdfMargin+d.contentW(), d.y+h, "D", 0, 0))
	lw := d.width(string(b.Banner), 12, true) + 16
	d.fillRect(pdfMargin+12, d.y+10, lw, 20, "#000000")
	d.text(pdfMargin+20, d.y+24.5, string(b.Banner), 12, true, tlpColor(b.Banner))
	d.text(pdfMargin+lw+22, d.y+24.5, "Distribution (Traffic Light Protocol 2.0)", 9.5, true, "#111111")
	for i, l := range lines {
		d.text(pdfMargin+12, d.y+44+float64(i)*12.5, l, 9.5, false, "#111111")
	}
	d.y += h + 10
	if len(b.Summary) > 0 {
		d.heading("Summary", 14)
		for _, p := range b.Summary {
			d.para(p, pdfBodyPt+0.5, false, "#111111", 0)
			d.y += 5
		}
	}
	d.numbered("Key judgments", b.KeyJudgments)
	d.numbered("Analyst's notes", b.Notes)
}

// numbered writes a heading and its items numbered, when there are items.
func (d *pdfDoc) numbered(heading string, items []string) {
	if len(items) > 0 {
		d.heading(heading, 14)
		for i, k := range items {
			lines := d.wrap(k, pdfBodyPt+0.5, false, d.contentW()-18)
			for j, l := range lines {
				lh := (pdfBodyPt + 0.5) * pdfLineRatio
				d.need(lh)
				if j == 0 {
					d.text(pdfMargin, d.y+pdfBodyPt+0.5, fmt.Sprintf("%d.", i+1), pdfBodyPt+0.5, true, "#111111")
				}
				d.text(pdfMargin+18, d.y+pdfBodyPt+0.5, l, pdfBodyPt+0.5, false, "#111111")
				d.y += lh
			}
			d.y += 4
		}
	}
}

// chart draws the view on its own page(s): landscape when the drawing is
// wider than tall, the arrangement spread to fill the page; a drawing
// larger than a page at its smallest legible scale is split into tiles.
func (d *pdfDoc) chart(g graph.Subgraph, opt Options) {
	if len(g.Nodes) == 0 {
		return
	}
	if !drawable(g) {
		d.heading("Chart", 14)
		d.para(fmt.Sprintf("No picture: %d entities and %d relations are more than a brief draws (%d and %d). Open the GraphML or GEXF export in Gephi or yEd.",
			len(g.Nodes), len(g.Edges), MaxPictureNodes, MaxPictureEdges), pdfBodyPt, false, "#444444", 0)
		return
	}
	const headH, legendH, inset = 30.0, 44.0, 24.0
	// The page's orientation follows the screen's arrangement.
	landscape := true
	if w, h := spanOf(g, opt.Positions); h > w*1.1 {
		landscape = false
	}
	pw, ph := d.paper.W, d.paper.H
	if landscape {
		pw, ph = ph, pw
	}
	areaW := pw - 2*pdfMargin
	areaH := ph - pdfTop - pdfBottom - headH - legendH
	// Tiles partition the drawing; what overflows a tile's edge by a label
	// stays inside the page's area.
	tileW, tileH := areaW-2*inset, areaH-2*inset
	l := layoutChart(g, opt.Positions, func(s string, pt float64) float64 { return d.width(s, pt, false) }, tileW, tileH)
	if d.err != nil {
		return
	}
	d.addPage(landscape)
	cols, rows := 1, 1
	if l.W > tileW+0.5 || l.H > tileH+0.5 {
		cols, rows = int(math.Ceil(l.W/tileW)), int(math.Ceil(l.H/tileH))
	}
	drawW, drawH := l.W, l.H
	how := chartHow(g, opt)
	for r := 0; r < rows; r++ {
		for c := 0; c < cols; c++ {
			if r+c > 0 {
				d.addPage(landscape)
			}
			head := "Chart"
			if rows*cols > 1 {
				head = fmt.Sprintf("Chart, part %d of %d (row %d, column %d)", r*cols+c+1, rows*cols, r+1, c+1)
			}
			d.text(pdfMargin, d.y+13, head, 13, true, "#111111")
			d.text(pdfMargin, d.y+25, fmt.Sprintf("%d entities, %d relations, %s.", len(l.Nodes), len(l.Edges), how), 8, false, "#555555")
			top := d.y + headH
			// The tile's origin in drawing units, and where it lands.
			tx, ty := float64(c)*tileW, float64(r)*tileH
			ox, oy := pdfMargin+inset-tx, top+inset-ty
			if cols*rows == 1 {
				ox += (tileW - drawW) / 2
				oy += (tileH - drawH) / 2
			}
			d.pdf.SetLineWidth(0.5)
			d.pdf.SetStrokeColor(0xc8, 0xcf, 0xd8)
			d.fail(d.pdf.Rectangle(pdfMargin, top, pdfMargin+areaW, top+areaH, "D", 0, 0))
			d.drawTile(l, ox, oy, tx, ty, tileW, tileH)
			d.legend(g, top+areaH+8)
		}
	}
}

// clipSegment cuts the segment to the rectangle (Liang–Barsky); ok is false
// when nothing of it is inside.
// chartHow says where the chart's arrangement comes from.
func chartHow(g graph.Subgraph, opt Options) string {
	if w, h := spanOf(g, opt.Positions); w > 0 || h > 0 {
		return "as arranged on screen"
	}
	return "arranged automatically (the export did not carry the screen's positions)"
}

// spanOf is the extent of the positions given for g's nodes (0, 0 when
// they are not all given).
func spanOf(g graph.Subgraph, pos map[string]Point) (w, h float64) {
	minX, minY, maxX, maxY := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	for _, n := range g.Nodes {
		p, ok := pos[n.ID]
		if !ok {
			return 0, 0
		}
		minX, minY, maxX, maxY = math.Min(minX, p.X), math.Min(minY, p.Y), math.Max(maxX, p.X), math.Max(maxY, p.Y)
	}
	return maxX - minX, maxY - minY
}

func clipSegment(x1, y1, x2, y2, rx, ry, rw, rh float64) (float64, float64, float64, float64, bool) {
	t0, t1 := 0.0, 1.0
	dx, dy := x2-x1, y2-y1
	for _, e := range [][2]float64{{-dx, x1 - rx}, {dx, rx + rw - x1}, {-dy, y1 - ry}, {dy, ry + rh - y1}} {
		p, q := e[0], e[1]
		if p == 0 {
			if q < 0 {
				return 0, 0, 0, 0, false
			}
			continue
		}
		t := q / p
		if p < 0 {
			t0 = math.Max(t0, t)
		} else {
			t1 = math.Min(t1, t)
		}
		if t0 > t1 {
			return 0, 0, 0, 0, false
		}
	}
	return x1 + t0*dx, y1 + t0*dy, x1 + t1*dx, y1 + t1*dy, true
}

func inTile(x, y, tx, ty, tw, th float64) bool {
	return x >= tx && x < tx+tw && y >= ty && y < ty+th
}

// drawTile draws the part of l inside the tile (tx, ty, tw, th) of the
// drawing, offset by (ox, oy) on the page.
func (d *pdfDoc) drawTile(l chartLayout, ox, oy, tx, ty, tw, th float64) {
	single := tw >= l.W && th >= l.H
	if single {
		tx, ty, tw, th = -1e9, -1e9, 2e9, 2e9
	}
	for _, e := range l.Edges {
		a, b := l.Nodes[e.From], l.Nodes[e.To]
		x1, y1, x2, y2, ok := edgeEnds(a, b)
		if !ok {
			continue
		}
		color, width := "#8e9aab", 0.9
		if e.Oversight {
			color, width = "#7a2d2d", 1.4
		}
		cx1, cy1, cx2, cy2, ok := clipSegment(x1, y1, x2, y2, tx, ty, tw, th)
		if !ok {
			continue
		}
		if e.Weak {
			d.pdf.SetCustomLineType([]float64{4, 2.5}, 0)
		}
		d.line(ox+cx1, oy+cy1, ox+cx2, oy+cy2, width, color)
		if e.Weak {
			d.pdf.SetLineType("solid")
		}
		if inTile(x2, y2, tx, ty, tw, th) {
			d.pdf.SetFillColor(hexRGB(color))
			d.pdf.SetStrokeColor(hexRGB(color))
			d.pdf.SetLineWidth(0.3)
			d.pdf.Polygon(toPDF(arrowHead(x1, y1, x2, y2), ox, oy), "DF")
		}
	}
	for i, r := range l.EdgeLabels {
		e := l.Edges[i]
		a, b := l.Nodes[e.From], l.Nodes[e.To]
		mx, my := (a.X+b.X)/2, (a.Y+b.Y)/2
		if r == nil || !inTile(mx, my, tx, ty, tw, th) {
			continue
		}
		d.fillRect(ox+r[0], oy+r[1], r[2]-r[0], r[3]-r[1], "#ffffff")
		d.text(ox+r[0]+1, oy+my+l.EdgeLabelPt*0.36, e.Label, l.EdgeLabelPt, false, "#4a5568")
	}
	for _, n := range l.Nodes {
		if !inTile(n.X, n.Y, tx, ty, tw, th) {
			continue
		}
		d.shape(n.Kind, ox+n.X, oy+n.Y, nodeSize)
		ly := oy + n.Y + nodeSize/2 + 3
		d.fillRect(ox+n.X-n.LabelW/2-1.5, ly, n.LabelW+3, l.LabelPt*(1.2*float64(len(n.Lines))-0.05), "#ffffff")
		for k, line := range n.Lines {
			d.text(ox+n.X-d.width(line, l.LabelPt, false)/2, ly+l.LabelPt*(0.9+1.2*float64(k)), line, l.LabelPt, false, "#1b1f24")
		}
	}
}

func toPDF(pts []Point, ox, oy float64) []gopdf.Point {
	out := make([]gopdf.Point, len(pts))
	for i, p := range pts {
		out[i] = gopdf.Point{X: ox + p.X, Y: oy + p.Y}
	}
	return out
}

// shape draws a kind's shape of size s centred on (x, y), white-edged.
func (d *pdfDoc) shape(k graph.Kind, x, y, s float64) {
	st := styleOf(k)
	d.pdf.SetFillColor(hexRGB(st.Color))
	d.pdf.SetStrokeColor(255, 255, 255)
	d.pdf.SetLineWidth(1)
	r := s / 2
	switch st.Shape {
	case "rectangle":
		d.fail(d.pdf.Rectangle(x-r, y-r, x+r, y+r, "FD", 0, 0))
	case "round-rectangle":
		d.fail(d.pdf.Rectangle(x-r, y-r, x+r, y+r, "FD", 3, 4))
	case "ellipse":
		var pts []Point
		for i := 0; i < 32; i++ {
			a := float64(i) * math.Pi / 16
			pts = append(pts, Point{x + r*math.Cos(a), y + r*math.Sin(a)})
		}
		d.pdf.Polygon(toPDF(pts, 0, 0), "FD")
	default:
		d.pdf.Polygon(toPDF(shapePoints(st.Shape, x, y, s), 0, 0), "FD")
	}
}

// legend draws the kinds present and the line styles below the chart.
func (d *pdfDoc) legend(g graph.Subgraph, y float64) {
	x := pdfMargin
	d.text(x, y+10, "Legend", 8, true, "#111111")
	x += 40
	for _, k := range kindsIn(g) {
		st := styleOf(k)
		w := d.width(st.Label, 8, false)
		if x+w+20 > d.w-pdfMargin {
			x, y = pdfMargin+40, y+14
		}
		d.shape(k, x+5, y+7, 9)
		d.text(x+13, y+10, st.Label, 8, false, "#111111")
		x += w + 26
	}
	x, y = pdfMargin+40, y+16
	d.line(x, y+7, x+22, y+7, 1.4, "#7a2d2d")
	x = d.text(x+27, y+10, "oversight (commands, directs, leads, oversaw)", 8, false, "#111111") + 14
	d.line(x, y+7, x+22, y+7, 0.9, "#8e9aab")
	x = d.text(x+27, y+10, "other relation, arrow from subject to object", 8, false, "#111111") + 14
	d.pdf.SetCustomLineType([]float64{4, 2.5}, 0)
	d.line(x, y+7, x+22, y+7, 0.9, "#8e9aab")
	d.pdf.SetLineType("solid")
	d.text(x+27, y+10, "weak grade (D–F or 4–6)", 8, false, "#111111")
}

// sections writes the answers, entities, relations and sources.
func (d *pdfDoc) sections(b brief) {
	d.addPage(false)
	if len(b.Keys) > 0 {
		d.heading("Key entities", 14)
		d.para("Ranked by "+b.Measure+" over the entities in this product; community as the analysis found it.", 8, false, "#555555", 0)
		var rows []tableRow
		for _, k := range b.Keys {
			rows = append(rows, tableRow{Cells: []string{fmt.Sprint(k.N), k.Name, k.Kind, k.Score, k.Community}})
		}
		d.table([]string{"Rank", "Entity", "Kind", b.Measure, "Community"}, []float64{.08, .42, .2, .15, .15}, rows)
	}
	if len(b.Answers) > 0 {
		q := "Answers"
		if b.Question != "" {
			q += ": " + b.Question
		}
		d.heading(q, 14)
		for _, a := range b.Answers {
			head := fmt.Sprintf("%d. %s", a.N, a.Label)
			if a.Grade != "" {
				head += " (weakest grade " + a.Grade + ")"
			}
			d.para(head, pdfBodyPt+0.5, true, "#111111", 0)
			var rows []tableRow
			for _, h := range a.Hops {
				rows = append(rows, tableRow{Cells: []string{h.From, h.Type, h.To, h.Dates, h.Grade, h.CiteText()}})
			}
			if a.MissingHops > 0 {
				d.para(fmt.Sprintf("%d hop(s) of this path are not in this product.", a.MissingHops), 8.5, false, "#a04000", 0)
			}
			if len(rows) > 0 {
				d.table([]string{"From", "Relation", "To", "When", "Grade", "Sources"}, []float64{.25, .16, .25, .14, .08, .12}, rows)
			}
		}
	}
	d.heading("Entities", 14)
	for _, k := range b.Kinds {
		d.need(50)
		d.y += 4
		d.shape(graph.Kind(k.Kind), pdfMargin+5, d.y+6, 10)
		d.text(pdfMargin+15, d.y+10, fmt.Sprintf("%s (%d)", k.Label, len(k.Entities)), 11, true, "#111111")
		d.y += 18
		var rows []tableRow
		for _, e := range k.Entities {
			summary := e.Summary
			if e.Props != "" {
				summary = strings.TrimSpace(summary + "\n" + e.Props)
			}
			rows = append(rows, tableRow{Cells: []string{e.Name, e.Aliases, summary, string(e.Marking)}})
		}
		d.table([]string{"Name", "Aliases", "Summary", "Marking"}, []float64{.24, .2, .44, .12}, rows)
	}
	d.heading("Relations", 14)
	d.para("By entity, then date; sources in brackets (numbered below); grade = best source reliability and the claim's credibility.", 8, false, "#555555", 0)
	var rows []tableRow
	for _, r := range b.Relations {
		from := r.From
		if !r.FirstOfEntity {
			from = ""
		}
		rows = append(rows, tableRow{Cells: []string{from, r.Type, r.To, r.Dates, r.Grade, r.CiteText(), string(r.Marking)}, Rule: r.FirstOfEntity})
	}
	if len(rows) > 0 {
		d.table([]string{"Entity", "Relation", "To", "When", "Grade", "Sources", "Marking"}, []float64{.22, .16, .22, .13, .07, .09, .11}, rows)
	}
	d.heading("Sources", 14)
	for _, s := range b.Sources {
		var parts []string
		for _, p := range []string{s.Publisher, s.Author, s.Date} {
			if p != "" {
				parts = append(parts, p)
			}
		}
		line := s.Title
		if len(parts) > 0 {
			line += ". " + strings.Join(parts, ", ")
		}
		line += ". Reliability " + s.Reliability + "."
		lines := d.wrap(line, 8.5, false, d.contentW()-26)
		if s.URL != "" {
			lines = append(lines, d.wrap(s.URL, 8.5, false, d.contentW()-26)...)
		}
		lh := 8.5 * pdfLineRatio
		d.need(float64(len(lines))*lh + 4)
		d.text(pdfMargin, d.y+8.5, fmt.Sprintf("[%d]", s.N), 8.5, true, "#111111")
		urlFrom := len(lines) - len(d.wrap(s.URL, 8.5, false, d.contentW()-26))
		for i, l := range lines {
			color := "#111111"
			if s.URL != "" && i >= urlFrom {
				color = "#1f4e9a"
				if s.Link != "" {
					d.pdf.AddExternalLink(s.Link, pdfMargin+26, d.y, d.width(l, 8.5, false), lh)
				}
			}
			d.text(pdfMargin+26, d.y+8.5, l, 8.5, false, color)
			d.y += lh
		}
		d.y += 4
	}
}
