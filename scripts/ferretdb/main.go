// Command wsa-ferretdb runs FerretDB (MongoDB wire protocol) embedded, with its SQLite
// handler, for local development and tests. It exists because `go install` of the
// FerretDB binary panics on a missing version file; embedding the library does not.
//
// Usage: wsa-ferretdb -listen 127.0.0.1:27017 -data .local/data/ferretdb
package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"

	"github.com/FerretDB/FerretDB/ferretdb"
)

func main() {
	listen := flag.String("listen", "127.0.0.1:27017", "TCP address to listen on (keep it on loopback)")
	dataDir := flag.String("data", ".local/data/ferretdb", "directory for the SQLite files")
	logLevel := flag.String("log-level", "warn", "debug, info, warn or error")
	flag.Parse()

	if err := os.MkdirAll(*dataDir, 0o755); err != nil {
		fmt.Fprintf(os.Stderr, "wsa-ferretdb: cannot create data dir: %v\n", err)
		os.Exit(1)
	}
	abs, err := filepath.Abs(*dataDir)
	if err != nil {
		fmt.Fprintf(os.Stderr, "wsa-ferretdb: %v\n", err)
		os.Exit(1)
	}

	var level slog.Level
	if err := level.UnmarshalText([]byte(*logLevel)); err != nil {
		level = slog.LevelWarn
	}
	logger := slog.New(slog.NewJSONHandler(os.Stderr, &slog.HandlerOptions{Level: level}))

	// The embedded package disables telemetry itself and locks that setting.
	f, err := ferretdb.New(&ferretdb.Config{
		Listener:  ferretdb.ListenerConfig{TCP: *listen},
		Logger:    logger,
		Handler:   "sqlite",
		SQLiteURL: "file:" + abs + "/",
	})
	if err != nil {
		fmt.Fprintf(os.Stderr, "wsa-ferretdb: %v\n", err)
		os.Exit(1)
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	fmt.Fprintf(os.Stderr, "wsa-ferretdb: listening on %s, data in %s\n", *listen, abs)
	if err := f.Run(ctx); err != nil {
		fmt.Fprintf(os.Stderr, "wsa-ferretdb: %v\n", err)
		os.Exit(1)
	}
}
