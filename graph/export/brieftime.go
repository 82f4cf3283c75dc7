package export

import (
	"fmt"
	"strconv"

	"linkchart/graph"
)

// briefTime is the briefs' time bar: a histogram of the dated relations
// (by their start, else their end) per month, or per year when the span
// is longer than maxMonthBars months, drawn in a Width × Height box, with
// the export's window (or as-of day) shaded.
type briefTime struct {
	Width, Height int
	Unit          string // "month" or "year"
	Bars          []timeBar
	Ticks         []timeTick
	Base          float64 // the y of the axis
	Left, Right   float64
	MaxCount      int
	// Window is the shaded span, nil when the export has none; Label says it.
	Window      *mapLine
	WindowLabel string
	// Dated and Undated count relations; Coarse counts those dated to the
	// year only, left out of a monthly histogram.
	Dated, Undated, Coarse int
}

type timeBar struct {
	X, Y, W, H float64
	Label      string
	Count      int
}

type timeTick struct {
	X     float64
	Label string
}

// maxMonthBars is the longest span drawn month by month.
const maxMonthBars = 48

// monthIndex is year*12+month-1 of a date, the first month of a year-only
// date, or the last when end is set; ok is false for an empty date.
func monthIndex(d graph.Date, end bool) (int, bool) {
	s := string(d)
	if len(s) < 4 {
		return 0, false
	}
	y, err := strconv.Atoi(s[:4])
	if err != nil {
		return 0, false
	}
	m := 1
	if end {
		m = 12
	}
	if len(s) >= 7 {
		if m, err = strconv.Atoi(s[5:7]); err != nil {
			return 0, false
		}
	}
	return y*12 + m - 1, true
}

var monthAbbr = [12]string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}

// newBriefTime returns the time bar of g seen through opt's window, or nil
// when no relation is dated.
func newBriefTime(g graph.Subgraph, opt Options) *briefTime {
	const w, h = 560, 160
	t := &briefTime{Width: w, Height: h, Left: 34, Right: w - 12, Base: h - 40}
	type dated struct {
		m      int
		coarse bool
	}
	var ds []dated
	lo, hi := 1<<30, -1
	for _, e := range g.Edges {
		d := e.Since
		if d == "" {
			d = e.Until
		}
		m, ok := monthIndex(d, false)
		if !ok {
			t.Undated++
			continue
		}
		t.Dated++
		ds = append(ds, dated{m, len(d) == 4})
		lo, hi = min(lo, m), max(hi, m)
	}
	if t.Dated == 0 {
		return nil
	}
	from, to := opt.Window.From, opt.Window.To
	if opt.AsOf != "" {
		from, to = opt.AsOf, opt.AsOf
	}
	wFrom, okF := monthIndex(from, false)
	wTo, okT := monthIndex(to, true)
	if okF {
		lo, hi = min(lo, wFrom), max(hi, wFrom)
	}
	if okT {
		lo, hi = min(lo, wTo), max(hi, wTo)
	}
	// A bucket is a month or a year; idx maps a month to its bucket.
	t.Unit = "month"
	idx := func(m int) int { return m }
	if hi-lo+1 > maxMonthBars {
		t.Unit = "year"
		idx = func(m int) int { return m / 12 }
		lo, hi = lo/12, hi/12
	} else {
		// Whole years are shown when they are few: a year-only date has
		// no month, so it is counted apart.
		lo = min(lo, hi-11)
	}
	counts := make([]int, hi-lo+1)
	for _, d := range ds {
		if d.coarse && t.Unit == "month" {
			t.Coarse++
			continue
		}
		counts[idx(d.m)-lo]++
	}
	for _, c := range counts {
		t.MaxCount = max(t.MaxCount, c)
	}
	n := len(counts)
	bw := (t.Right - t.Left) / float64(n)
	top := 14.0
	for i, c := range counts {
		label := strconv.Itoa(lo + i)
		if t.Unit == "month" {
			label = fmt.Sprintf("%s %d", monthAbbr[(lo+i)%12], (lo+i)/12)
		}
		bh := 0.0
		if t.MaxCount > 0 {
			bh = float64(c) / float64(t.MaxCount) * (t.Base - top)
		}
		x := t.Left + float64(i)*bw
		t.Bars = append(t.Bars, timeBar{X: x + bw*0.12, Y: t.Base - bh, W: bw * 0.76, H: bh, Label: label, Count: c})
		// Ticks: every year (months: each January, or each quarter on short spans).
		switch {
		case t.Unit == "year" && (n <= 12 || (lo+i)%max(1, n/10) == 0):
			t.Ticks = append(t.Ticks, timeTick{x + bw/2, label})
		case t.Unit == "month" && (lo+i)%12 == 0:
			t.Ticks = append(t.Ticks, timeTick{x, strconv.Itoa((lo + i) / 12)})
		case t.Unit == "month" && n <= 24 && (lo+i)%3 == 0:
			t.Ticks = append(t.Ticks, timeTick{x, monthAbbr[(lo+i)%12]})
		}
	}
	if okF || okT {
		a, b := lo, hi
		if okF {
			a = idx(wFrom)
		}
		if okT {
			b = idx(wTo)
		}
		t.Window = &mapLine{X1: t.Left + float64(a-lo)*bw, Y1: top - 6, X2: t.Left + float64(b-lo+1)*bw, Y2: t.Base}
		switch {
		case opt.AsOf != "":
			t.WindowLabel = "as of " + string(opt.AsOf)
		case from != "" && to != "":
			t.WindowLabel = "window " + string(from) + " to " + string(to)
		case from != "":
			t.WindowLabel = "window from " + string(from)
		default:
			t.WindowLabel = "window to " + string(to)
		}
	}
	return t
}

// Caption says what the time bar counts.
func (t *briefTime) Caption() string {
	s := fmt.Sprintf("Dated relations per %s, by start date (%d dated, %d undated", t.Unit, t.Dated, t.Undated)
	if t.Coarse > 0 {
		s += fmt.Sprintf(", %d dated to the year only and not drawn", t.Coarse)
	}
	s += ")."
	if t.WindowLabel != "" {
		s += " Shaded: the export's " + t.WindowLabel + "."
	}
	return s
}
