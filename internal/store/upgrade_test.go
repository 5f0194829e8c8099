package store_test

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/pressly/goose/v3"

	"github.com/waymark-org/waymark/bot"
	"github.com/waymark-org/waymark/internal/dates"
	"github.com/waymark-org/waymark/internal/store"
	"github.com/waymark-org/waymark/internal/store/storetest"
)

// migrateUpTo applies this package's migrations up to version to a fresh
// database and returns a plain connection to it, so a test can write rows
// as an older release would have before store.Open upgrades them.
func migrateUpTo(t *testing.T, dialect, dsn string, version int64) *sql.DB {
	t.Helper()
	driver, gooseDialect := "sqlite", goose.DialectSQLite3
	if dialect == store.Postgres {
		driver, gooseDialect = "postgres", goose.DialectPostgres
	}
	x, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { x.Close() })
	p, err := goose.NewProvider(gooseDialect, x, os.DirFS("migrations/"+dialect),
		goose.WithAllowOutofOrder(true), goose.WithDisableGlobalRegistry(true))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.UpTo(context.Background(), version); err != nil {
		t.Fatalf("migrate %s up to %d: %v", dialect, version, err)
	}
	return x
}

// TestUpgradeNumbersExistingDeadlines: deadlines saved before per-group
// numbers get 1, 2, 3... within their group, in the order they were added,
// and the next one added continues from there.
func TestUpgradeNumbersExistingDeadlines(t *testing.T) {
	for _, dialect := range storetest.Dialects(t) {
		t.Run(dialect, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			dsn := storetest.DSN(t, dialect)
			old := migrateUpTo(t, dialect, dsn, 200)
			at := time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC).Format(store.TimeLayout)
			bind := sqlx.QUESTION
			if dialect == store.Postgres {
				bind = sqlx.DOLLAR
			}
			rebind := func(q string) string { return sqlx.Rebind(bind, q) }
			for _, ext := range []string{"A", "B"} {
				if _, err := old.ExecContext(ctx, rebind(`INSERT INTO tenants (platform, external_id, name, created_at) VALUES ('slack', ?, ?, ?)`), ext, "Group "+ext, at); err != nil {
					t.Fatal(err)
				}
			}
			// Interleaved, as a network's groups add them.
			for _, row := range []struct {
				tenant int
				title  string
			}{{1, "A1"}, {2, "B1"}, {1, "A2"}, {2, "B2"}, {1, "A3"}} {
				if _, err := old.ExecContext(ctx, rebind(`INSERT INTO deadlines (tenant_id, title, due, anchor, created_at, updated_at) VALUES (?, ?, '2026-12-15', '2026-12-15', ?, ?)`), row.tenant, row.title, at, at); err != nil {
					t.Fatal(err)
				}
			}
			old.Close()

			db, err := store.Open(ctx, dsn, storetest.Logger(t))
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			for _, tc := range []struct {
				tenant int64
				want   string
			}{{1, "[A1:1 A2:2 A3:3]"}, {2, "[B1:1 B2:2]"}} {
				ds, _, err := db.UpcomingDeadlines(ctx, tc.tenant, 10)
				if err != nil {
					t.Fatal(err)
				}
				var got []string
				for _, d := range ds {
					got = append(got, fmt.Sprintf("%s:%d", d.Title, d.Number))
				}
				if fmt.Sprint(got) != tc.want {
					t.Errorf("tenant %d after upgrade: %v, want %s", tc.tenant, got, tc.want)
				}
			}
			due := dates.Date{Year: 2026, Month: time.December, Day: 20}
			d := &bot.Deadline{TenantID: 2, Title: "B3", Due: due, Anchor: due}
			if _, err := db.SaveDeadline(ctx, d, nil); err != nil {
				t.Fatal(err)
			}
			if d.Number != 3 {
				t.Errorf("next number in group B = %d, want 3", d.Number)
			}
		})
	}
}

