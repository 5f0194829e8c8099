package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/waymark-org/waymark/bot"
)

// jobRow is a jobs row as the engine needs it.
type jobRow struct {
	ID       int64     `db:"id"`
	TenantID int64     `db:"tenant_id"`
	Kind     string    `db:"kind"`
	Key      string    `db:"occurrence_key"`
	Subject  string    `db:"subject"`
	RunAt    Timestamp `db:"run_at"`
	Payload  string    `db:"payload"`
	Attempts int       `db:"attempts"`
}

func (r jobRow) job() bot.Job {
	return bot.Job{ID: r.ID, TenantID: r.TenantID, Kind: r.Kind, Key: r.Key, Subject: r.Subject,
		RunAt: r.RunAt.Time, Payload: []byte(r.Payload), Attempts: r.Attempts}
}

const jobColumns = `id, tenant_id, kind, occurrence_key, subject, run_at, payload, attempts`

// EnqueueEngineJob adds a job to the old engine's table unless its
// occurrence exists. Only the benchmark that compares the old engine with
// River uses it; scheduled work is inserted into River (river.go).
func (db *DB) EnqueueEngineJob(ctx context.Context, j bot.Job) error {
	payload := string(j.Payload)
	if payload == "" {
		payload = "{}"
	}
	_, err := db.x.ExecContext(ctx, db.x.Rebind(`
		INSERT INTO jobs (tenant_id, kind, occurrence_key, subject, run_at, payload, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (tenant_id, kind, occurrence_key) DO NOTHING`),
		j.TenantID, j.Kind, j.Key, j.Subject, Timestamp{j.RunAt}, payload, Timestamp{now()})
	if err != nil {
		return fmt.Errorf("enqueue %s job %s: %w", j.Kind, j.Key, err)
	}
	return nil
}

// ClaimJobs leases up to limit due jobs to owner until leaseUntil and
// counts the attempt. On PostgreSQL, FOR UPDATE SKIP LOCKED lets several
// instances claim side by side without waiting on or taking each other's
// rows; SQLite has one writer, so the statement is atomic as it stands. A
// lease that has expired (its instance died) is claimable again.
func (db *DB) ClaimJobs(ctx context.Context, owner string, now, leaseUntil time.Time, limit int) ([]bot.Job, error) {
	skipLocked := ""
	if db.dialect == Postgres {
		skipLocked = "FOR UPDATE SKIP LOCKED"
	}
	var rows []jobRow
	err := db.x.SelectContext(ctx, &rows, db.x.Rebind(`
		UPDATE jobs SET locked_by = ?, locked_until = ?, attempts = attempts + 1
		WHERE id IN (
		    SELECT id FROM jobs
		    WHERE finished_at IS NULL AND run_at <= ? `+db.readableRunAt()+`
		      AND (locked_until IS NULL OR locked_until <= ?)
		      AND `+installedTenant+`
		    ORDER BY run_at LIMIT ? `+skipLocked+`)
		RETURNING `+jobColumns),
		owner, Timestamp{leaseUntil}, Timestamp{now}, Timestamp{now}, true, limit)
	if err != nil {
		return nil, fmt.Errorf("claim jobs: %w", err)
	}
	out := make([]bot.Job, len(rows))
	for i, r := range rows {
		out[i] = r.job()
	}
	return out, nil
}

// FinishJob records a job's outcome if owner still holds the lease of that
// attempt; false means the lease was lost (expired and re-claimed) and
// nothing was written.
func (db *DB) FinishJob(ctx context.Context, j bot.Job, owner, outcome, lastErr string, at time.Time) (bool, error) {
	res, err := db.x.ExecContext(ctx, db.x.Rebind(`
		UPDATE jobs SET finished_at = ?, outcome = ?, last_error = ?, locked_by = NULL, locked_until = NULL
		WHERE id = ? AND locked_by = ? AND attempts = ? AND finished_at IS NULL`),
		Timestamp{at}, outcome, lastErr, j.ID, owner, j.Attempts)
	if err != nil {
		return false, fmt.Errorf("finish job %d: %w", j.ID, err)
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// FinishJobs records one outcome for many jobs in one statement, for those
// whose lease owner still holds the lease of that attempt, and returns how
// many it recorded. One commit per batch instead of per job is what lets
// three instances send 100,000 reminders a minute (see internal/jobs).
func (db *DB) FinishJobs(ctx context.Context, js []bot.Job, owner, outcome string, at time.Time) (int, error) {
	if len(js) == 0 {
		return 0, nil
	}
	var sb strings.Builder
	args := []any{Timestamp{at}, outcome, owner}
	for i, j := range js {
		if i > 0 {
			sb.WriteString(", ")
		}
		sb.WriteString("(?, ?)")
		args = append(args, j.ID, j.Attempts)
	}
	res, err := db.x.ExecContext(ctx, db.x.Rebind(`
		UPDATE jobs SET finished_at = ?, outcome = ?, last_error = '', locked_by = NULL, locked_until = NULL
		WHERE locked_by = ? AND finished_at IS NULL AND (id, attempts) IN (`+sb.String()+`)`), args...)
	if err != nil {
		return 0, fmt.Errorf("finish %d jobs: %w", len(js), err)
	}
	n, err := res.RowsAffected()
	return int(n), err
}

// RetryJob releases a failed attempt to run again at runAt.
func (db *DB) RetryJob(ctx context.Context, j bot.Job, owner string, runAt time.Time, lastErr string) (bool, error) {
	res, err := db.x.ExecContext(ctx, db.x.Rebind(`
		UPDATE jobs SET run_at = ?, last_error = ?, locked_by = NULL, locked_until = NULL
		WHERE id = ? AND locked_by = ? AND attempts = ? AND finished_at IS NULL`),
		Timestamp{runAt}, lastErr, j.ID, owner, j.Attempts)
	if err != nil {
		return false, fmt.Errorf("retry job %d: %w", j.ID, err)
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// NextJobAt is when the earliest unfinished job falls due, so an idle
// engine can sleep until then.
func (db *DB) NextJobAt(ctx context.Context) (time.Time, bool, error) {
	var t NullTimestamp
	err := db.x.GetContext(ctx, &t, db.x.Rebind(`
		SELECT MIN(run_at) FROM jobs WHERE finished_at IS NULL `+db.readableRunAt()+` AND `+installedTenant), true)
	if err != nil {
		return time.Time{}, false, fmt.Errorf("next job: %w", err)
	}
	return t.Time, t.Valid, nil
}

// installedTenant keeps the engine to jobs of installed tenants; its one
// argument is true. An uninstalled workspace's reminders and check-ins
// wait, untouched, rather than fail and retry for the 30 days its data is
// kept; when it is installed again they run, as after any downtime (a
// stale check-in is skipped, a deadline's overdue reminders become one
// late one), and if it never is, they go with the tenant.
const installedTenant = `EXISTS (SELECT 1 FROM tenants t WHERE t.id = jobs.tenant_id AND t.active = ?)`

// readableRunAt keeps the engine's queries to jobs whose time can be read.
// SQLite keeps times as fixed-width text (TimeLayout, 27 characters); an
// older version once wrote a five-digit year there, which sorts before
// every real time and cannot be parsed, so the next-job query failed on
// every poll and reminders stopped for every group. Such a row is left
// alone (and never claimed). PostgreSQL's timestamptz reads any year.
func (db *DB) readableRunAt() string {
	if db.dialect == SQLite {
		return "AND length(run_at) = 27"
	}
	return ""
}
