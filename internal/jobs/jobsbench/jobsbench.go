// Package jobsbench measures scheduled work on PostgreSQL: many reminders
// due at one instant across many tenants, delivered by several instances
// to a counting notifier, then the instances' cost while idle. It runs
// River and the engine River replaced (Config.Engine), and is shared by
// `go run ./internal/jobs/cmd/jobsbench` and the Go benchmark.
package jobsbench

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	_ "github.com/lib/pq" // registers "postgres"

	"github.com/waymark-org/waymark/bot"
	"github.com/waymark-org/waymark/internal/jobs"
	"github.com/waymark-org/waymark/internal/store"
)

// Config says what to measure.
type Config struct {
	// Engine is EngineRiver or EngineOld.
	Engine string
	// PostgresURL is the server; the run uses a schema of its own and
	// drops it afterwards.
	PostgresURL string
	Tenants     int
	Reminders   int // in total, spread evenly over the tenants
	Instances   int
	// Idle is how long to watch the engines with nothing due.
	Idle time.Duration
	// Poll, Batch and Workers tune each engine (zero: the defaults).
	Poll    time.Duration
	Batch   int
	Workers int
	Logger  *slog.Logger
}

// The engines Run measures.
const (
	EngineRiver = "river"
	EngineOld   = "old"
)

// Result is what was measured.
type Result struct {
	Reminders  int
	Delivered  int64
	Duplicates int64
	Missing    int
	// Drain is from the due time until the last reminder was sent: the
	// longest any reminder waited. EnginesStarted is how long before the
	// due time the engines were started.
	Drain          time.Duration
	EnginesStarted time.Duration
	Setup          time.Duration
	// Queries is the engine's statements while delivering; for the old
	// engine, ClaimTime and FinishTime the time spent in claims and
	// completions, summed over instances and workers.
	Queries               int64
	ClaimTime, FinishTime time.Duration
	// Idle figures, for all instances together.
	IdleFor              time.Duration
	IdleCPU              time.Duration
	IdleQueries          int64
	IdleQueriesPerMin    float64
	IdleCPUSecondsPerMin float64
}

func (r Result) String() string {
	return fmt.Sprintf(`reminders: %d
delivered: %d  duplicates: %d  missing: %d
all due at the same instant; the last was sent %s after it (engines started %s before)
idle for %s: engine SQL queries %d (%.1f/min for all instances), process CPU %s (%.3f CPU-seconds/min)
engine statements while delivering: %d (time in claims %s, in completions %s, summed over workers)
setup (bulk insert) took %s`,
		r.Reminders, r.Delivered, r.Duplicates, r.Missing,
		r.Drain.Round(time.Millisecond), r.EnginesStarted.Round(time.Millisecond),
		r.IdleFor, r.IdleQueries, r.IdleQueriesPerMin, r.IdleCPU.Round(time.Millisecond), r.IdleCPUSecondsPerMin,
		r.Queries, r.ClaimTime.Round(time.Millisecond), r.FinishTime.Round(time.Millisecond),
		r.Setup.Round(time.Millisecond))
}

// countingNotifier counts reminders per deadline and notes the latest
// delivery; it stands in for Slack and Discord.
type countingNotifier struct {
	mu     sync.Mutex
	counts map[string]int
	dups   atomic.Int64
	total  atomic.Int64
	last   time.Time
	all    chan struct{}
	want   int64
}

func (n *countingNotifier) PostChannel(_ context.Context, t *bot.Tenant, _ string, r bot.Reply) error {
	key := fmt.Sprintf("%d/%s", t.ID, r.Buttons[0].Value)
	n.mu.Lock()
	n.counts[key]++
	if n.counts[key] > 1 {
		n.dups.Add(1)
	}
	n.last = time.Now()
	n.mu.Unlock()
	if n.total.Add(1) == n.want {
		close(n.all)
	}
	return nil
}

func (n *countingNotifier) DirectMessage(context.Context, *bot.Tenant, string, bot.Reply) error {
	return nil
}

// countingQueue counts the engine's SQL statements: each Queue method is
// one statement.
type countingQueue struct {
	jobs.Queue
	n *atomic.Int64
	// claimNanos and finishNanos add up time spent in those statements.
	claimNanos, finishNanos *atomic.Int64
}

