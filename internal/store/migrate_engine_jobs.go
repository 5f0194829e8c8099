package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/pressly/goose/v3"

	"github.com/waymark-org/waymark/bot"
)

// versionMoveEngineJobs is the migration that moves the old engine's
// pending jobs into River and drops its table. It is Go, not SQL, because
// River computes each job's unique key in Go; it runs after rivermigrate
// (Migrate runs River's migrations first), in the block of versions that
// belongs to scheduling.
const versionMoveEngineJobs = 203

// engineJobsMigration is that migration, for goose.
func (db *DB) engineJobsMigration() *goose.Migration {
	return goose.NewGoMigration(versionMoveEngineJobs,
		&goose.GoFunc{RunTx: db.moveEngineJobs},
		// Down leaves River's jobs where they are: the old engine is gone.
		&goose.GoFunc{RunTx: func(context.Context, *sql.Tx) error { return nil }})
}

// moveEngineJobs inserts every unfinished job of the old `jobs` table into
// River with the store's unique options (so an occurrence already in River
// is not added twice), parks those of uninstalled tenants as the store
// does at an uninstall, and drops the table. Finished rows are history
// that River never had; they go with the table.
func (db *DB) moveEngineJobs(ctx context.Context, tx *sql.Tx) error {
	runAt := "run_at"
	readable := ""
	if db.dialect == SQLite {
		// See the old engine: a run_at that is not the fixed-width form
		// (a five-digit year) cannot be read; such a job is dropped.
		readable = " AND length(run_at) = 27"
	}
	rows, err := tx.QueryContext(ctx, `SELECT tenant_id, kind, occurrence_key, subject, `+runAt+`, payload FROM jobs
		WHERE finished_at IS NULL`+readable+` ORDER BY id`)
	if err != nil {
		return fmt.Errorf("read old engine's jobs: %w", err)
	}
	var js []bot.Job
	for rows.Next() {
		var j bot.Job
		var at Timestamp
		var payload string
		if err := rows.Scan(&j.TenantID, &j.Kind, &j.Key, &j.Subject, &at, &payload); err != nil {
			rows.Close()
			return fmt.Errorf("read old engine's jobs: %w", err)
		}
		j.RunAt, j.Payload = at.Time, []byte(payload)
		js = append(js, j)
	}
	if err := rows.Close(); err != nil {
		return fmt.Errorf("read old engine's jobs: %w", err)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read old engine's jobs: %w", err)
	}
	for _, j := range js {
		if y := j.RunAt.UTC().Year(); y < 1 || y > maxStoredYear {
			db.logger.WarnContext(ctx, "migrate: dropped an old job with an unreadable time", "tenant", j.TenantID, "kind", j.Kind)
			continue
		}
		if err := db.insertJob(ctx, tx, j); err != nil {
			return fmt.Errorf("move old engine's job: %w", err)
		}
	}
	cast := "CAST(" + db.argField("tenant_id") + " AS BIGINT)"
	if db.dialect == SQLite {
		cast = "CAST(" + db.argField("tenant_id") + " AS INTEGER)"
	}
	if _, err := tx.ExecContext(ctx, db.x.Rebind(`UPDATE river_job SET state = 'pending' WHERE `+kindIn()+`
		AND state IN ('available', 'scheduled', 'retryable')
		AND EXISTS (SELECT 1 FROM tenants t WHERE t.id = `+cast+` AND t.active = ?)`), false); err != nil {
		return fmt.Errorf("park jobs of uninstalled tenants: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `DROP TABLE jobs`); err != nil {
		return fmt.Errorf("drop old engine's table: %w", err)
	}
	db.logger.InfoContext(ctx, "moved the old engine's pending jobs into River", "jobs", len(js))
	return nil
}