// TestUpgradeMovesEngineJobsIntoRiver: the old engine's unfinished jobs
// become River jobs with the same occurrence (an uninstalled group's
// parked), its finished ones go with its table, and the table is dropped.
func TestUpgradeMovesEngineJobsIntoRiver(t *testing.T) {
	for _, dialect := range storetest.Dialects(t) {
		t.Run(dialect, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			dsn := storetest.DSN(t, dialect)
			old := migrateUpTo(t, dialect, dsn, 202)
			at := time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC)
			bind := sqlx.QUESTION
			if dialect == store.Postgres {
				bind = sqlx.DOLLAR
			}
			rebind := func(q string) string { return sqlx.Rebind(bind, q) }
			stamp := func(t time.Time) any {
				if dialect == store.Postgres {
					return t
				}
				return t.UTC().Format(store.TimeLayout)
			}
			for _, ext := range []string{"A", "B"} {
				if _, err := old.ExecContext(ctx, rebind(`INSERT INTO tenants (platform, external_id, name, created_at) VALUES ('slack', ?, ?, ?)`), ext, "Group "+ext, stamp(at)); err != nil {
					t.Fatal(err)
				}
			}
			// B is uninstalled.
			if _, err := old.ExecContext(ctx, rebind(`UPDATE tenants SET active = ? WHERE external_id = 'B'`), false); err != nil {
				t.Fatal(err)
			}
			for _, row := range []struct {
				tenant   int
				key      string
				finished bool
			}{{1, "1/2026-12-15/1", false}, {1, "1/2026-12-15/3", true}, {2, "2/2026-12-15/1", false}} {
				var fin any
				if row.finished {
					fin = stamp(at)
				}
				if _, err := old.ExecContext(ctx, rebind(`INSERT INTO jobs (tenant_id, kind, occurrence_key, subject, run_at, payload, created_at, finished_at)
					VALUES (?, 'deadline.reminder', ?, 'deadline:1', ?, '{"deadline_id":1}', ?, ?)`),
					row.tenant, row.key, stamp(time.Date(2026, 12, 14, 9, 0, 0, 0, time.UTC)), stamp(at), fin); err != nil {
					t.Fatal(err)
				}
			}
			old.Close()

			db, err := store.Open(ctx, dsn, storetest.Logger(t))
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			for _, tc := range []struct {
				tenant int64
				want   string
			}{{1, "[1/2026-12-15/1 scheduled 2026-12-14T09:00:00Z]"}, {2, "[2/2026-12-15/1 pending 2026-12-14T09:00:00Z]"}} {
				js, err := db.Jobs(ctx, tc.tenant, "")
				if err != nil {
					t.Fatal(err)
				}
				var got []string
				for _, j := range js {
					got = append(got, fmt.Sprintf("%s %s %s", j.Key, j.State, j.RunAt.UTC().Format(time.RFC3339)))
				}
				if fmt.Sprint(got) != tc.want {
					t.Errorf("tenant %d's jobs after upgrade: %v, want %s", tc.tenant, got, tc.want)
				}
			}
			var n int
			err = db.X().GetContext(ctx, &n, `SELECT COUNT(*) FROM jobs`)
			if err == nil {
				t.Errorf("the old engine's table is still there (%d rows)", n)
			}
		})
	}
}

// TestUpgradeKeepsSlackEventClaims: the Slack dedupe table becomes the
// shared processed_events table with its rows, so an event claimed just
// before the upgrade is still a duplicate after it, and Slack's request
// claims take the "slack:request:" form the adapter now uses.
func TestUpgradeKeepsSlackEventClaims(t *testing.T) {
	for _, dialect := range storetest.Dialects(t) {
		t.Run(dialect, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			dsn := storetest.DSN(t, dialect)
			old := migrateUpTo(t, dialect, dsn, 102)
			bind := sqlx.QUESTION
			if dialect == store.Postgres {
				bind = sqlx.DOLLAR
			}
			expires := time.Now().Add(time.Hour).UTC().Format(store.TimeLayout)
			for _, key := range []string{"slack:Ev0OLD", "slack-request:1700000000:v0=abc"} {
				if _, err := old.ExecContext(ctx, sqlx.Rebind(bind, `INSERT INTO slack_processed_events (event_key, expires_at, owner) VALUES (?, ?, 'old')`), key, expires); err != nil {
					t.Fatal(err)
				}
			}
			old.Close()

			db, err := store.Open(ctx, dsn, storetest.Logger(t))
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			first, err := db.ClaimEvent(ctx, "slack:Ev0OLD", time.Hour)
			if err != nil {
				t.Fatal(err)
			}
			if first {
				t.Error("an event claimed before the upgrade was claimed again after it")
			}
			owners, err := db.EventClaimOwners(ctx, []string{"slack:request:1700000000:v0=abc", "slack-request:1700000000:v0=abc"})
			if err != nil {
				t.Fatal(err)
			}
			if owners["slack:request:1700000000:v0=abc"] != "old" || len(owners) != 1 {
				t.Errorf("request claim after the upgrade: %v", owners)
			}
			if first, err := db.ClaimEvent(ctx, "discord:1234", time.Hour); err != nil || !first {
				t.Errorf("a Discord claim in the shared table: %v %v", first, err)
			}
		})
	}
}
