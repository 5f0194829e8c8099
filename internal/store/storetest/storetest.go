// Package storetest opens fresh, migrated databases for tests, in SQLite and
// in PostgreSQL, so table tests can run the same cases on both dialects:
//
//	func TestMain(m *testing.M) { storetest.Main(m) }
//
//	for _, dialect := range storetest.Dialects(t) {
//		t.Run(dialect, func(t *testing.T) {
//			t.Parallel()
//			db := storetest.Open(t, dialect)
//			...
//		})
//	}
//
// PostgreSQL comes from WAYMARK_TEST_DATABASE_URL when it is set: each test
// gets its own schema there, dropped when the test ends, so tests can run in
// parallel and leave nothing behind. Otherwise, in a package whose TestMain
// calls Main, a throwaway server is started with initdb and pg_ctl if they
// are installed, and stopped when the tests end. Failing both, PostgreSQL
// tests are skipped, or fail when WAYMARK_REQUIRE_POSTGRES=1 (as in CI).
package storetest

import (
	"context"
	"fmt"
	"github.com/waymark-org/waymark/bot"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	_ "github.com/lib/pq" // registers "postgres"

	"github.com/waymark-org/waymark/internal/store"
)

const (
	// EnvDatabaseURL names a PostgreSQL server for tests, e.g.
	// postgres://postgres@127.0.0.1:5432/test?sslmode=disable.
	EnvDatabaseURL = "WAYMARK_TEST_DATABASE_URL"
	// EnvRequirePostgres=1 turns "no PostgreSQL available" from a skip
	// into a failure.
	EnvRequirePostgres = "WAYMARK_REQUIRE_POSTGRES"
)

// Dialects lists the dialects to run table tests over.
func Dialects(t testing.TB) []string {
	t.Helper()
	return []string{store.SQLite, store.Postgres}
}

// EachDB runs fn as a parallel subtest on a fresh database of each dialect.
func EachDB(t *testing.T, fn func(t *testing.T, db *store.DB)) {
	t.Helper()
	for _, dialect := range Dialects(t) {
		t.Run(dialect, func(t *testing.T) {
			t.Parallel()
			fn(t, Open(t, dialect))
		})
	}
}

// Tenant makes (or finds) an installed group for a test.
func Tenant(t testing.TB, db *store.DB, platform, externalID string) *bot.Tenant {
	t.Helper()
	tn, err := db.EnsureTenant(context.Background(), platform, externalID, "Group "+externalID)
	if err != nil {
		t.Fatal(err)
	}
	return tn
}

// Open returns a fresh, migrated database of the dialect, closed (and for
// PostgreSQL, dropped) when the test ends.
func Open(t testing.TB, dialect string) *store.DB {
	t.Helper()
	dsn := DSN(t, dialect)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	db, err := store.Open(ctx, dsn, Logger(t))
	if err != nil {
		t.Fatalf("storetest: open %s: %v", dialect, err)
	}
	// Registered after DSN's cleanup, so it runs first: close before the
	// schema is dropped.
	t.Cleanup(func() {
		if err := db.Close(); err != nil {
			t.Errorf("storetest: close %s: %v", dialect, err)
		}
	})
	return db
}

// DSN returns the DSN of a fresh, empty database of the dialect: a file in
// t.TempDir() for SQLite, a new schema for PostgreSQL (dropped when the test
// ends). Use it to test opening and migrating.
func DSN(t testing.TB, dialect string) string {
	t.Helper()
	switch dialect {
	case store.SQLite:
		return filepath.Join(t.TempDir(), "waymark.db")
	case store.Postgres:
		return postgresSchemaDSN(t, postgresURL(t))
	default:
		t.Fatalf("storetest: unknown dialect %q", dialect)
		return ""
	}
}

// Logger sends a store's logs to the test log.
func Logger(t testing.TB) *slog.Logger {
	return slog.New(slog.NewTextHandler(testWriter{t}, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

type testWriter struct{ t testing.TB }

func (w testWriter) Write(p []byte) (int, error) {
	w.t.Helper()
	w.t.Log(strings.TrimRight(string(p), "\n"))
	return len(p), nil
}

// postgresURL finds a server: the environment, else the throwaway server.
func postgresURL(t testing.TB) string {
	t.Helper()
	if u := os.Getenv(EnvDatabaseURL); u != "" {
		return u
	}
	u, err := throwaway.url()
	if err == nil {
		return u
	}
	msg := fmt.Sprintf("storetest: no PostgreSQL: set %s (e.g. postgres://postgres@127.0.0.1:5432/test?sslmode=disable); %v",
		EnvDatabaseURL, err)
	if os.Getenv(EnvRequirePostgres) == "1" {
		t.Fatal(msg + " (" + EnvRequirePostgres + "=1)")
	}
	t.Skip(msg)
	return ""
}

// postgresSchemaDSN creates a schema named for no one else and returns base
// pointed at it; the schema is dropped when the test ends.
func postgresSchemaDSN(t testing.TB, base string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	dsn, drop, err := store.ScratchSchema(ctx, base, "waymark_test_")
	if err != nil {
		t.Fatalf("storetest: %v", err)
	}
	t.Cleanup(func() {
		if err := drop(); err != nil {
			t.Errorf("storetest: %v", err)
		}
	})
	return dsn
}
