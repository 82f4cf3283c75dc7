package main

import (
	"context"
	"errors"
	"fmt"
	"io"

	"linkchart/graph"
)

// importFiles loads dataset files (any format of graph/imports; see
// formatFlags) into a store; --dry-run only reports. Every file is checked
// whole first. Without --batch the import is one transaction, all or
// nothing, when the store takes it; one that outgrows the store's
// transactions (Neo4j's transaction memory) is committed in parts sized to
// them (graph.UpsertInParts), and the output says so. With --batch N it
// is written in Upserts of at most N records (sources and nodes first,
// then edges), each all or nothing on its own.
func importFiles(ctx context.Context, args []string, out io.Writer) error {
	fs := newFlags("import", out)
	var sf storeFlags
	sf.register(fs)
	allow := fs.Bool("allow-unsourced", false, "let CSV edges without sources in (they cite the 'unsourced' source)")
	var ff formatFlags
	ff.register(fs)
	batch := fs.Int("batch", 0, "write in transactions of at most this many records (0: one transaction when the store takes it, else parts sized to its transactions); every file is checked before the first write")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return usageErr("name at least one dataset file")
	}
	if *batch < 0 {
		return usageErr("--batch %d: give 0 (automatic) or a positive number of records", *batch)
	}
	st, where, err := sf.open(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	b, err := ff.load(ctx, st, fs.Args(), *allow)
	if err != nil {
		return err
	}
	if ff.dryRun {
		return report(ctx, st, b, out)
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("import: %w", err)
	}
	ctx = graph.WithOp(ctx, "import")
	var committed int
	if *batch > 0 {
		committed, err = upsertParts(ctx, st, b.Split(*batch))
	} else {
		committed, err = graph.UpsertInParts(ctx, st, b)
	}
	var pe *graph.PartsError
	switch {
	case errors.As(err, &pe):
		return fmt.Errorf("import into %s: %w\nthe import was being committed in parts: the %d records of the first %d transactions are written; "+
			"run the same import again to complete it (records are replaced by id)", where, err, pe.Records, pe.Committed)
	case err != nil:
		return fmt.Errorf("import into %s: %w (nothing was written)", where, err)
	}
	fmt.Fprintf(out, "imported %d entities, %d relations, %d sources into %s\n", len(b.Nodes), len(b.Edges), len(b.Sources), where)
	if committed > 1 {
		why := "the dataset does not fit in one of the store's transactions"
		if *batch > 0 {
			why = fmt.Sprintf("--batch %d", *batch)
		}
		fmt.Fprintf(out, "committed in %d transactions, not all or nothing (%s): had it failed part way, the parts before would have stayed written\n", committed, why)
	}
	return nil
}

// upsertParts writes parts in order, one Upsert each.
func upsertParts(ctx context.Context, st graph.Store, parts []graph.Batch) (int, error) {
	records := 0
	for i, part := range parts {
		if err := st.Upsert(ctx, part); err != nil {
			if i == 0 {
				return 0, err
			}
			return i, &graph.PartsError{Committed: i, Records: records, Err: err}
		}
		records += len(part.Sources) + len(part.Nodes) + len(part.Edges)
	}
	return len(parts), nil
}
