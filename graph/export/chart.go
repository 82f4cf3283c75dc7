package export

import (
	"fmt"
	"math"
	"sort"
	"strings"
	"unicode/utf8"

	"linkchart/graph"
)

// pageKind is how the page draws a kind (frontend/src/style.js KINDS):
// the PDF, the SVG picture and the page's image exports draw it the same.
type pageKind struct {
	Color, Shape, Label string
}

// kindOrder is the order of kinds in the legend and the entity sections.
var kindOrder = []graph.Kind{"Person", "Unit", "Organization", "State", "WeaponSystem", "Place", "Event"}

var pageKinds = map[graph.Kind]pageKind{
	"Person":       {"#2f6db5", "ellipse", "Person"},
	"Unit":         {"#3f8f3a", "rectangle", "Unit"},
	"Organization": {"#e07b12", "round-rectangle", "Organization"},
	"State":        {"#c8323b", "octagon", "State"},
	"WeaponSystem": {"#8b55a8", "triangle", "Weapon system"},
	"Place":        {"#1d9a9a", "diamond", "Place"},
	"Event":        {"#c9a400", "star", "Event"},
}

func styleOf(k graph.Kind) pageKind {
	if s, ok := pageKinds[k]; ok {
		return s
	}
	return pageKind{"#888888", "ellipse", string(k)}
}

// kindRank orders kinds as kindOrder, unknown kinds after, by name.
func kindRank(k graph.Kind) int {
	for i, o := range kindOrder {
		if o == k {
			return i
		}
	}
	return len(kindOrder)
}

var oversightTypes = map[string]bool{"COMMANDS": true, "DIRECTS": true, "LEADS": true, "OVERSAW": true}

// Chart sizes, in points (1/72 inch) of the printed page.
const (
	// MinLabelPt is the smallest text the chart prints: every node and edge
	// label is at least this size, whatever the scale of the arrangement.
	MinLabelPt  = 7.0
	nodeLabelPt = 8.0
	edgeLabelPt = MinLabelPt
	nodeSize    = 14.0
	labelMax    = 30 // runes a line; a longer name wraps to a second line
	labelLines  = 2  // lines of a name at most; the last ends in "…" when cut
)

// chartNode is a node placed on the chart: X, Y its centre; its name in
// Lines (one or two) below it, LabelW wide.
type chartNode struct {
	ID     string
	Lines  []string
	Kind   graph.Kind
	X, Y   float64
	LabelW float64
}

// box is the extent of the node and its label below it, around (X, Y).
func (n chartNode) box() (left, top, right, bottom float64) {
	half := math.Max(nodeSize, n.LabelW) / 2
	return n.X - half, n.Y - nodeSize/2, n.X + half, n.Y + nodeSize/2 + 3 + nodeLabelPt*1.2*float64(max(1, len(n.Lines)))
}

type chartEdge struct {
	From, To        int
	Label           string
	Oversight, Weak bool
}

// chartLayout is the arrangement of a chart at print size: W, H the extent
// of the drawing, LabelPt and EdgeLabelPt the text sizes.
type chartLayout struct {
	Nodes []chartNode
	Edges []chartEdge
	// EdgeLabels are the boxes of the relation labels drawn, by edge; nil
	// where a label would cover a node, a name or another label (the
	// relations table has them all).
	EdgeLabels           []*[4]float64
	W, H                 float64
	LabelPt, EdgeLabelPt float64
}

// measureFunc gives the width in points of s at size pt.
type measureFunc func(s string, pt float64) float64

// approxWidth estimates text width without font files: wide (CJK) runes one
// em, others about half.
func approxWidth(s string, pt float64) float64 {
	w := 0.0
	for _, r := range s {
		switch {
		case r >= 0x1100 && (r <= 0x115f || (r >= 0x2e80 && r <= 0xa4cf) || (r >= 0xac00 && r <= 0xd7a3) || (r >= 0xf900 && r <= 0xfaff) || (r >= 0xff00 && r <= 0xff60)):
			w += pt
		case strings.ContainsRune("il.,:;'|!I ", r):
			w += pt * 0.3
		case r >= 'A' && r <= 'Z' || r == 'm' || r == 'w':
			w += pt * 0.68
		default:
			w += pt * 0.55
		}
	}
	return w
}

