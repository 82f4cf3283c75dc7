package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"linkchart/graph"
)

// historyCmd prints the recorded writes, newest first: of one record with
// --id, at most --limit, within --clearance.
func historyCmd(ctx context.Context, args []string, out io.Writer) error {
	fs := newFlags("history", out)
	var sf storeFlags
	sf.register(fs)
	id := fs.String("id", "", "only the writes of this entity, relation or source")
	limit := fs.Int("limit", graph.DefaultHits, fmt.Sprintf("at most this many revisions (1-%d)", graph.MaxLimit))
	clearance := fs.String("clearance", "red", "highest marking to show: clear, green, amber or red")
	if err := fs.Parse(args); err != nil {
		return err
	}
	clr, err := graph.ParseClearance(*clearance)
	switch {
	case err != nil:
		return usageErr("%v", err)
	case *limit < 1 || *limit > graph.MaxLimit:
		return usageErr("--limit %d: want 1 to %d", *limit, graph.MaxLimit)
	case *id != "" && !graph.ValidID(*id):
		return usageErr("--id %q: not an id", *id)
	}
	st, _, err := sf.open(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	h, ok := st.(graph.Historian)
	if !ok {
		return fmt.Errorf("history: this store records no history")
	}
	revs, err := h.History(ctx, graph.HistoryQuery{ID: *id, Limit: *limit, Clearance: clr})
	if err != nil {
		return err
	}
	for _, r := range revs {
		what := make([]string, 0, len(r.Changes))
		for _, c := range r.Changes {
			what = append(what, changeWord(c)+" "+c.Kind+" "+c.ID)
		}
		if r.Partial {
			what = append(what, fmt.Sprintf("… (%d entities, %d relations, %d sources in all)", r.Counts.Nodes, r.Counts.Edges, r.Counts.Sources))
		}
		rv := ""
		if r.Reverts > 0 {
			rv = fmt.Sprintf(" of %d", r.Reverts)
		}
		fmt.Fprintf(out, "%d\t%s\t%s\t%s%s\t%s\n", r.Rev, r.Time.Format("2006-01-02 15:04:05Z"), r.Who, r.Op, rv, strings.Join(what, "; "))
	}
	return nil
}

// changeWord says what a change did to its record.
func changeWord(c graph.Change) string {
	switch {
	case graph.Absent(c.Before):
		return "added"
	case graph.Absent(c.After):
		return "removed"
	}
	return "changed"
}
