package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"net/url"
	"time"
)

// ScratchSchema creates an empty PostgreSQL schema with a random name
// starting with prefix, and returns a DSN whose connections use it (lib/pq
// sends unknown URL parameters, here search_path, as run-time parameters)
// and a func that drops it with everything in it. Tests and benchmarks use
// it so runs can share one server without seeing each other's rows.
func ScratchSchema(ctx context.Context, dsn, prefix string) (string, func() error, error) {
	u, err := url.Parse(dsn)
	if err != nil {
		return "", nil, fmt.Errorf("scratch schema: parse %s: %w", redact(dsn), err)
	}
	var b [8]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", nil, fmt.Errorf("scratch schema: %w", err)
	}
	schema := prefix + hex.EncodeToString(b[:])
	admin, err := sql.Open("postgres", dsn)
	if err != nil {
		return "", nil, fmt.Errorf("scratch schema: open postgres: %w", err)
	}
	if _, err := admin.ExecContext(ctx, "CREATE SCHEMA "+schema); err != nil {
		admin.Close()
		return "", nil, fmt.Errorf("create schema %s: %w", schema, err)
	}
	drop := func() error {
		defer admin.Close()
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		if _, err := admin.ExecContext(ctx, "DROP SCHEMA "+schema+" CASCADE"); err != nil {
			return fmt.Errorf("drop schema %s: %w", schema, err)
		}
		return nil
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String(), drop, nil
}