// wrapLabel breaks a name into at most labelLines lines of at most
// labelMax runes, at spaces where it can; what does not fit ends in "…".
func wrapLabel(s string) []string {
	r := []rune(strings.Join(strings.Fields(s), " "))
	var lines []string
	for len(r) > 0 && len(lines) < labelLines-1 && len(r) > labelMax {
		cut := labelMax
		for i := labelMax; i > labelMax/2; i-- {
			if r[i] == ' ' {
				cut = i
				break
			}
		}
		lines = append(lines, strings.TrimSpace(string(r[:cut])))
		r = []rune(strings.TrimSpace(string(r[cut:])))
	}
	return append(lines, truncate(string(r), labelMax))
}

// truncate makes s one line of at most n runes, ending in "…" when cut.
func truncate(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return strings.TrimSpace(string(r[:n-1])) + "…"
}

func weakGrade(grade string) bool {
	return len(grade) == 2 && (grade[0] >= 'D' || grade[1] >= '4')
}

// layoutChart places g for print in an area of areaW × areaH points: at
// the page's positions when it gave one for every node, else by a
// force-directed layout; scaled to the area, then nodes whose label boxes
// overlap are pushed apart (labels keep their size: they are never scaled
// below MinLabelPt). The drawing can end up larger than the area; the PDF
// then splits it into pages.
func layoutChart(g graph.Subgraph, pos map[string]Point, measure measureFunc, areaW, areaH float64) chartLayout {
	l := chartLayout{LabelPt: nodeLabelPt, EdgeLabelPt: edgeLabelPt}
	if len(g.Nodes) == 0 {
		return l
	}
	index := map[string]int{}
	for i, n := range g.Nodes {
		index[n.ID] = i
		lines := wrapLabel(n.Name)
		w := 0.0
		for _, line := range lines {
			w = math.Max(w, measure(line, nodeLabelPt))
		}
		l.Nodes = append(l.Nodes, chartNode{ID: n.ID, Lines: lines, Kind: n.Kind, LabelW: w})
	}
	for _, e := range g.Edges {
		f, okf := index[e.From]
		t, okt := index[e.To]
		if okf && okt {
			l.Edges = append(l.Edges, chartEdge{From: f, To: t, Label: e.Type, Oversight: oversightTypes[e.Type], Weak: weakGrade(e.Grade)})
		}
	}
	pts := make([]Point, len(g.Nodes))
	given := true
	for i, n := range g.Nodes {
		p, ok := pos[n.ID]
		if !ok || math.IsNaN(p.X) || math.IsNaN(p.Y) || math.IsInf(p.X, 0) || math.IsInf(p.Y, 0) {
			given = false
			break
		}
		pts[i] = p
	}
	if !given {
		pts = forceLayout(len(g.Nodes), l.Edges)
	}
	// Scale the arrangement to the area less the largest label box.
	minX, minY, maxX, maxY := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	boxW, boxH := 0.0, 0.0
	for i, p := range pts {
		minX, minY, maxX, maxY = math.Min(minX, p.X), math.Min(minY, p.Y), math.Max(maxX, p.X), math.Max(maxY, p.Y)
		left, top, right, bottom := l.Nodes[i].box()
		boxW, boxH = math.Max(boxW, right-left), math.Max(boxH, bottom-top)
	}
	// At most three points per screen pixel; a computed arrangement has no
	// aspect of its own and is stretched to the area's.
	sx, sy := 3.0, 3.0
	if maxX > minX {
		sx = math.Min(sx, math.Max(areaW-boxW, areaW/2)/(maxX-minX))
	}
	if maxY > minY {
		sy = math.Min(sy, math.Max(areaH-boxH, areaH/2)/(maxY-minY))
	}
	if given {
		sx = math.Min(sx, sy)
		sy = sx
	}
	// Pushing nodes apart grows the drawing; shrink the arrangement and try
	// again while it does not fit, keeping the smallest result.
	var best []chartNode
	bestW, bestH := math.Inf(1), math.Inf(1)
	for try := 0; try < 8; try++ {
		nodes := append([]chartNode(nil), l.Nodes...)
		for i, p := range pts {
			nodes[i].X, nodes[i].Y = (p.X-minX)*sx, (p.Y-minY)*sy
		}
		separate(nodes)
		w, h := extent(nodes)
		if math.Max(w/areaW, h/areaH) < math.Max(bestW/areaW, bestH/areaH) {
			best, bestW, bestH = nodes, w, h
		}
		if w <= areaW && h <= areaH {
			break
		}
		sx, sy = sx*0.85, sy*0.85
	}
	l.Nodes = best
	minX, minY = math.Inf(1), math.Inf(1)
	for _, n := range l.Nodes {
		left, top, _, _ := n.box()
		minX, minY = math.Min(minX, left), math.Min(minY, top)
	}
	for i := range l.Nodes {
		l.Nodes[i].X -= minX
		l.Nodes[i].Y -= minY
	}
	l.W, l.H = bestW, bestH
	placeEdgeLabels(&l, measure)
	return l
}

