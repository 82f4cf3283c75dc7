package main

import (
	"context"
	"fmt"
	"io"

	"linkchart/graph"
)

// validate checks dataset files as one and lists every problem.
func validate(ctx context.Context, args []string, out io.Writer) error {
	fs := newFlags("validate", out)
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
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("validate: %w", err)
	}
	fmt.Fprintf(out, "ok: %d entities, %d relations, %d sources\n", len(b.Nodes), len(b.Edges), len(b.Sources))
	return nil
}
