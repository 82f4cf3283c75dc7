// Package data holds linkchart's bundled datasets. The seed dataset is the
// graph of the seed article on North Korea's intervention in the
// Russia-Ukraine war: entities, dated and graded relations, and the
// sources they cite. It is embedded in the binary and loaded by serve into
// an empty store.
package data

import (
	_ "embed"
	"fmt"

	"linkchart/graph"
)

// SeedName is the file name of the seed dataset, used in validation
// messages.
const SeedName = "seed.yaml"

//go:embed seed.yaml
var seed []byte

// Seed parses and checks the embedded seed dataset.
func Seed() (graph.Batch, error) {
	b, err := graph.ParseDataset(SeedName, seed)
	if err != nil {
		return graph.Batch{}, fmt.Errorf("seed dataset: %w", err)
	}
	return b, nil
}

// SeedBytes returns the raw seed dataset (YAML), for exports and tools.
func SeedBytes() []byte { return append([]byte(nil), seed...) }
