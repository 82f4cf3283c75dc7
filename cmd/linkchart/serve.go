package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"

	"linkchart/data"
	"linkchart/frontend"
	"linkchart/graph"
	"linkchart/server"
)

// serve runs the API and the page until interrupted.
func serve(ctx context.Context, args []string, out io.Writer) error {
	fs := newFlags("serve", out)
	var sf storeFlags
	sf.register(fs)
	addr := fs.String("addr", "127.0.0.1:8080", "listen address (loopback unless told otherwise)")
	seed := fs.Bool("seed", true, "load the bundled seed dataset into an empty store")
	authRequired := fs.Bool("auth-required", false, "answer requests without a token with 401")
	writeRate := fs.Float64("write-rate", server.DefaultWriteRate, "writes per second allowed to each client (token, or address without one)")
	writeBurst := fs.Int("write-burst", server.DefaultWriteBurst, "burst of writes allowed to each client")
	if err := fs.Parse(args); err != nil {
		return err
	}
	log := slog.New(slog.NewJSONHandler(os.Stderr, nil))
	tokens, err := loadTokens()
	if err != nil {
		return err
	}
	st, where, err := sf.open(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	if *seed {
		if err := loadSeed(ctx, st, log); err != nil {
			return err
		}
	}
	opt := server.Options{Store: st, Tokens: tokens, AuthRequired: *authRequired, Logger: log, WriteRate: *writeRate, WriteBurst: *writeBurst}
	if frontend.Built() {
		opt.Page = frontend.FS()
	} else {
		log.Warn("the page is not built; run 'make frontend' (the API works without it)")
	}
	h, err := server.New(opt)
	if err != nil {
		return err
	}
	log.Info("linkchart serving", "addr", "http://"+*addr, "store", where)
	return server.ListenAndServe(ctx, *addr, h, log)
}

// loadTokens reads LINKCHART_TOKENS, or the file named by
// LINKCHART_TOKENS_FILE.
func loadTokens() (map[string]server.Access, error) {
	spec := os.Getenv("LINKCHART_TOKENS")
	if path := os.Getenv("LINKCHART_TOKENS_FILE"); path != "" {
		b, err := os.ReadFile(path)
		if err != nil {
			return nil, fmt.Errorf("read LINKCHART_TOKENS_FILE: %w", err)
		}
		spec = strings.TrimSpace(string(b))
	}
	tokens, err := server.ParseTokens(spec)
	if err != nil {
		return nil, fmt.Errorf("LINKCHART_TOKENS: %w", err)
	}
	return tokens, nil
}

// loadSeed loads the bundled dataset when the store holds nothing at all.
func loadSeed(ctx context.Context, st graph.Store, log *slog.Logger) error {
	sc, err := st.Schema(ctx, graph.Red)
	if err != nil {
		return fmt.Errorf("seed: %w", err)
	}
	if sc.Counts.Nodes > 0 {
		return nil
	}
	b, err := data.Seed()
	if err != nil {
		return fmt.Errorf("seed: %w", err)
	}
	if err := st.Upsert(ctx, b); err != nil {
		return fmt.Errorf("seed: %w", err)
	}
	log.Info("loaded the seed dataset", "entities", len(b.Nodes), "relations", len(b.Edges), "sources", len(b.Sources))
	return nil
}
