package graph

import "testing"

func TestSpanOf(t *testing.T) {
	edges := map[string]Edge{
		"a": {ID: "a", Since: "2024", Until: "2024-12"},
		"b": {ID: "b", Since: "2024-10"},
		"c": {ID: "c", Until: "2024-11-05"},
		"d": {ID: "d"},
		"e": {ID: "e", Since: "2025-01", Until: "2025-02"},
		"f": {ID: "f", Since: "2024-10-20", Until: "2024"},
	}
	tests := []struct {
		ids  []string
		want Span
	}{
		{[]string{"d"}, Span{}},
		{[]string{"a"}, Span{Since: "2024", Until: "2024-12"}},
		{[]string{"a", "b", "c"}, Span{Since: "2024-10", Until: "2024-11-05"}},
		{[]string{"b", "f"}, Span{Since: "2024-10-20", Until: "2024"}}, // 2024 ends the year: still overlapping
		{[]string{"a", "e"}, Span{Since: "2025-01", Until: "2024-12", Never: true}},
		{[]string{"missing", "d", "b"}, Span{Since: "2024-10"}},
	}
	for _, tt := range tests {
		if got := SpanOf(tt.ids, edges); got != tt.want {
			t.Errorf("SpanOf(%v) = %+v, want %+v", tt.ids, got, tt.want)
		}
	}
}