// placeEdgeLabels gives each relation a label box at its middle when the
// box covers nothing drawn before it.
func placeEdgeLabels(l *chartLayout, measure measureFunc) {
	var placed [][4]float64
	for _, n := range l.Nodes {
		left, top, right, bottom := n.box()
		placed = append(placed, [4]float64{left, top, right, bottom})
	}
	l.EdgeLabels = make([]*[4]float64, len(l.Edges))
	for i, e := range l.Edges {
		if e.From == e.To {
			continue
		}
		a, b := l.Nodes[e.From], l.Nodes[e.To]
		mx, my := (a.X+b.X)/2, (a.Y+b.Y)/2
		w := measure(e.Label, l.EdgeLabelPt)
		r := [4]float64{mx - w/2 - 1, my - l.EdgeLabelPt/2 - 1, mx + w/2 + 1, my + l.EdgeLabelPt/2 + 1}
		if overlapsAny(r, placed) {
			continue
		}
		placed = append(placed, r)
		l.EdgeLabels[i] = &r
	}
}

func overlapsAny(r [4]float64, placed [][4]float64) bool {
	for _, p := range placed {
		if r[0] < p[2] && p[0] < r[2] && r[1] < p[3] && p[1] < r[3] {
			return true
		}
	}
	return false
}

// extent is the width and height of the nodes' boxes together.
func extent(nodes []chartNode) (w, h float64) {
	minX, minY, maxX, maxY := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	for _, n := range nodes {
		left, top, right, bottom := n.box()
		minX, minY, maxX, maxY = math.Min(minX, left), math.Min(minY, top), math.Max(maxX, right), math.Max(maxY, bottom)
	}
	return maxX - minX, maxY - minY
}

// separate pushes apart nodes whose boxes overlap, each pair along the axis
// where they overlap least, until none overlaps (or a round limit). A pair
// only moves apart, so the arrangement stays recognisable.
func separate(nodes []chartNode) {
	const gap = 4.0
	for round := 0; round < 500; round++ {
		moved := false
		for i := range nodes {
			li, ti, ri, bi := nodes[i].box()
			for j := i + 1; j < len(nodes); j++ {
				lj, tj, rj, bj := nodes[j].box()
				ox := math.Min(ri, rj) - math.Max(li, lj) + gap
				oy := math.Min(bi, bj) - math.Max(ti, tj) + gap
				if ox <= 0 || oy <= 0 {
					continue
				}
				moved = true
				a, b := &nodes[i], &nodes[j]
				if ox <= oy {
					if a.X > b.X || a.X == b.X && i > j {
						a, b = b, a
					}
					a.X -= ox / 2
					b.X += ox / 2
				} else {
					if a.Y > b.Y {
						a, b = b, a
					}
					a.Y -= oy / 2
					b.Y += oy / 2
				}
				li, ti, ri, bi = nodes[i].box()
			}
		}
		if !moved {
			return
		}
	}
}

