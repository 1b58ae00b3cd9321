// Command wsa-ferretdb runs FerretDB (MongoDB wire protocol) embedded, with its SQLite
// handler, for local development and tests. It exists because `go install` of the
// FerretDB binary panics on a missing version file; embedding the library does not.
//
// Usage: wsa-ferretdb -listen 127.0.0.1:27017 -data .local/data/ferretdb
package main

import (
	"context"
	"database/sql"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/FerretDB/FerretDB/ferretdb"
	_ "modernc.org/sqlite" // the SQLite driver FerretDB itself uses (registered as "sqlite")
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
	go keepIDIndexesMatching(ctx, abs, logger)
	if err := f.Run(ctx); err != nil {
		fmt.Fprintf(os.Stderr, "wsa-ferretdb: %v\n", err)
		os.Exit(1)
	}
}

// keepIDIndexesMatching works around a FerretDB 1.24 SQLite-backend defect that makes every
// lookup by _id a full table scan: the backend creates each collection's unique _id index on
// the expression `_ferretdb_sjson->"_id"` but queries, updates and deletes by `_id` filter on
// `_ferretdb_sjson->'$._id'`, which SQLite does not match to that index (EXPLAIN QUERY PLAN:
// SCAN). This adds, to every collection table, a unique index on the expression the backend
// queries by, so those statements SEARCH by index (bench/RESULTS.md: ~45 ms → ~1 ms per
// findOne by _id at 50,000 documents). New collections are picked up within a second. The
// extra index is SQLite's only: FerretDB's metadata does not list it; dropping the
// collection drops its table and the index with it.
func keepIDIndexesMatching(ctx context.Context, dataDir string, logger *slog.Logger) {
	open := map[string]*sql.DB{}
	defer func() {
		for _, db := range open {
			db.Close()
		}
	}()
	for {
		files, _ := filepath.Glob(filepath.Join(dataDir, "*.sqlite"))
		for _, file := range files {
			db := open[file]
			if db == nil {
				var err error
				if db, err = sql.Open("sqlite", "file:"+file+"?_pragma=busy_timeout(10000)"); err != nil {
					logger.Warn("wsa-ferretdb: cannot open for the _id index sync", "file", file, "error", err)
					continue
				}
				db.SetMaxOpenConns(1)
				open[file] = db
			}
			if err := indexIDs(ctx, db); err != nil && ctx.Err() == nil {
				logger.Warn("wsa-ferretdb: _id index sync failed; trying again", "file", file, "error", err)
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(time.Second):
		}
	}
}

// indexIDs adds the index to every collection table of one database that lacks it (a
// collection dropped and created again gets a new table without it, so nothing is cached).
func indexIDs(ctx context.Context, db *sql.DB) error {
	rows, err := db.QueryContext(ctx, `SELECT c.table_name FROM _ferretdb_collections c
		WHERE NOT EXISTS (SELECT 1 FROM sqlite_master m WHERE m.type = 'index' AND m.name = c.table_name || '__id_path')`)
	if err != nil {
		if strings.Contains(err.Error(), "no such table") {
			return nil // a database FerretDB has not finished creating
		}
		return err
	}
	var tables []string
	for rows.Next() {
		var t string
		if err := rows.Scan(&t); err != nil {
			rows.Close()
			return err
		}
		tables = append(tables, t)
	}
	rows.Close()
	for _, t := range tables {
		q := fmt.Sprintf(`CREATE UNIQUE INDEX IF NOT EXISTS %q ON %q (_ferretdb_sjson->'$._id')`, t+"__id_path", t)
		if _, err := db.ExecContext(ctx, q); err != nil && !strings.Contains(err.Error(), "no such table") {
			return err // (a table dropped meanwhile needs nothing)
		}
	}
	return nil
}
