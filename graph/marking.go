package graph

import (
	"fmt"
	"strings"
)

// Marking is a Traffic Light Protocol marking. The empty marking means
// TLP:CLEAR. Markings are ordered: CLEAR < GREEN < AMBER < RED.
type Marking string

// The four markings, lowest first.
const (
	Clear Marking = "TLP:CLEAR"
	Green Marking = "TLP:GREEN"
	Amber Marking = "TLP:AMBER"
	Red   Marking = "TLP:RED"
)

// Markings lists the markings from lowest to highest.
var Markings = []Marking{Clear, Green, Amber, Red}

// Level is the marking's rank: 0 for CLEAR (or empty) to 3 for RED, -1 when
// the marking is not valid.
func (m Marking) Level() int {
	if m == "" {
		return 0
	}
	for i, v := range Markings {
		if v == m {
			return i
		}
	}
	return -1
}

// Valid reports whether m is empty or one of Markings.
func (m Marking) Valid() bool { return m.Level() >= 0 }

// Allows reports whether a caller cleared for m may see a record marked r.
func (m Marking) Allows(r Marking) bool {
	lr := r.Level()
	return lr >= 0 && lr <= m.Level()
}

// Max returns the higher of two markings.
func (m Marking) Max(o Marking) Marking {
	if o.Level() > m.Level() {
		return o
	}
	if m == "" {
		return Clear
	}
	return m
}

// ParseClearance reads a clearance as written in LINKCHART_TOKENS or a query:
// "clear", "green", "amber", "red", or a full marking such as "TLP:AMBER".
func ParseClearance(s string) (Marking, error) {
	u := strings.ToUpper(strings.TrimSpace(s))
	if !strings.HasPrefix(u, "TLP:") {
		u = "TLP:" + u
	}
	m := Marking(u)
	if m.Level() < 0 || s == "" {
		return "", fmt.Errorf("clearance %q: want clear, green, amber or red", s)
	}
	return m, nil
}
