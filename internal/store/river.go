package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver"
	"github.com/riverqueue/river/riverdriver/riverdatabasesql"
	"github.com/riverqueue/river/riverdriver/riversqlite"
	"github.com/riverqueue/river/rivertype"

	"github.com/waymark-org/waymark/bot"
)

// Scheduled work runs on River (github.com/riverqueue/river): its tables
// (river_job and friends) live beside ours, created by Migrate. The store
// inserts jobs in the same transaction as the deadline or check-in they
// belong to, so a saved deadline always has its reminders and a deleted
// one has none; internal/jobs runs the River client that works them.

// JobArgs are the arguments every Waymark job carries. (TenantID, Key) is
// River's unique key for the kind (the `river:"unique"` tags), so one
// occurrence is inserted once however many replicas try, and not again
// while its finished row is kept (JobRetention).
type JobArgs struct {
	TenantID int64  `json:"tenant_id" river:"unique"`
	Key      string `json:"key" river:"unique"`
	// Subject is what the job belongs to ("deadline:42", "checkin:U1"),
	// so saving or deleting that thing can replace its unsent jobs.
	Subject string `json:"subject"`
	// RunAt is the occurrence's instant. River moves a job's scheduled
	// time on a retry or a snooze; lateness counts from this one.
	RunAt   time.Time       `json:"run_at"`
	Payload json.RawMessage `json:"payload"`
}

// ReminderArgs is a deadline reminder job.
type ReminderArgs struct{ JobArgs }

// Kind is River's name for the job kind.
func (ReminderArgs) Kind() string { return bot.JobReminder }

// CheckinArgs is a check-in job.
type CheckinArgs struct{ JobArgs }

// Kind is River's name for the job kind.
func (CheckinArgs) Kind() string { return bot.JobCheckin }

// DigestArgs is a moderators' weekly digest job (one per group a week).
type DigestArgs struct{ JobArgs }

// Kind is River's name for the job kind.
func (DigestArgs) Kind() string { return bot.JobDigest }

// jobKinds are the kinds the store inserts; queries on river_job keep to
// them, so other River users of the database are left alone.
var jobKinds = []string{bot.JobReminder, bot.JobCheckin, bot.JobDigest}

// JobRetention is how long River keeps a finished job. While it is kept,
// its occurrence cannot be inserted again: editing a deadline back to a
// date already reminded does not remind again within it.
const JobRetention = 90 * 24 * time.Hour

// JobMaxAttempts is how often a delivery is tried, with River's backoff
// (attempt⁴ seconds: 1 s, 16 s, 81 s, 4 min, 10 min) before the owner is
// told.
const JobMaxAttempts = 6

// Job converts args and their River row to what bot.Scheduling delivers.
func (a JobArgs) Job(kind string, row *rivertype.JobRow) bot.Job {
	j := bot.Job{TenantID: a.TenantID, Kind: kind, Key: a.Key, Subject: a.Subject, RunAt: a.RunAt, Payload: []byte(a.Payload)}
	if row != nil {
		j.ID, j.Attempts = row.ID, row.Attempt
	}
	return j
}

// riverArgs wraps a job as River arguments of its kind.
func riverArgs(j bot.Job) (river.JobArgs, error) {
	payload := json.RawMessage(j.Payload)
	if len(payload) == 0 {
		payload = json.RawMessage("{}")
	}
	a := JobArgs{TenantID: j.TenantID, Key: j.Key, Subject: j.Subject, RunAt: Round(j.RunAt), Payload: payload}
	switch j.Kind {
	case bot.JobReminder:
		return ReminderArgs{a}, nil
	case bot.JobCheckin:
		return CheckinArgs{a}, nil
	case bot.JobDigest:
		return DigestArgs{a}, nil
	}
	return nil, fmt.Errorf("unknown job kind %q", j.Kind)
}

// RiverDriver is River's driver over this database's pool: database/sql
// over lib/pq for PostgreSQL, modernc.org/sqlite for SQLite.
func (db *DB) RiverDriver() riverdriver.Driver[*sql.Tx] {
	if db.dialect == Postgres {
		return riverdatabasesql.New(db.x.DB)
	}
	return riversqlite.New(db.x.DB)
}

// inserter is an insert-only River client: no queues, no workers.
func (db *DB) inserter() (*river.Client[*sql.Tx], error) {
	db.riverOnce.Do(func() {
		db.riverClient, db.riverErr = river.NewClient(db.RiverDriver(), &river.Config{
			Logger:                      db.logger,
			MaxAttempts:                 JobMaxAttempts,
			CompletedJobRetentionPeriod: JobRetention,
		})
	})
	return db.riverClient, db.riverErr
}

// uniqueByState is every state but cancelled: a finished (completed or
// discarded) occurrence blocks a second insert too.
var uniqueByState = []rivertype.JobState{
	rivertype.JobStateAvailable, rivertype.JobStateCompleted, rivertype.JobStateDiscarded,
	rivertype.JobStatePending, rivertype.JobStateRetryable, rivertype.JobStateRunning, rivertype.JobStateScheduled,
}

