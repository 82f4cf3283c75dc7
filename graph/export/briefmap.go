package export

import (
	"fmt"
	"math"
	"sort"

	"linkchart/graph"
)

// briefMap is the HTML brief's small map: the located entities (Locate)
// and the relations between two of them, projected equirectangularly (x
// scaled by the cosine of the middle latitude) into a Width × Height box,
// over a graticule every Step degrees. The brief has no basemap: it ships
// no boundaries.
type briefMap struct {
	Width, Height int
	Points        []mapPoint
	Lines         []mapLine
	Grid          []mapLine
	// GridLabels name the graticule's meridians and parallels.
	GridLabels []gridLabel
	Step       float64
}

type mapPoint struct {
	X, Y   float64
	Label  string
	Placed bool
	Title  string
}

// gridLabel is a graticule line's degrees, anchored (SVG text-anchor) at X, Y.
type gridLabel struct {
	X, Y          float64
	Label, Anchor string
}

type mapLine struct{ X1, Y1, X2, Y2 float64 }

// newBriefMap returns the map of g, or nil when no entity is located.
func newBriefMap(g graph.Subgraph) *briefMap {
	at := Locate(g)
	if len(at) == 0 {
		return nil
	}
	const w, maxH, margin = 560, 320.0, 30.0
	minLon, maxLon, minLat, maxLat := 180.0, -180.0, 90.0, -90.0
	for _, l := range at {
		minLon, maxLon = math.Min(minLon, l.Lon), math.Max(maxLon, l.Lon)
		minLat, maxLat = math.Min(minLat, l.Lat), math.Max(maxLat, l.Lat)
	}
	minLon, maxLon, minLat, maxLat = minLon-1, maxLon+1, minLat-1, maxLat+1
	k := math.Cos((minLat + maxLat) / 2 * math.Pi / 180)
	scale := math.Min((w-2*margin)/((maxLon-minLon)*k), (maxH-2*margin)/(maxLat-minLat))
	// The box is as tall as the located span needs (a wide span is flat).
	h := math.Ceil((maxLat-minLat)*scale + 2*margin)
	proj := func(lon, lat float64) (float64, float64) {
		return margin + (lon-minLon)*k*scale, h - margin - (lat-minLat)*scale
	}
	m := &briefMap{Width: w, Height: int(h), Step: 5}
	if maxLon-minLon > 40 || maxLat-minLat > 40 {
		m.Step = 10
	}
	for lon := math.Ceil(minLon/m.Step) * m.Step; lon <= maxLon; lon += m.Step {
		x1, y1 := proj(lon, minLat)
		x2, y2 := proj(lon, maxLat)
		m.Grid = append(m.Grid, mapLine{x1, y1, x2, y2})
		m.GridLabels = append(m.GridLabels, gridLabel{X: x1, Y: y1 + 12, Label: degrees(lon, "E", "W"), Anchor: "middle"})
	}
	for lat := math.Ceil(minLat/m.Step) * m.Step; lat <= maxLat; lat += m.Step {
		x1, y1 := proj(minLon, lat)
		x2, y2 := proj(maxLon, lat)
		m.Grid = append(m.Grid, mapLine{x1, y1, x2, y2})
		m.GridLabels = append(m.GridLabels, gridLabel{X: x1 - 4, Y: y1 + 3, Label: degrees(lat, "N", "S"), Anchor: "end"})
	}
	for _, n := range g.Nodes {
		l, ok := at[n.ID]
		if !ok {
			continue
		}
		x, y := proj(l.Lon, l.Lat)
		p := mapPoint{X: x, Y: y, Label: n.Name, Placed: l.Via != "", Title: n.Name + " — " + l.Source}
		if p.Placed {
			p.Title = n.Name + " — at " + l.At + " (" + l.Via + ")"
		}
		m.Points = append(m.Points, p)
	}
	sort.SliceStable(m.Points, func(i, j int) bool { return !m.Points[i].Placed && m.Points[j].Placed })
	for _, e := range g.Edges {
		a, okA := at[e.From]
		b, okB := at[e.To]
		if okA && okB && (a.Lat != b.Lat || a.Lon != b.Lon) {
			x1, y1 := proj(a.Lon, a.Lat)
			x2, y2 := proj(b.Lon, b.Lat)
			m.Lines = append(m.Lines, mapLine{x1, y1, x2, y2})
		}
	}
	return m
}

// degrees names a meridian or parallel: "40°E", "10°S", "0°".
func degrees(v float64, pos, neg string) string {
	switch {
	case v > 0:
		return fmt.Sprintf("%g°%s", v, pos)
	case v < 0:
		return fmt.Sprintf("%g°%s", -v, neg)
	}
	return "0°"
}
