// Package graph holds linkchart's domain: nodes (entities), edges (typed,
// dated, graded relations), sources (citations), the Store interface every
// backend implements, the query and answer types of the explorer's questions,
// and dataset loading and validation.
//
// The semantics every store must share are written down here, next to the
// types, and checked by graph/storetest:
//
//   - Visibility. A query carries the caller's clearance. A node or edge whose
//     marking is above it does not exist for that caller; an edge with an
//     invisible end is invisible too. Sources have no marking of their own: an
//     answer lists exactly the sources that its visible edges cite.
//   - Ordering. Subgraph nodes, edges and sources are sorted by id. Search hits
//     are sorted by score (highest first), then name, then id.
//   - Dates. See Date: comparisons are made at the precision of the coarser
//     of the two dates, so since "2024-10" holds on "2024-10-18".
//   - Grades. See Grade and Edge.Grade.
package graph