// UniqueOpts makes a job unique by its (TenantID, Key) arguments in every
// state but cancelled.
var UniqueOpts = river.UniqueOpts{ByArgs: true, ByState: uniqueByState}

// insertJob inserts a job in tx unless its occurrence exists.
func (db *DB) insertJob(ctx context.Context, tx *sql.Tx, j bot.Job) error {
	c, err := db.inserter()
	if err != nil {
		return fmt.Errorf("river client: %w", err)
	}
	// Encoding the arguments would refuse such a time too (Go's JSON
	// encoding of a time stops at 9999); this says why more plainly.
	if y := j.RunAt.UTC().Year(); y < 1 || y > maxStoredYear {
		return fmt.Errorf("enqueue %s job %s: time %s outside the years 1 to %d", j.Kind, j.Key, j.RunAt.UTC().Format(time.RFC3339), maxStoredYear)
	}
	args, err := riverArgs(j)
	if err != nil {
		return err
	}
	opts := &river.InsertOpts{
		ScheduledAt: j.RunAt,
		UniqueOpts:  UniqueOpts,
	}
	if _, err := c.InsertTx(ctx, tx, args, opts); err != nil {
		return fmt.Errorf("enqueue %s job %s: %w", j.Kind, j.Key, err)
	}
	return nil
}

// EnqueueJob adds a job unless its occurrence already exists, finished or
// not (within JobRetention).
func (db *DB) EnqueueJob(ctx context.Context, j bot.Job) error {
	return db.inTx(ctx, func(tx *sqlx.Tx) error { return db.insertJob(ctx, tx.Tx, j) })
}

// argField is the SQL for a top-level field of a job's arguments, as text.
func (db *DB) argField(name string) string {
	if db.dialect == Postgres {
		return "(args->>'" + name + "')"
	}
	return "CAST(json_extract(args, '$." + name + "') AS TEXT)"
}

// kindIn is "kind IN (...)" over the store's job kinds.
func kindIn() string {
	return "kind IN ('" + strings.Join(jobKinds, "', '") + "')"
}

// unsent are the states of a job not yet worked and not being worked.
const unsent = `state IN ('available', 'scheduled', 'retryable', 'pending')`

// cancelJobs deletes a subject's unsent jobs. A job being worked right now
// keeps its row, so its outcome is still recorded; it reads what it is for
// again and drops itself when that is gone.
func (db *DB) cancelJobs(ctx context.Context, x sqlx.ExtContext, tenantID int64, subject string) error {
	_, err := x.ExecContext(ctx, x.Rebind(`DELETE FROM river_job WHERE `+kindIn()+` AND `+unsent+`
		AND `+db.argField("tenant_id")+` = ? AND `+db.argField("subject")+` = ?`), fmt.Sprint(tenantID), subject)
	if err != nil {
		return fmt.Errorf("cancel jobs for %s: %w", subject, err)
	}
	return nil
}

// deleteSubjectJobs deletes every job of a subject, finished or not: the
// arguments name the person (forget-me).
func (db *DB) deleteSubjectJobs(ctx context.Context, x sqlx.ExtContext, tenantID int64, subject string) error {
	_, err := x.ExecContext(ctx, x.Rebind(`DELETE FROM river_job WHERE `+kindIn()+`
		AND `+db.argField("tenant_id")+` = ? AND `+db.argField("subject")+` = ?`), fmt.Sprint(tenantID), subject)
	if err != nil {
		return fmt.Errorf("delete jobs for %s: %w", subject, err)
	}
	return nil
}

// parkTenantJobs moves an uninstalled tenant's unsent jobs to River's
// `pending` state, which no River client fetches or schedules: they wait
// untouched (no attempts, no failed sends, no work for an idle client) and
// wakeTenantJobs brings them back if the workspace is installed again.
func (db *DB) parkTenantJobs(ctx context.Context, x sqlx.ExtContext, tenantID int64) error {
	_, err := x.ExecContext(ctx, x.Rebind(`UPDATE river_job SET state = 'pending' WHERE `+kindIn()+`
		AND state IN ('available', 'scheduled', 'retryable') AND `+db.argField("tenant_id")+` = ?`), fmt.Sprint(tenantID))
	if err != nil {
		return fmt.Errorf("park jobs of tenant %d: %w", tenantID, err)
	}
	return nil
}