func (q countingQueue) ClaimJobs(ctx context.Context, owner string, now, until time.Time, limit int) ([]bot.Job, error) {
	q.n.Add(1)
	defer func(t time.Time) { q.claimNanos.Add(int64(time.Since(t))) }(time.Now())
	return q.Queue.ClaimJobs(ctx, owner, now, until, limit)
}

func (q countingQueue) FinishJob(ctx context.Context, j bot.Job, owner, outcome, lastErr string, at time.Time) (bool, error) {
	q.n.Add(1)
	defer func(t time.Time) { q.finishNanos.Add(int64(time.Since(t))) }(time.Now())
	return q.Queue.FinishJob(ctx, j, owner, outcome, lastErr, at)
}

func (q countingQueue) FinishJobs(ctx context.Context, js []bot.Job, owner, outcome string, at time.Time) (int, error) {
	q.n.Add(1)
	defer func(t time.Time) { q.finishNanos.Add(int64(time.Since(t))) }(time.Now())
	return q.Queue.FinishJobs(ctx, js, owner, outcome, at)
}

func (q countingQueue) RetryJob(ctx context.Context, j bot.Job, owner string, at time.Time, lastErr string) (bool, error) {
	q.n.Add(1)
	return q.Queue.RetryJob(ctx, j, owner, at, lastErr)
}

func (q countingQueue) NextJobAt(ctx context.Context) (time.Time, bool, error) {
	q.n.Add(1)
	return q.Queue.NextJobAt(ctx)
}

// Run sets up a fresh schema, runs the measurement of cfg.Engine and drops
// the schema.
func Run(ctx context.Context, cfg Config) (Result, error) {
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	switch cfg.Engine {
	case EngineRiver, "":
		return runRiver(ctx, cfg)
	case EngineOld:
		return runOld(ctx, cfg)
	}
	return Result{}, fmt.Errorf("unknown engine %q", cfg.Engine)
}

// runOld measures the engine River replaced, over its own jobs table.
func runOld(ctx context.Context, cfg Config) (Result, error) {
	res := Result{Reminders: cfg.Reminders}
	dsn, drop, err := store.ScratchSchema(ctx, cfg.PostgresURL, "waymark_bench_")
	if err != nil {
		return res, err
	}
	defer drop()

	var dbs []*store.DB
	for range cfg.Instances {
		db, err := store.Open(ctx, dsn, cfg.Logger)
		if err != nil {
			return res, err
		}
		defer db.Close()
		// database/sql keeps 2 idle connections by default: with more
		// workers than that, every delivery would open a new PostgreSQL
		// connection. `waymark serve` does the same (cmd_jobs.go).
		db.X().SetMaxIdleConns(max(cfg.Workers, 16) + 4)
		dbs = append(dbs, db)
	}
	// Every reminder is due at the same instant a few seconds ahead, as at
	// 09:00 when every group's reminders fall due at once; the engines
	// are running and idle when it comes.
	setupStart := time.Now()
	// The lead is generous: on a loaded machine the bulk insert of 100,000
	// jobs has taken 15 s.
	lead := 3*time.Second + time.Duration(cfg.Reminders/4000)*time.Second
	due := setupStart.Add(lead).Truncate(time.Millisecond)
	if err := seed(ctx, dbs[0], cfg.Tenants, cfg.Reminders, due); err != nil {
		return res, err
	}
	res.Setup = time.Since(setupStart)
	if time.Now().After(due) {
		return res, fmt.Errorf("setup took %s, longer than the lead time", res.Setup)
	}

	note := &countingNotifier{counts: map[string]int{}, all: make(chan struct{}), want: int64(cfg.Reminders)}
	var queries, claimNanos, finishNanos atomic.Int64
	var engines []*jobs.Engine
	for i, db := range dbs {
		b, err := bot.New(bot.Config{Store: db, Notifier: note, Logger: cfg.Logger})
		if err != nil {
			return res, err
		}
		sched := bot.EnableScheduling(b, db)
		engines = append(engines, jobs.New(countingQueue{db, &queries, &claimNanos, &finishNanos}, sched, jobs.Config{
			ID: fmt.Sprintf("bench-%d", i), Poll: cfg.Poll, Batch: cfg.Batch, Workers: cfg.Workers, Logger: cfg.Logger,
		}))
	}
	runCtx, stop := context.WithCancel(ctx)
	var wg sync.WaitGroup
	started := time.Now()
	for _, e := range engines {
		wg.Add(1)
		go func() { defer wg.Done(); _ = e.Run(runCtx) }()
	}
	defer func() { stop(); wg.Wait() }()

	select {
	case <-note.all:
	case <-time.After(5 * time.Minute):
	case <-ctx.Done():
		return res, ctx.Err()
	}
	note.mu.Lock()
	res.Drain = note.last.Sub(due)
	res.EnginesStarted = due.Sub(started)
	res.Missing = cfg.Reminders - len(note.counts)
	note.mu.Unlock()
	res.Delivered = note.total.Load()
	res.ClaimTime, res.FinishTime = time.Duration(claimNanos.Load()), time.Duration(finishNanos.Load())
	res.Queries = queries.Load()
	res.Duplicates = note.dups.Load()

	if cfg.Idle <= 0 {
		return res, nil
	}
	// Idle: nothing due (one reminder far ahead, so the engines have a
	// next job to look at, as in real life).
	if err := dbs[0].EnqueueEngineJob(ctx, bot.Job{TenantID: 1, Kind: bot.JobReminder, Key: "far", Subject: "bench", RunAt: time.Now().Add(24 * time.Hour), Payload: []byte("{}")}); err != nil {
		return res, err
	}
	return res, measureIdle(ctx, cfg, &res, queries.Load)
}

