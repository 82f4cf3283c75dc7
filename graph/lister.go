package graph

import "context"

// NodeLister is a store that can hand over every node of a kind (all
// kinds when kind is empty) visible at a clearance, in no set order:
// duplicate detection scans them (graph/dedupe). Both stores implement it.
type NodeLister interface {
	EachNode(ctx context.Context, kind Kind, clearance Marking, fn func(Node) error) error
}
