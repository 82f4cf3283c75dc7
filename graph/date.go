package graph

import (
	"fmt"
	"strings"
	"time"
)

// Date is a partial ISO date: "2024", "2024-10" or "2024-10-18". The empty
// Date is an open end.
//
// Two dates are compared at the precision of the coarser one: "2024-10" is
// neither before nor after "2024-10-18". So an edge with since "2024-10"
// holds as of "2024-10-01", and one with until "2024" holds as of
// "2024-12-31".
type Date string

// ParseDate checks s and returns it as a Date.
func ParseDate(s string) (Date, error) {
	d := Date(s)
	if err := d.Check(); err != nil {
		return "", err
	}
	return d, nil
}

// Check reports why d is not a valid partial date, or nil.
func (d Date) Check() error {
	s := string(d)
	if plainDate(s) {
		return nil
	}
	var layout string
	switch len(s) {
	case 0:
		return nil
	case 4:
		layout = "2006"
	case 7:
		layout = "2006-01"
	case 10:
		layout = "2006-01-02"
	default:
		return fmt.Errorf("date %q: want YYYY, YYYY-MM or YYYY-MM-DD", s)
	}
	if _, err := time.Parse(layout, s); err != nil {
		return fmt.Errorf("date %q: want YYYY, YYYY-MM or YYYY-MM-DD", s)
	}
	return nil
}

// plainDate reports whether s is YYYY, YYYY-MM or YYYY-MM-DD with the
// month and day in range: a byte loop for what time.Parse accepts (imports
// check millions of dates); anything else goes to time.Parse.
func plainDate(s string) bool {
	if len(s) != 4 && len(s) != 7 && len(s) != 10 {
		return false
	}
	num := func(i, n int) int {
		v := 0
		for _, c := range []byte(s[i : i+n]) {
			if c < '0' || c > '9' {
				return -1
			}
			v = v*10 + int(c-'0')
		}
		return v
	}
	year := num(0, 4)
	if year < 0 {
		return false
	}
	if len(s) == 4 {
		return true
	}
	month := num(5, 2)
	if s[4] != '-' || month < 1 || month > 12 {
		return false
	}
	if len(s) == 7 {
		return true
	}
	day := num(8, 2)
	return s[7] == '-' && day >= 1 && day <= daysIn(month, year)
}

func daysIn(month, year int) int {
	switch month {
	case 2:
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// Compare compares d and o at the coarser precision of the two: -1 when d is
// before o, 0 when they overlap, +1 when d is after o. Both must be non-empty.
func (d Date) Compare(o Date) int {
	n := len(d)
	if len(o) < n {
		n = len(o)
	}
	return strings.Compare(string(d)[:n], string(o)[:n])
}

// HoldsAt reports whether an interval [since, until] (open ends allowed)
// holds at asOf. An empty asOf means any time: it always holds.
func HoldsAt(since, until, asOf Date) bool {
	if asOf == "" {
		return true
	}
	if since != "" && since.Compare(asOf) > 0 {
		return false
	}
	if until != "" && until.Compare(asOf) < 0 {
		return false
	}
	return true
}
