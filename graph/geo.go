package graph

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Geo is where a node is: a WGS84 point and the gazetteer record it was
// taken from ("GeoNames 2044757"), so that a coordinate is sourced like a
// relation.
type Geo struct {
	Lat    float64 `json:"lat" yaml:"lat"`
	Lon    float64 `json:"lon" yaml:"lon"`
	Source string  `json:"source" yaml:"source"`
}

// Check reports why g is not a point on the globe with a source, or nil.
func (g *Geo) Check() error {
	switch {
	case g == nil:
		return nil
	case math.IsNaN(g.Lat) || g.Lat < -90 || g.Lat > 90:
		return fmt.Errorf("geo.lat %v: want -90..90", g.Lat)
	case math.IsNaN(g.Lon) || g.Lon < -180 || g.Lon > 180:
		return fmt.Errorf("geo.lon %v: want -180..180", g.Lon)
	case strings.TrimSpace(g.Source) == "":
		return fmt.Errorf("geo.source: required (the gazetteer and its record id)")
	}
	return nil
}

// GeoText is g as one line of text, "lat lon source" ("" for nil): how the
// stores keep it in a single string field. ParseGeoText reads it back.
func GeoText(g *Geo) string {
	if g == nil {
		return ""
	}
	return strconv.FormatFloat(g.Lat, 'g', -1, 64) + " " + strconv.FormatFloat(g.Lon, 'g', -1, 64) + " " + g.Source
}

// ParseGeoText reads GeoText's line; "" is nil.
func ParseGeoText(s string) (*Geo, error) {
	if s == "" {
		return nil, nil
	}
	parts := strings.SplitN(s, " ", 3)
	if len(parts) != 3 {
		return nil, fmt.Errorf("geo %q: want \"lat lon source\"", s)
	}
	lat, err1 := strconv.ParseFloat(parts[0], 64)
	lon, err2 := strconv.ParseFloat(parts[1], 64)
	if err1 != nil || err2 != nil {
		return nil, fmt.Errorf("geo %q: want \"lat lon source\"", s)
	}
	return &Geo{Lat: lat, Lon: lon, Source: parts[2]}, nil
}