// measureIdle lets in-flight loops settle, then counts statements (by
// count) and process CPU over cfg.Idle.
func measureIdle(ctx context.Context, cfg Config, res *Result, count func() int64) error {
	queries := struct{ Load func() int64 }{count}
	// Let in-flight loops settle, then measure.
	settle := time.NewTimer(3 * time.Second)
	select {
	case <-settle.C:
	case <-ctx.Done():
		return ctx.Err()
	}
	q0, cpu0, t0 := queries.Load(), cpuTime(), time.Now()
	idle := time.NewTimer(cfg.Idle)
	select {
	case <-idle.C:
	case <-ctx.Done():
		return ctx.Err()
	}
	res.IdleFor = time.Since(t0).Round(time.Second)
	res.IdleQueries = queries.Load() - q0
	res.IdleCPU = cpuTime() - cpu0
	mins := time.Since(t0).Minutes()
	res.IdleQueriesPerMin = float64(res.IdleQueries) / mins
	res.IdleCPUSecondsPerMin = res.IdleCPU.Seconds() / mins
	return nil
}

// seed bulk-inserts tenants, one deadline per reminder and the reminder
// jobs, all due within the minute starting at due.
func seed(ctx context.Context, db *store.DB, tenants, reminders int, due time.Time) error {
	x := db.X()
	per := reminders / tenants
	stmts := []struct {
		q    string
		args []any
	}{
		{`INSERT INTO tenants (platform, external_id, name, created_at)
		  SELECT 'bench', 'T' || g, 'Group ' || g, now() FROM generate_series(1, $1) g`, []any{tenants}},
		{`INSERT INTO deadlines (tenant_id, number, title, due, anchor, remind_days, channel_id, owner_id, owner_name, created_at, updated_at)
		  SELECT t.id, g, 'Deadline ' || g, $2, $2, '1', 'C' || g, 'U1', 'Owner', now(), now()
		  FROM tenants t CROSS JOIN generate_series(1, $1) g`, []any{per, store.Round(due).AddDate(0, 0, 1).Format("2006-01-02")}},
		{`INSERT INTO jobs (tenant_id, kind, occurrence_key, subject, run_at, payload, created_at)
		  SELECT d.tenant_id, $1, d.id || '/' || d.due || '/1', 'deadline:' || d.id,
		         $2::timestamptz,
		         '{"deadline_id":' || d.id || ',"due":"' || d.due || '","days_before":1}', now()
		  FROM deadlines d`, []any{bot.JobReminder, store.Timestamp{Time: due}}},
		{`ANALYZE`, nil},
	}
	for _, s := range stmts {
		if _, err := x.ExecContext(ctx, s.q, s.args...); err != nil {
			return fmt.Errorf("seed: %w", err)
		}
	}
	return nil
}

// cpuTime is this process's user+system CPU time.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
