package neo4jstore

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"linkchart/graph"
)

// Upsert writes a batch in one transaction, replacing records with the same
// id. Edge ends and cited sources must be in the batch or the store. With a
// clearance, the batch is checked against it in the same transaction
// (graph.CheckScope).
func (s *Store) Upsert(ctx context.Context, b graph.Batch, clearance ...graph.Marking) error {
	return s.put(ctx, "upsert", b, false, graph.WriteClearance(clearance))
}

// Create is Upsert that writes nothing and returns graph.ErrAlreadyExists
// when any id of the batch is already taken.
func (s *Store) Create(ctx context.Context, b graph.Batch, clearance ...graph.Marking) error {
	return s.put(ctx, "create", b, true, graph.WriteClearance(clearance))
}

// normalized copies a batch with every record's defaults filled in.
func normalized(b graph.Batch) graph.Batch {
	out := graph.Batch{
		Sources: append([]graph.Source(nil), b.Sources...),
		Nodes:   append([]graph.Node(nil), b.Nodes...),
		Edges:   append([]graph.Edge(nil), b.Edges...),
	}
	for i := range out.Sources {
		out.Sources[i].Normalize()
	}
	for i := range out.Nodes {
		out.Nodes[i].Normalize()
	}
	for i := range out.Edges {
		out.Edges[i].Normalize()
	}
	return out
}

func (s *Store) put(ctx context.Context, op string, b graph.Batch, create bool, cl graph.Marking) error {
	if b.Empty() {
		return nil
	}
	b = normalized(b)
	if len(b.Sources)+len(b.Nodes)+len(b.Edges) > onceRecords {
		return writeOnce(ctx, s, op, func(tx neo4j.ManagedTransaction) error {
			return putTx(ctx, tx, b, create, cl)
		})
	}
	_, err := write(ctx, s, op, func(tx neo4j.ManagedTransaction) (struct{}, error) {
		return struct{}{}, tooLarge(putTx(ctx, tx, b, create, cl))
	})
	return err
}

// putTx writes a normalized batch within clearance cl in transaction tx,
// with its history entry.
func putTx(ctx context.Context, tx neo4j.ManagedTransaction, b graph.Batch, create bool, cl graph.Marking) error {
	op := "upsert"
	if create {
		op = "create"
	}
	rev, err := recordBatch(ctx, tx, b, op)
	if err != nil {
		return err
	}
	if err := putRecords(ctx, tx, b, create, cl); err != nil {
		return err
	}
	return putRevision(ctx, tx, rev)
}

// putRecords writes a normalized batch within clearance cl in transaction
// tx.
func putRecords(ctx context.Context, tx neo4j.ManagedTransaction, b graph.Batch, create bool, cl graph.Marking) error {
	if err := checkScope(ctx, tx, b, cl, create); err != nil {
		return err
	}
	known, ends, err := checkBatch(ctx, tx, b, create)
	if err != nil {
		return err
	}
	if err := writeSources(ctx, tx, b.Sources, create); err != nil {
		return err
	}
	if err := writeNodes(ctx, tx, b.Nodes, create); err != nil {
		return err
	}
	return writeEdges(ctx, tx, b.Edges, known, ends)
}

