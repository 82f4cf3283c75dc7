package main

import (
	"context"
	"fmt"
	"io"

	"linkchart/graph"
	"linkchart/graph/dedupe"
)

// duplicatesCmd lists candidate duplicate entities of a store, best first.
func duplicatesCmd(ctx context.Context, args []string, out io.Writer) error {
	fs := newFlags("duplicates", out)
	var sf storeFlags
	sf.register(fs)
	kind := fs.String("kind", "", "only entities of this kind (default: every kind, pairs within a kind)")
	limit := fs.Int("limit", graph.DefaultHits, fmt.Sprintf("most pairs to list (1-%d)", graph.MaxLimit))
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *kind != "" && !graph.Kind(*kind).Valid() {
		return usageErr("--kind %q: want one of %v", *kind, graph.Kinds)
	}
	if *limit < 1 || *limit > graph.MaxLimit {
		return usageErr("--limit %d: want 1 to %d", *limit, graph.MaxLimit)
	}
	st, _, err := sf.open(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	cs, err := dedupe.Scan(ctx, st, graph.Kind(*kind), graph.Red, dedupe.Options{Limit: *limit})
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "%d candidate pairs\n", len(cs))
	printCandidates(out, cs)
	return nil
}
