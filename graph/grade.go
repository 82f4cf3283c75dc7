package graph

import (
	"fmt"
	"strings"
)

// Reliability is the source half of the NATO Admiralty code: A (completely
// reliable) to E (unreliable), F (cannot be judged, the default).
type Reliability string

// ReliabilityUnknown is F: reliability cannot be judged.
const ReliabilityUnknown Reliability = "F"

// Valid reports whether r is one of A–F.
func (r Reliability) Valid() bool { return len(r) == 1 && r[0] >= 'A' && r[0] <= 'F' }

// CredibilityUnknown is 6: the truth of the information cannot be judged.
const CredibilityUnknown = 6

// ValidCredibility reports whether c is in 1–6.
func ValidCredibility(c int) bool { return c >= 1 && c <= 6 }

// Grade is an Admiralty grade such as "B2": a reliability letter and a
// credibility digit. Lower is better on both halves.
type Grade struct {
	Reliability Reliability
	Credibility int
}

// String writes the grade as "B2".
func (g Grade) String() string { return fmt.Sprintf("%s%d", g.Reliability, g.Credibility) }

// GradeOf derives an edge's grade: the best (lowest) reliability among the
// sources it cites, followed by its credibility. A source that is missing
// from sources counts as F.
func GradeOf(credibility int, cited []string, sources map[string]Source) Grade {
	best := ReliabilityUnknown
	for _, id := range cited {
		if s, ok := sources[id]; ok && s.Reliability.Valid() && s.Reliability < best {
			best = s.Reliability
		}
	}
	if !ValidCredibility(credibility) {
		credibility = CredibilityUnknown
	}
	return Grade{Reliability: best, Credibility: credibility}
}

// Weakest is the weaker of two grades half by half: a path's grade is the
// weakest of its hops.
func (g Grade) Weakest(o Grade) Grade {
	w := g
	if o.Reliability > w.Reliability {
		w.Reliability = o.Reliability
	}
	if o.Credibility > w.Credibility {
		w.Credibility = o.Credibility
	}
	return w
}

// MinGrade is a floor on grades, as given by the min_grade filter: a
// reliability letter ("B"), a credibility digit ("3"), or both ("B3"). The
// zero MinGrade lets everything through.
type MinGrade struct {
	Reliability Reliability // "" when not constrained
	Credibility int         // 0 when not constrained
}

// ParseMinGrade reads "B3", "B" or "3" (case-blind). The empty string is the
// zero MinGrade.
func ParseMinGrade(s string) (MinGrade, error) {
	s = strings.ToUpper(strings.TrimSpace(s))
	var m MinGrade
	if s == "" {
		return m, nil
	}
	bad := fmt.Errorf("grade %q: want a reliability A-F, a credibility 1-6, or both, such as B2", s)
	if c := s[0]; c >= 'A' && c <= 'F' {
		m.Reliability = Reliability(s[:1])
		s = s[1:]
	}
	if len(s) == 1 && s[0] >= '1' && s[0] <= '6' {
		m.Credibility = int(s[0] - '0')
		s = ""
	}
	if s != "" || m == (MinGrade{}) {
		return MinGrade{}, bad
	}
	return m, nil
}

// String writes m back as it is parsed.
func (m MinGrade) String() string {
	s := string(m.Reliability)
	if m.Credibility > 0 {
		s += fmt.Sprint(m.Credibility)
	}
	return s
}

// Admits reports whether g is at least as good as the floor on every
// constrained half.
func (m MinGrade) Admits(g Grade) bool {
	if m.Reliability != "" && g.Reliability > m.Reliability {
		return false
	}
	if m.Credibility > 0 && g.Credibility > m.Credibility {
		return false
	}
	return true
}