// checkBatch validates b against the store in one query: which of the
// referenced ids outside the batch exist, which of the batch's edges exist
// already (and between which ends), and for Create, which of the batch's
// own ids are taken. It returns the sources the edges may cite and the ends
// of the batch's edges that exist.
func checkBatch(ctx context.Context, tx neo4j.ManagedTransaction, b graph.Batch, create bool) (map[string]graph.Source, map[string][2]string, error) {
	inNodes := make(map[string]bool, len(b.Nodes))
	for _, n := range b.Nodes {
		inNodes[n.ID] = true
	}
	inSources := make(map[string]bool, len(b.Sources))
	for _, src := range b.Sources {
		inSources[src.ID] = true
	}
	nodeRefs, sourceRefs := map[string]bool{}, map[string]bool{}
	for _, e := range b.Edges {
		for _, id := range []string{e.From, e.To} {
			if id != "" && !inNodes[id] {
				nodeRefs[id] = true
			}
		}
		for _, id := range e.Sources {
			if !inSources[id] {
				sourceRefs[id] = true
			}
		}
	}
	params := map[string]any{
		"nodes":    sortedKeys(nodeRefs),
		"sources":  sortedKeys(sourceRefs),
		"edges":    idsOf(b.Edges, func(e graph.Edge) string { return e.ID }),
		"newNodes": []string{}, "newSources": []string{},
	}
	if create {
		params["newNodes"] = idsOf(b.Nodes, func(n graph.Node) string { return n.ID })
		params["newSources"] = idsOf(b.Sources, func(s graph.Source) string { return s.ID })
	}
	recs, err := collect(ctx, tx, `
RETURN COLLECT { UNWIND $nodes AS id MATCH (n:Entity {id: id}) USING INDEX SEEK n:Entity(id) RETURN n.id } AS nodes,
       COLLECT { UNWIND $sources AS id MATCH (s:Source {id: id}) USING INDEX SEEK s:Source(id) RETURN [s.id, s.reliability] } AS sources,
       COLLECT { UNWIND $edges AS id MATCH ()-[r:REL {id: id}]->() USING INDEX SEEK r:REL(id) RETURN [r.id, r.from, r.to] } AS edges,
       COLLECT { UNWIND $newNodes AS id MATCH (n:Entity {id: id}) USING INDEX SEEK n:Entity(id) RETURN n.id } +
       COLLECT { UNWIND $newSources AS id MATCH (s:Source {id: id}) USING INDEX SEEK s:Source(id) RETURN s.id } AS taken`, params)
	if err != nil {
		return nil, nil, err
	}
	if len(recs) != 1 {
		return nil, nil, fmt.Errorf("check references: %d records", len(recs))
	}
	set := func(key string) (map[string]bool, error) {
		l, err := value[[]any](recs[0], key)
		if err != nil {
			return nil, err
		}
		m := make(map[string]bool, len(l))
		for _, v := range l {
			if id, ok := v.(string); ok {
				m[id] = true
			}
		}
		return m, nil
	}
	// triples reads a list of [id, x, y] lists.
	triples := func(key string) ([][3]string, error) {
		l, err := value[[]any](recs[0], key)
		if err != nil {
			return nil, err
		}
		out := make([][3]string, 0, len(l))
		for _, v := range l {
			t, ok := v.([]any)
			if !ok || len(t) < 2 {
				return nil, fmt.Errorf("check references: %s holds %v", key, v)
			}
			var r [3]string
			for i := range t {
				r[i], _ = t[i].(string)
			}
			out = append(out, r)
		}
		return out, nil
	}
	nodes, err := set("nodes")
	if err != nil {
		return nil, nil, err
	}
	pairs, err := triples("sources")
	if err != nil {
		return nil, nil, err
	}
	// known holds the sources the edges may cite: the store's, then the
	// batch's (which replace them), for the edges' grades.
	known := make(map[string]graph.Source, len(pairs)+len(b.Sources))
	for _, p := range pairs {
		known[p[0]] = graph.Source{ID: p[0], Reliability: graph.Reliability(p[1])}
	}
	for _, src := range b.Sources {
		known[src.ID] = src
	}
	existing, err := triples("edges")
	if err != nil {
		return nil, nil, err
	}
	ends := make(map[string][2]string, len(existing))
	for _, t := range existing {
		ends[t[0]] = [2]string{t[1], t[2]}
	}
	taken, err := set("taken")
	if err != nil {
		return nil, nil, err
	}
	if create {
		for id := range ends {
			taken[id] = true
		}
	}
	hasSource := func(id string) bool { _, ok := known[id]; return ok }
	if err := graph.CheckBatch(b, func(id string) bool { return nodes[id] }, hasSource); err != nil {
		return nil, nil, err
	}
	if len(taken) > 0 {
		return nil, nil, fmt.Errorf("%w: %s", graph.ErrAlreadyExists, strings.Join(sortedKeys(taken), ", "))
	}
	return known, ends, nil
}

func idsOf[T any](l []T, id func(T) string) []string {
	out := make([]string, len(l))
	for i, v := range l {
		out[i] = id(v)
	}
	return out
}

// chunks calls f with rows in slices of at most batchRows.
func chunks(rows []map[string]any, f func([]map[string]any) error) error {
	for len(rows) > 0 {
		n := min(len(rows), batchRows)
		if err := f(rows[:n]); err != nil {
			return err
		}
		rows = rows[n:]
	}
	return nil
}