// forceLayout places n nodes by Fruchterman–Reingold from a circle:
// deterministic, in pixel-like units.
func forceLayout(n int, edges []chartEdge) []Point {
	p := make([]Point, n)
	for i := range p {
		a := 2 * math.Pi * float64(i) / float64(n)
		p[i] = Point{X: 300 * math.Cos(a), Y: 300 * math.Sin(a)}
	}
	if n < 2 {
		return p
	}
	k := 70.0
	temp := 100.0
	for iter := 0; iter < 300; iter++ {
		d := make([]Point, n)
		for i := 0; i < n; i++ {
			for j := i + 1; j < n; j++ {
				dx, dy := p[i].X-p[j].X, p[i].Y-p[j].Y
				dist := math.Max(math.Hypot(dx, dy), 0.01)
				f := k * k / dist
				d[i].X += dx / dist * f
				d[i].Y += dy / dist * f
				d[j].X -= dx / dist * f
				d[j].Y -= dy / dist * f
			}
		}
		for _, e := range edges {
			if e.From == e.To {
				continue
			}
			dx, dy := p[e.From].X-p[e.To].X, p[e.From].Y-p[e.To].Y
			dist := math.Max(math.Hypot(dx, dy), 0.01)
			f := dist * dist / k
			d[e.From].X -= dx / dist * f
			d[e.From].Y -= dy / dist * f
			d[e.To].X += dx / dist * f
			d[e.To].Y += dy / dist * f
		}
		for i := range p {
			// A weak pull to the centre keeps unconnected parts near.
			d[i].X -= p[i].X * 0.05
			d[i].Y -= p[i].Y * 0.05
			l := math.Max(math.Hypot(d[i].X, d[i].Y), 0.01)
			step := math.Min(l, temp)
			p[i].X += d[i].X / l * step
			p[i].Y += d[i].Y / l * step
		}
		temp = math.Max(temp*0.985, 1)
	}
	return p
}

// kindsIn lists the kinds present in g in legend order.
func kindsIn(g graph.Subgraph) []graph.Kind {
	seen := map[graph.Kind]bool{}
	for _, n := range g.Nodes {
		seen[n.Kind] = true
	}
	var out []graph.Kind
	for k := range seen {
		out = append(out, k)
	}
	sort.Slice(out, func(i, j int) bool {
		if ri, rj := kindRank(out[i]), kindRank(out[j]); ri != rj {
			return ri < rj
		}
		return out[i] < out[j]
	})
	return out
}

// shapePoints outlines a kind's shape of size d around (x, y) as a polygon;
// nil for the ellipse and rectangles, which are drawn directly.
func shapePoints(shape string, x, y, d float64) []Point {
	r := d / 2
	var pts []Point
	switch shape {
	case "triangle":
		pts = []Point{{x, y - r}, {x + r, y + r}, {x - r, y + r}}
	case "diamond":
		pts = []Point{{x, y - r}, {x + r, y}, {x, y + r}, {x - r, y}}
	case "octagon":
		for i := 0; i < 8; i++ {
			a := math.Pi/8 + float64(i)*math.Pi/4
			pts = append(pts, Point{x + r*math.Cos(a), y + r*math.Sin(a)})
		}
	case "star":
		for i := 0; i < 10; i++ {
			a := -math.Pi/2 + float64(i)*math.Pi/5
			rr := r
			if i%2 == 1 {
				rr = r * 0.45
			}
			pts = append(pts, Point{x + rr*math.Cos(a), y + rr*math.Sin(a)})
		}
	}
	return pts
}

// edgeEnds are the ends of the line from a to b, stopped short of the
// nodes' shapes.
func edgeEnds(a, b chartNode) (x1, y1, x2, y2 float64, ok bool) {
	dx, dy := b.X-a.X, b.Y-a.Y
	d := math.Hypot(dx, dy)
	r := nodeSize/2 + 1.5
	if d <= 2*r {
		return 0, 0, 0, 0, false
	}
	ux, uy := dx/d, dy/d
	return a.X + ux*r, a.Y + uy*r, b.X - ux*r, b.Y - uy*r, true
}

// arrowHead is the triangle at the end (x2, y2) of a line from (x1, y1).
func arrowHead(x1, y1, x2, y2 float64) []Point {
	d := math.Hypot(x2-x1, y2-y1)
	ux, uy := (x2-x1)/d, (y2-y1)/d
	const l, w = 6.0, 2.6
	bx, by := x2-ux*l, y2-uy*l
	return []Point{{x2, y2}, {bx - uy*w, by + ux*w}, {bx + uy*w, by - ux*w}}
}

func hexRGB(c string) (r, g, b uint8) {
	fmt.Sscanf(c, "#%02x%02x%02x", &r, &g, &b) // a bad colour draws black
	return r, g, b
}
