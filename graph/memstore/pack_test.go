package memstore

import (
	"testing"

	"linkchart/graph"
)

func TestPackedDates(t *testing.T) {
	dates := []graph.Date{"2024", "2024-10", "2024-10-18", "2024-10-01", "2024-09", "2023", "2025-01-31", "0001", "9999-12-31"}
	for _, a := range dates {
		if got := packDate(a).unpack(); got != a {
			t.Errorf("unpack(pack(%q)) = %q", a, got)
		}
		for _, b := range dates {
			if got, want := packDate(a).compare(packDate(b)), a.Compare(b); got != want {
				t.Errorf("compare(%q, %q) = %d, want %d", a, b, got, want)
			}
			for _, c := range append(dates, "") {
				if got, want := holdsAt(packDate(a), packDate(c), packDate(b)), graph.HoldsAt(a, c, b); got != want {
					t.Errorf("holdsAt(%q, %q, %q) = %v, want %v", a, c, b, got, want)
				}
			}
		}
	}
}
