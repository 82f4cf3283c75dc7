package export

import (
	"errors"
	"io"

	"linkchart/graph"
)

func writeSTIX(w io.Writer, g graph.Subgraph, opt Options) error {
	return errors.New("not implemented yet")
}
