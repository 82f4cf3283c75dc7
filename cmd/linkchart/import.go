package main

import (
	"context"
	"fmt"
	"io"

	"linkchart/graph"
)

// importFiles loads dataset files into a store, all or nothing.
func importFiles(ctx context.Context, args []string, out io.Writer) error {
	fs := newFlags("import", out)
	var sf storeFlags
	sf.register(fs)
	allow := fs.Bool("allow-unsourced", false, "let CSV edges without sources in (they cite the 'unsourced' source)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return usageErr("name at least one dataset file")
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
	if err := st.Upsert(ctx, b); err != nil {
		return fmt.Errorf("import into %s: %w", where, err)
	}
	fmt.Fprintf(out, "imported %d entities, %d relations, %d sources into %s\n", len(b.Nodes), len(b.Edges), len(b.Sources), where)
	return nil
}
