package graph

import "testing"

func TestHoldsAt(t *testing.T) {
	tests := []struct {
		since, until, asOf Date
		want               bool
	}{
		{"", "", "2024", true},
		{"2024-10", "", "2024-10-18", true},
		{"2024-10", "", "2024-09-30", false},
		{"", "2024", "2024-12-31", true},
		{"", "2024", "2025-01", false},
		{"2022", "2023", "2024", false},
		{"2024-10-18", "", "2024", true},
		{"2024", "2024", "", true},
	}
	for _, tt := range tests {
		if got := HoldsAt(tt.since, tt.until, tt.asOf); got != tt.want {
			t.Errorf("HoldsAt(%q, %q, %q) = %v, want %v", tt.since, tt.until, tt.asOf, got, tt.want)
		}
	}
}

func TestGrades(t *testing.T) {
	srcs := map[string]Source{"a": {ID: "a", Reliability: "C"}, "b": {ID: "b", Reliability: "B"}, "x": {ID: "x"}}
	tests := []struct {
		cred  int
		cited []string
		want  string
	}{
		{2, []string{"a", "b"}, "B2"},
		{0, []string{"a"}, "C6"},
		{3, []string{"x", "missing"}, "F3"},
	}
	for _, tt := range tests {
		if got := GradeOf(tt.cred, tt.cited, srcs).String(); got != tt.want {
			t.Errorf("GradeOf(%d, %v) = %s, want %s", tt.cred, tt.cited, got, tt.want)
		}
	}
	mg, err := ParseMinGrade("c3")
	if err != nil {
		t.Fatal(err)
	}
	admit := []struct {
		g    Grade
		want bool
	}{
		{Grade{"B", 2}, true}, {Grade{"C", 3}, true}, {Grade{"D", 1}, false}, {Grade{"A", 4}, false},
	}
	for _, tt := range admit {
		if got := mg.Admits(tt.g); got != tt.want {
			t.Errorf("C3 admits %s = %v", tt.g, got)
		}
	}
	if w := (Grade{"B", 4}).Weakest(Grade{"D", 2}); w.String() != "D4" {
		t.Errorf("weakest = %s", w)
	}
	for _, bad := range []string{"G", "7", "B22", "BB"} {
		if _, err := ParseMinGrade(bad); err == nil {
			t.Errorf("ParseMinGrade(%q) accepted", bad)
		}
	}
}

func TestMarkings(t *testing.T) {
	if !Amber.Allows(Green) || Green.Allows(Amber) || !Clear.Allows("") || Red.Allows("TLP:WHITE") {
		t.Error("marking order wrong")
	}
	for in, want := range map[string]Marking{"amber": Amber, "TLP:RED": Red, "Clear": Clear} {
		if got, err := ParseClearance(in); err != nil || got != want {
			t.Errorf("ParseClearance(%q) = %v, %v", in, got, err)
		}
	}
	if _, err := ParseClearance("white"); err == nil {
		t.Error("white accepted")
	}
}

func TestValidIDAndType(t *testing.T) {
	ids := map[string]bool{"kim-yong-bok": true, "0": true, "a-": true, "-a": false, "Kim": false, "a_b": false, "": false, "é": false}
	for s, want := range ids {
		if ValidID(s) != want {
			t.Errorf("ValidID(%q) = %v", s, !want)
		}
	}
	long := make([]byte, 129)
	for i := range long {
		long[i] = 'a'
	}
	if ValidID(string(long)) || !ValidID(string(long[:128])) {
		t.Error("ValidID length limit")
	}
	types := map[string]bool{"COMMANDS": true, "PART_OF": true, "A1": true, "_A": false, "commands": false, "1A": false, "": false, "A-B": false}
	for s, want := range types {
		if ValidType(s) != want {
			t.Errorf("ValidType(%q) = %v", s, !want)
		}
	}
}
