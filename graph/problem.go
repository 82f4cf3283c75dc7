package graph

import (
	"fmt"
	"sort"
	"strings"
)

// Problem is one thing wrong with a dataset or a write: where it is (file
// and line when known, the record otherwise), which field, and what.
type Problem struct {
	File    string `json:"file,omitempty"`
	Line    int    `json:"line,omitempty"`
	Record  string `json:"record,omitempty"` // "entities[3]", "relations[0]" …
	Field   string `json:"field"`
	Message string `json:"message"`
}

func (p Problem) String() string {
	var where string
	switch {
	case p.File != "" && p.Line > 0:
		where = fmt.Sprintf("%s:%d: ", p.File, p.Line)
	case p.File != "":
		where = p.File + ": "
	}
	if p.Record != "" {
		where += p.Record + ": "
	}
	if p.Field != "" {
		return fmt.Sprintf("%s%s: %s", where, p.Field, p.Message)
	}
	return where + p.Message
}

// ValidationError lists every problem found; nothing was loaded or written.
// It unwraps to ErrInvalid.
type ValidationError struct {
	Problems []Problem
}

func (e *ValidationError) Error() string {
	if len(e.Problems) == 1 {
		return "invalid: " + e.Problems[0].String()
	}
	lines := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		lines[i] = "  " + p.String()
	}
	return fmt.Sprintf("invalid: %d problems:\n%s", len(e.Problems), strings.Join(lines, "\n"))
}

// Unwrap makes errors.Is(err, ErrInvalid) true.
func (e *ValidationError) Unwrap() error { return ErrInvalid }

// sortProblems orders problems by file, line, then record order.
func sortProblems(ps []Problem) {
	sort.SliceStable(ps, func(i, j int) bool {
		if ps[i].File != ps[j].File {
			return ps[i].File < ps[j].File
		}
		return ps[i].Line < ps[j].Line
	})
}
