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

func TestHeldWithin(t *testing.T) {
	spans := [][2]Date{{"2020", ""}, {"2020-01", "2020-06"}}
	tests := []struct {
		w    Window
		want bool
	}{
		{Window{}, true},
		{Window{From: "2020-03", To: "2021"}, true},
		{Window{From: "2020-06-30"}, true}, // 2020-06 holds the day
		{Window{From: "2020-07"}, false},
		{Window{To: "2019"}, false},
	}
	for _, tt := range tests {
		if got := HeldWithin(spans, tt.w); got != tt.want {
			t.Errorf("HeldWithin(%v, %+v) = %v, want %v", spans, tt.w, got, tt.want)
		}
	}
	if len(spans) != 2 {
		t.Errorf("HeldWithin changed its argument: %v", spans)
	}
}
