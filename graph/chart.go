package graph

import (
	"context"
	"encoding/json"
	"fmt"
)

// Chart is a saved view (DESIGN.md "Charts"): the entities with their
// positions and flags, the filters, the time window, the selection and the
// analyst's annotations. Marking is the highest marking of the records it
// shows, computed by the server; a chart is invisible above a caller's
// clearance, as a record is.
type Chart struct {
	ID          string            `json:"id"`
	Title       string            `json:"title"`
	Marking     Marking           `json:"marking"`
	Updated     string            `json:"updated,omitempty"` // RFC 3339, set by the store's caller
	Entities    []ChartEntity     `json:"entities"`
	Filters     map[string]string `json:"filters,omitempty"` // the page's URL form of its filters
	Window      ChartWindow       `json:"time_window"`
	Selection   []string          `json:"selection,omitempty"`
	Annotations []Annotation      `json:"annotations,omitempty"`
}

// ChartEntity is one entity of a chart with its position on the canvas.
type ChartEntity struct {
	ID     string  `json:"id"`
	X      float64 `json:"x"`
	Y      float64 `json:"y"`
	Hidden bool    `json:"hidden,omitempty"`
	Pinned bool    `json:"pinned,omitempty"`
}

// ChartWindow is the chart's time window (as-of date or span; partial dates).
type ChartWindow struct {
	AsOf  string `json:"as_of,omitempty"`
	Since string `json:"since,omitempty"`
	Until string `json:"until,omitempty"`
}

// Annotation is a note on an entity or a relation (On), or at a point of
// the canvas (X, Y) when On is empty.
type Annotation struct {
	ID   string  `json:"id"`
	Text string  `json:"text"`
	On   string  `json:"on,omitempty"`
	X    float64 `json:"x,omitempty"`
	Y    float64 `json:"y,omitempty"`
}

// ChartStore keeps saved charts. Every read applies the clearance: a chart
// marked above it does not exist (ErrNotFound, left out of lists).
type ChartStore interface {
	// Charts lists the charts visible within clearance, by id.
	Charts(ctx context.Context, clearance Marking) ([]Chart, error)
	// Chart returns one chart (ErrNotFound when missing or above clearance).
	Chart(ctx context.Context, id string, clearance Marking) (Chart, error)
	// CreateChart stores a new chart (ErrAlreadyExists when the id is taken).
	CreateChart(ctx context.Context, c Chart) error
	// ReplaceChart replaces a chart the caller can see (ErrNotFound if not).
	ReplaceChart(ctx context.Context, c Chart, clearance Marking) error
	// DeleteChart removes a chart the caller can see (ErrNotFound if not).
	DeleteChart(ctx context.Context, id string, clearance Marking) error
}

// EncodeChart and DecodeChart are the stores' record form of a chart.
func EncodeChart(c Chart) ([]byte, error) {
	b, err := json.Marshal(c)
	if err != nil {
		return nil, fmt.Errorf("encode chart %s: %w", c.ID, err)
	}
	return b, nil
}

// DecodeChart reads a record written by EncodeChart.
func DecodeChart(b []byte) (Chart, error) {
	var c Chart
	if err := json.Unmarshal(b, &c); err != nil {
		return Chart{}, fmt.Errorf("decode chart: %w", err)
	}
	if c.Marking == "" {
		c.Marking = Clear
	}
	return c, nil
}