// writeSources merges sources and, when an existing source's reliability
// changes, re-grades the edges that cite it. With create, sources are
// created instead: one that exists breaks the uniqueness constraint, so a
// Create racing with another process's still fails whole.
func writeSources(ctx context.Context, tx neo4j.ManagedTransaction, sources []graph.Source, create bool) error {
	rows := make([]map[string]any, len(sources))
	for i, src := range sources {
		rows[i] = sourceRow(src)
	}
	if create {
		return chunks(rows, func(rows []map[string]any) error {
			return run(ctx, tx, "UNWIND $rows AS row CREATE (s:Source) SET s = row", map[string]any{"rows": rows})
		})
	}
	var changed []string
	err := chunks(rows, func(rows []map[string]any) error {
		recs, err := collect(ctx, tx, `
UNWIND $rows AS row
OPTIONAL MATCH (old:Source {id: row.id})
WITH row, old.reliability AS was
MERGE (s:Source {id: row.id})
SET s = row
WITH row, was WHERE was IS NOT NULL AND was <> row.reliability
RETURN row.id AS id`, map[string]any{"rows": rows})
		if err != nil {
			return err
		}
		for _, rec := range recs {
			id, err := value[string](rec, "id")
			if err != nil {
				return err
			}
			changed = append(changed, id)
		}
		return nil
	})
	if err != nil || len(changed) == 0 {
		return err
	}
	return run(ctx, tx, `
MATCH ()-[r:REL]->() WHERE any(x IN r.sources WHERE x IN $changed)
SET r.rel = coalesce(COLLECT { MATCH (s:Source) WHERE s.id IN r.sources
                               RETURN s.reliability AS rel ORDER BY rel LIMIT 1 }[0], 'F')`,
		map[string]any{"changed": changed})
}

// kindLabels removes every kind label from n (labels from graph.Kinds).
var kindLabels = func() string {
	var b strings.Builder
	for _, k := range graph.Kinds {
		b.WriteString(":`" + string(k) + "`")
	}
	return b.String()
}()

