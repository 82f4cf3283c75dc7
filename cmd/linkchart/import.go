package main

import (
	"context"
	"fmt"
	"io"

	"linkchart/graph"
)

// importFiles loads dataset files into a store, all or nothing; with
// --batch N the files are still checked whole first, then written in
// Upserts of at most N records (sources and nodes first, then edges), each
// all or nothing on its own: what a Neo4j server whose transaction memory
// cannot hold the whole dataset needs.
func importFiles(ctx context.Context, args []string, out io.Writer) error {
	fs := newFlags("import", out)
	var sf storeFlags
	sf.register(fs)
	allow := fs.Bool("allow-unsourced", false, "let CSV edges without sources in (they cite the 'unsourced' source)")
	batch := fs.Int("batch", 0, "write in transactions of at most this many records (0: one transaction, all or nothing); every file is checked before the first write")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return usageErr("name at least one dataset file")
	}
	if *batch < 0 {
		return usageErr("--batch %d: give 0 (one transaction) or a positive number of records", *batch)
	}
	b, err := graph.Load(graph.LoadOptions{AllowUnsourced: *allow}, fs.Args()...)
	if err != nil {
		return err
	}
	st, where, err := sf.open(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("import: %w", err)
	}
	parts := b.Split(*batch)
	for i, part := range parts {
		if err := st.Upsert(ctx, part); err != nil {
			if len(parts) > 1 {
				return fmt.Errorf("import into %s: batch %d of %d (the %d before it are written): %w", where, i+1, len(parts), i, err)
			}
			return fmt.Errorf("import into %s: %w", where, err)
		}
	}
	fmt.Fprintf(out, "imported %d entities, %d relations, %d sources into %s\n", len(b.Nodes), len(b.Edges), len(b.Sources), where)
	return nil
}
