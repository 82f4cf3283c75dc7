package export

import (
	"encoding/json"
	"io"
	"time"

	"linkchart/graph"
)

// View is the json export: the subgraph answer shape plus what reopens the
// view (title, positions) and the banner.
type View struct {
	graph.Subgraph
	Title     string           `json:"title"`
	Marking   graph.Marking    `json:"marking"`
	Generated time.Time        `json:"generated"`
	Revision  int64            `json:"revision,omitempty"`
	Positions map[string]Point `json:"positions,omitempty"`
}

func writeJSON(w io.Writer, g graph.Subgraph, opt Options) error {
	v := View{Subgraph: g, Title: title(opt), Marking: Banner(g), Generated: opt.Generated, Revision: opt.Revision}
	if len(opt.Positions) > 0 {
		v.Positions = make(map[string]Point, len(opt.Positions))
		for _, n := range g.Nodes {
			if p, ok := opt.Positions[n.ID]; ok {
				v.Positions[n.ID] = p
			}
		}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
