package main

import (
	"context"
	"fmt"
	"io"
	"os"

	"linkchart/graph/gen"
)

// genCmd writes a synthetic power-law graph as CSV files.
func genCmd(ctx context.Context, args []string, out io.Writer) error {
	fs := newFlags("gen", out)
	nodes := fs.Int("nodes", 100_000, "number of nodes")
	edges := fs.Int("edges", 1_000_000, "number of edges")
	seed := fs.Int64("seed", 1, "random seed (same seed, same graph)")
	dir := fs.String("out", "", "output directory (created if missing)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *dir == "" {
		return usageErr("--out is required")
	}
	if *nodes < 1 || *edges < 0 {
		return usageErr("--nodes must be at least 1 and --edges at least 0")
	}
	if err := os.MkdirAll(*dir, 0o755); err != nil {
		return fmt.Errorf("gen: %w", err)
	}
	b := gen.Generate(*nodes, *edges, *seed)
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("gen: %w", err)
	}
	if err := gen.WriteCSV(*dir, b); err != nil {
		return fmt.Errorf("gen: %w", err)
	}
	fmt.Fprintf(out, "wrote %d nodes, %d edges, %d sources to %s\n", len(b.Nodes), len(b.Edges), len(b.Sources), *dir)
	return nil
}