// wakeTenantJobs makes a reinstalled tenant's parked jobs scheduled again;
// River's scheduler makes those due available, and they run as after any
// downtime (a stale check-in skipped, overdue reminders one late one).
func (db *DB) wakeTenantJobs(ctx context.Context, x sqlx.ExtContext, tenantID int64) error {
	_, err := x.ExecContext(ctx, x.Rebind(`UPDATE river_job SET state = 'scheduled' WHERE `+kindIn()+`
		AND state = 'pending' AND `+db.argField("tenant_id")+` = ?`), fmt.Sprint(tenantID))
	if err != nil {
		return fmt.Errorf("wake jobs of tenant %d: %w", tenantID, err)
	}
	return nil
}

// deleteOrphanJobs deletes the jobs of tenants that no longer exist; River's
// table has no foreign key to ours, so ON DELETE CASCADE cannot.
func (db *DB) deleteOrphanJobs(ctx context.Context) error {
	cast := "CAST(" + db.argField("tenant_id") + " AS BIGINT)"
	if db.dialect == SQLite {
		cast = "CAST(" + db.argField("tenant_id") + " AS INTEGER)"
	}
	_, err := db.x.ExecContext(ctx, `DELETE FROM river_job WHERE `+kindIn()+`
		AND NOT EXISTS (SELECT 1 FROM tenants t WHERE t.id = `+cast+`)`)
	if err != nil {
		return fmt.Errorf("delete jobs of deleted tenants: %w", err)
	}
	return nil
}

// JobRecord is a job with its state, for tests and diagnostics.
type JobRecord struct {
	bot.Job
	State      string
	FinishedAt time.Time
	Outcome    string
	LastError  string
}

// Jobs lists a tenant's jobs for a subject prefix ("" for all), by the
// occurrence's time. It is for tests and diagnostics: it reads at most
// 10,000 jobs of the store's kinds.
func (db *DB) Jobs(ctx context.Context, tenantID int64, subjectPrefix string) ([]JobRecord, error) {
	var rows []struct {
		ID          int64         `db:"id"`
		Kind        string        `db:"kind"`
		Args        []byte        `db:"args"`
		Attempt     int           `db:"attempt"`
		State       string        `db:"state"`
		FinalizedAt NullTimestamp `db:"finalized_at"`
		Metadata    []byte        `db:"metadata"`
		Errors      []byte        `db:"errors"`
	}
	errs := "errors"
	args, meta := "args", "metadata"
	fin := "finalized_at"
	if db.dialect == Postgres {
		// jsonb[] and jsonb read back as text through lib/pq.
		errs = "array_to_json(errors)::text AS errors"
		args, meta = "args::text AS args", "metadata::text AS metadata"
	} else {
		// SQLite keeps JSON as JSONB blobs; json() turns them into text.
		errs = "json(errors) AS errors"
		args, meta = "json(args) AS args", "json(metadata) AS metadata"
		fin = "strftime('%Y-%m-%dT%H:%M:%fZ', finalized_at) AS finalized_at"
	}
	err := db.x.SelectContext(ctx, &rows, db.x.Rebind(`
		SELECT id, kind, `+args+`, attempt, state, `+fin+`, `+meta+`, `+errs+` FROM river_job
		WHERE `+kindIn()+` AND `+db.argField("tenant_id")+` = ? ORDER BY id LIMIT 10000`), fmt.Sprint(tenantID))
	if err != nil {
		return nil, fmt.Errorf("list jobs: %w", err)
	}
	var out []JobRecord
	for _, r := range rows {
		var a JobArgs
		if err := json.Unmarshal(r.Args, &a); err != nil {
			return nil, fmt.Errorf("job %d arguments: %w", r.ID, err)
		}
		if !strings.HasPrefix(a.Subject, subjectPrefix) {
			continue
		}
		rec := JobRecord{Job: a.Job(r.Kind, &rivertype.JobRow{ID: r.ID, Attempt: r.Attempt}), State: r.State, FinishedAt: r.FinalizedAt.Time}
		var m struct {
			Output string `json:"output"`
		}
		if len(r.Metadata) > 0 {
			_ = json.Unmarshal(r.Metadata, &m)
		}
		rec.Outcome = m.Output
		switch rivertype.JobState(r.State) {
		case rivertype.JobStateDiscarded, rivertype.JobStateCancelled:
			// Out of attempts: the runner told the owner. (Jobs are
			// deleted, not cancelled, when what they were for goes; a
			// runner with a lower limit than the job's cancels it.)
			rec.Outcome = bot.OutcomeFailed
		case rivertype.JobStateCompleted:
		default:
			rec.Outcome = ""
		}
		var attemptErrs []rivertype.AttemptError
		if len(r.Errors) > 0 && string(r.Errors) != "null" {
			if err := json.Unmarshal(r.Errors, &attemptErrs); err != nil {
				return nil, fmt.Errorf("job %d errors: %w", r.ID, err)
			}
		}
		if n := len(attemptErrs); n > 0 {
			rec.LastError = attemptErrs[n-1].Error
		}
		out = append(out, rec)
	}
	sort.SliceStable(out, func(i, k int) bool { return out[i].RunAt.Before(out[k].RunAt) })
	return out, nil
}