// writeNodes merges (or with create, creates) nodes, one query per kind so
// that each node also carries its kind as a label.
func writeNodes(ctx context.Context, tx neo4j.ManagedTransaction, nodes []graph.Node, create bool) error {
	merge := "UNWIND $rows AS row MERGE (n:Entity {id: row.id}) SET n = row REMOVE n" + kindLabels
	if create {
		merge = "UNWIND $rows AS row CREATE (n:Entity) SET n = row"
	}
	for _, kind := range graph.Kinds { // the allow-list of labels
		var rows []map[string]any
		for _, n := range nodes {
			if n.Kind == kind {
				rows = append(rows, nodeRow(n))
			}
		}
		q := merge + " SET n:`" + string(kind) + "`"
		err := chunks(rows, func(rows []map[string]any) error {
			return run(ctx, tx, q, map[string]any{"rows": rows})
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// edgeProps is the property map of a created edge, row's keys spelled out:
// CREATE ... SET r = row would plan an Eager (the planner cannot tell which
// properties a map sets), which holds every row of the chunk in memory.
var edgeProps = func() string {
	keys := []string{"rel"}
	for k := range edgeRow(graph.Edge{}) {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	for i, k := range keys {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(k + ": row." + k)
	}
	return "{" + b.String() + "}"
}()

// writeEdges writes edges with rel, their grade's reliability, worked out
// from known. ends holds the ends of the edges that exist already: one
// between the same ends is updated in place, one whose ends changed is
// deleted and created again, and the others are created. Every lookup by id
// is a hinted index seek: a plan cached while the database was empty would
// otherwise scan the relationship index once per row.
func writeEdges(ctx context.Context, tx neo4j.ManagedTransaction, edges []graph.Edge, known map[string]graph.Source, ends map[string][2]string) error {
	var update, moved, fresh []map[string]any
	for _, e := range edges {
		row := edgeRow(e)
		row["rel"] = string(graph.GradeOf(e.Credibility, e.Sources, known).Reliability)
		was, ok := ends[e.ID]
		switch {
		case !ok:
			fresh = append(fresh, row)
		case was == [2]string{e.From, e.To}:
			update = append(update, row)
		default:
			moved = append(moved, row)
		}
	}
	steps := []struct {
		rows []map[string]any
		q    string
	}{
		{update, "UNWIND $rows AS row MATCH ()-[r:REL {id: row.id}]->() USING INDEX SEEK r:REL(id) SET r = row"},
		{moved, "UNWIND $rows AS row MATCH ()-[r:REL {id: row.id}]->() USING INDEX SEEK r:REL(id) DELETE r"},
		{append(moved, fresh...), `
UNWIND $rows AS row
MATCH (a:Entity {id: row.from}) USING INDEX SEEK a:Entity(id)
MATCH (b:Entity {id: row.to}) USING INDEX SEEK b:Entity(id)
CREATE (a)-[r:REL ` + edgeProps + `]->(b)`},
	}
	for _, st := range steps {
		err := chunks(st.rows, func(rows []map[string]any) error {
			return run(ctx, tx, st.q, map[string]any{"rows": rows})
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// DeleteNode removes a node and every edge that touches it, when the
// clearance (if given) sees the node and each of those edges. The node is
// locked (a property set, never committed) before its edges are counted,
// so that another transaction cannot add one between the count and the
// delete.
func (s *Store) DeleteNode(ctx context.Context, id string, clearance ...graph.Marking) error {
	cl := graph.WriteClearance(clearance).Level()
	_, err := write(ctx, s, "delete node "+id, func(tx neo4j.ManagedTransaction) (struct{}, error) {
		recs, err := collect(ctx, tx, `
MATCH (n:Entity {id: $id}) USING INDEX SEEK n:Entity(id)
WHERE n.mlevel <= $cl
SET n.lock = true
RETURN COUNT { (n)-[r:REL]-(m) WHERE r.mlevel > $cl OR m.mlevel > $cl } AS hidden`, map[string]any{"id": id, "cl": cl})
		switch {
		case err != nil:
			return struct{}{}, err
		case len(recs) == 0:
			return struct{}{}, graph.ErrNotFound
		}
		hidden, err := value[int64](recs[0], "hidden")
		if err != nil {
			return struct{}{}, err
		}
		if hidden > 0 {
			return struct{}{}, graph.HiddenEdgesError()
		}
		rev := graph.NewRevision(ctx, "delete")
		if err := recordDrops(ctx, tx, rev, nil, []string{id}, nil); err != nil {
			return struct{}{}, err
		}
		if err := run(ctx, tx, "MATCH (n:Entity {id: $id}) USING INDEX SEEK n:Entity(id) DETACH DELETE n", map[string]any{"id": id}); err != nil {
			return struct{}{}, err
		}
		return struct{}{}, putRevision(ctx, tx, rev)
	})
	return err
}

// DeleteEdge removes one edge, when the clearance (if given) sees it.
func (s *Store) DeleteEdge(ctx context.Context, id string, clearance ...graph.Marking) error {
	return s.deleteOne(ctx, "delete edge "+id, `
MATCH (a)-[r:REL {id: $id}]->(b) USING INDEX SEEK r:REL(id)
WHERE r.mlevel <= $cl AND a.mlevel <= $cl AND b.mlevel <= $cl
DELETE r RETURN count(*) AS c`, id, graph.WriteClearance(clearance).Level())
}

func (s *Store) deleteOne(ctx context.Context, op, q, id string, cl int) error {
	return s.writeOne(ctx, op, q, map[string]any{"id": id, "cl": cl}, id)
}

// writeOne runs q, which returns c, the records it touched, in a write
// transaction; none is ErrNotFound. A drop id (an edge's) is recorded in
// the history as deleted, in the same transaction.
func (s *Store) writeOne(ctx context.Context, op, q string, params map[string]any, drop string) error {
	_, err := write(ctx, s, op, func(tx neo4j.ManagedTransaction) (struct{}, error) {
		var rev *graph.Revision
		if drop != "" {
			rev = graph.NewRevision(ctx, "delete")
			if err := recordDrops(ctx, tx, rev, []string{drop}, nil, nil); err != nil {
				return struct{}{}, err
			}
		}
		recs, err := collect(ctx, tx, q, params)
		if err != nil {
			return struct{}{}, err
		}
		if len(recs) != 1 {
			return struct{}{}, fmt.Errorf("%d records", len(recs))
		}
		c, err := value[int64](recs[0], "c")
		if err != nil {
			return struct{}{}, err
		}
		if c == 0 {
			return struct{}{}, graph.ErrNotFound
		}
		if rev == nil {
			return struct{}{}, nil
		}
		return struct{}{}, putRevision(ctx, tx, rev)
	})
	return err
}
