package graph

// Where tells the file and line (0 when unknown) of record i of a batch's
// section ("sources", "entities" or "relations"), for importers that read
// formats other than linkchart's own and want problems placed in them.
type Where func(section string, i int) (file string, line int)

// CheckBatchWhere is CheckBatch with every problem placed by where (nil:
// by record only). The checks are CheckBatch's, so every format is held to
// the same data model.
func CheckBatchWhere(b Batch, where Where, hasNode, hasSource func(id string) bool) error {
	if where == nil {
		return CheckBatch(b, hasNode, hasSource)
	}
	var pos positions
	fill := func(section string, n int) []position {
		list := make([]position, n)
		for i := range list {
			list[i].File, list[i].Line = where(section, i)
		}
		return list
	}
	pos.Sources, pos.Nodes, pos.Edges = fill("sources", len(b.Sources)), fill("entities", len(b.Nodes)), fill("relations", len(b.Edges))
	return problemsErr(check(b, &pos, hasNode, hasSource))
}

// Normalize fills in the defaults of every record of b (see
// Node.Normalize).
func (b *Batch) Normalize() { b.normalize() }

// FillEdgeIDs gives every edge without an id a deterministic one (EdgeID),
// as dataset loading does.
func FillEdgeIDs(edges []Edge) { fillEdgeIDs(edges) }
