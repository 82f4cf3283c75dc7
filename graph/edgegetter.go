package graph

import "context"

// EdgeGetter is implemented by stores that fetch one edge by id. The API
// needs it for GET, PATCH and DELETE /api/v1/relations/{id}, so that it can
// check the caller's clearance before acting; without it the API finds only
// ids made by EdgeID (from--type--to), through Entity of the from end.
//
// Edge returns ErrNotFound when the edge is missing or not visible at the
// clearance (marked above it, or an end above it), and fills in Grade.
type EdgeGetter interface {
	Edge(ctx context.Context, id string, clearance Marking) (Edge, error)
}
