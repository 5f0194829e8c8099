package jobs

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver"
	"github.com/riverqueue/river/riverdriver/riverdatabasesql"
	"github.com/riverqueue/river/rivertype"

	"github.com/waymark-org/waymark/bot"
	"github.com/waymark-org/waymark/feature/digest"
	"github.com/waymark-org/waymark/internal/obs"
	"github.com/waymark-org/waymark/internal/store"
)

// Options tune a Runner; zero values take the defaults.
type Options struct {
	// ID names this instance in River's job rows (attempted_by).
	ID string
	// Now is the clock. Nil means real time, and River uses the
	// database's clock; tests set it and River follows it too (River's
	// Test.Time), so moving it makes jobs due.
	Now func() time.Time
	// Workers is how many jobs one instance works at once.
	Workers int
	// SendTimeout bounds one delivery (River's JobTimeout).
	SendTimeout time.Duration
	// RescueAfter is how long a job may stay running before River's
	// rescuer makes it available again: what recovers the jobs of an
	// instance that crashed mid-send. It must exceed SendTimeout, or a slow
	// send could be worked twice.
	RescueAfter time.Duration
	// MaxAttempts before the owner is told; retries use River's backoff.
	MaxAttempts int
	// FetchPoll is how often an idle instance looks for due jobs: neither
	// lib/pq through database/sql nor SQLite gives River a LISTEN. Default
	// DefaultFetchPoll.
	FetchPoll time.Duration
	// ShutdownGrace is how long running jobs may take to finish once Run's
	// context ends; then their contexts are cancelled and River makes them
	// available again (not failed).
	ShutdownGrace time.Duration
	Logger        *slog.Logger
	// Metrics, if set, records job lag, outcomes and recovered panics.
	Metrics *obs.Metrics
	// PostgresPool, if set, is the pool River uses on PostgreSQL instead
	// of the store's (the benchmark counts River's statements with it).
	PostgresPool *sql.DB
	// Tasks are periodic housekeeping (River periodic jobs, run by the
	// leader replica): see Task.
	Tasks []Task
	// Digest sends the moderators' weekly digests (DigestTask plans
	// them). Nil leaves digest jobs waiting, retried with backoff.
	Digest DigestSender
}

// RiverWorkers is how many jobs one instance works at once by default.
// A River producer fetches at most this many less those running, and
// waits FetchCooldown between fetches, so this also bounds throughput
// (16 gave about 160 reminders a second per instance); deliveries mostly
// wait on the platform, so many goroutines cost little.
const RiverWorkers = 100

// DefaultFetchPoll is how often an idle instance polls for due jobs. It is
// most of an idle replica's statements: three instances made 333 a minute
// polling every second (River's default), 248 every 2 s and 198 every 5 s
// (jobsbench; the rest is River's leader election, scheduler and queue
// upkeep, which are not configurable). The price is latency: a job is
// fetched up to one poll after it falls due (River's scheduler, every 5 s
// on the leader, makes jobs available a few seconds ahead of their time).
// Two seconds late for a 09:00 reminder matters to nobody, and it adds
// at most a second or so to a burst, after which fetches follow each
// other at fetchCooldown, not at the poll.
const DefaultFetchPoll = 2 * time.Second

// fetchCooldown is the least time between two fetches of one instance
// while jobs are due (River's default is 100 ms): at 100 ms and 100
// workers an instance can take no more than about 1,000 jobs a second.
const fetchCooldown = 25 * time.Millisecond

// Runner works Waymark's scheduled jobs (reminders, check-ins) on River.
// Several runners, in several processes, may share one database: River
// locks each job for one of them (FOR UPDATE SKIP LOCKED on PostgreSQL;
// SQLite has one writer).
type Runner struct {
	client *river.Client[*sql.Tx]
	driver riverdriver.Driver[*sql.Tx]
	d      Deliverer
	opts   Options
	log    *slog.Logger
	tasks  map[string]Task
}

// clock is River's view of Options.Now.
type clock struct{ now func() time.Time }

func (c clock) Now() time.Time { return c.now() }

func (c clock) NowOrNil() *time.Time {
	t := c.now().UTC()
	return &t
}

// NewRunner builds a River client over db that delivers jobs through d.
func NewRunner(db *store.DB, d Deliverer, opts Options) (*Runner, error) {
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if opts.Workers == 0 {
		opts.Workers = RiverWorkers
	}
	if opts.SendTimeout == 0 {
		opts.SendTimeout = 30 * time.Second
	}
	if opts.RescueAfter == 0 {
		opts.RescueAfter = 5 * time.Minute
	}
	opts.RescueAfter = max(opts.RescueAfter, 2*opts.SendTimeout)
	if opts.MaxAttempts == 0 {
		opts.MaxAttempts = store.JobMaxAttempts
	}
	if opts.FetchPoll == 0 {
		opts.FetchPoll = DefaultFetchPoll
	}
	if opts.ShutdownGrace == 0 {
		opts.ShutdownGrace = 20 * time.Second
	}
	r := &Runner{driver: db.RiverDriver(), d: d, opts: opts, log: opts.Logger, tasks: map[string]Task{}}
	for _, t := range opts.Tasks {
		if t.Name == "" || t.Every <= 0 || t.Run == nil {
			return nil, fmt.Errorf("task %q: a name, a period and a func are required", t.Name)
		}
		if _, dup := r.tasks[t.Name]; dup {
			return nil, fmt.Errorf("task %q given twice", t.Name)
		}
		r.tasks[t.Name] = t
	}
	if opts.PostgresPool != nil && db.Dialect() == store.Postgres {
		r.driver = riverdatabasesql.New(opts.PostgresPool)
	}
	workers := river.NewWorkers()
	river.AddWorker(workers, river.WorkFunc(func(ctx context.Context, j *river.Job[store.ReminderArgs]) error {
		return r.work(ctx, j.JobRow, j.Args.Job(bot.JobReminder, j.JobRow))
	}))
	river.AddWorker(workers, river.WorkFunc(func(ctx context.Context, j *river.Job[store.CheckinArgs]) error {
		return r.work(ctx, j.JobRow, j.Args.Job(bot.JobCheckin, j.JobRow))
	}))
	river.AddWorker(workers, river.WorkFunc(func(ctx context.Context, j *river.Job[store.DigestArgs]) error {
		return r.work(ctx, j.JobRow, j.Args.Job(bot.JobDigest, j.JobRow))
	}))
	river.AddWorker(workers, &taskWorker{r: r})
	cfg := &river.Config{
		ID:                          opts.ID,
		Logger:                      opts.Logger,
		Workers:                     workers,
		Queues:                      map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: opts.Workers}},
		MaxAttempts:                 opts.MaxAttempts,
		JobTimeout:                  opts.SendTimeout,
		RescueStuckJobsAfter:        opts.RescueAfter,
		CompletedJobRetentionPeriod: store.JobRetention,
		FetchPollInterval:           opts.FetchPoll,
		FetchCooldown:               min(opts.FetchPoll, fetchCooldown),
		PollOnly:                    true,
		SoftStopTimeout:             opts.ShutdownGrace,
		PeriodicJobs:                r.periodicJobs(),
	}
	if opts.Now != nil {
		cfg.Test.Time = clock{opts.Now}
		// River's rescuer reads the real clock, so with a test clock it
		// would take back jobs running right now whenever the test clock
		// is more than RescueAfter behind the real one. RunUntilIdle
		// rescues at the test clock instead.
		cfg.RescueStuckJobsAfter = 100 * 365 * 24 * time.Hour
	}
	c, err := river.NewClient(r.driver, cfg)
	if err != nil {
		return nil, fmt.Errorf("river client: %w", err)
	}
	r.client = c
	return r, nil
}

func (r *Runner) now() time.Time {
	if r.opts.Now != nil {
		return r.opts.Now()
	}
	return time.Now()
}

// Client is the River client, for operators' tools and tests.
func (r *Runner) Client() *river.Client[*sql.Tx] { return r.client }

// Start starts working jobs in the background; Stop ends it.
func (r *Runner) Start(ctx context.Context) error {
	// River's own context must outlive ctx: Stop drains it gracefully.
	if err := r.client.Start(context.WithoutCancel(ctx)); err != nil {
		return fmt.Errorf("start river: %w", err)
	}
	return nil
}

// Stop stops fetching, lets running jobs finish for ShutdownGrace, then
// cancels them (River makes a cancelled job available again, without
// counting the attempt) and waits a little longer for that to be written.
func (r *Runner) Stop(ctx context.Context) error {
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), r.opts.ShutdownGrace+5*time.Second)
	defer cancel()
	if err := r.client.Stop(sctx); err != nil {
		return fmt.Errorf("stop river: %w", err)
	}
	return nil
}

// Kill stops at once, cancelling running jobs, as a replica killed by its
// orchestrator after a short grace would.
func (r *Runner) Kill(ctx context.Context) error {
	if err := r.client.StopAndCancel(ctx); err != nil {
		return fmt.Errorf("stop river: %w", err)
	}
	return nil
}

// Run works jobs until ctx ends, then stops gracefully within the
// shutdown budget.
func (r *Runner) Run(ctx context.Context) error {
	if err := r.Start(ctx); err != nil {
		return err
	}
	r.log.InfoContext(ctx, "job runner started", "engine", "river")
	<-ctx.Done()
	return r.Stop(ctx)
}

// work delivers one job and turns the result into River's terms.
func (r *Runner) work(ctx context.Context, row *rivertype.JobRow, j bot.Job) error {
	lag := r.now().Sub(j.RunAt)
	if snoozed(row) {
		// A snooze moved it: River's scheduled time is where to.
		j.MovedTo = row.ScheduledAt
	}
	outcome, err := r.deliver(ctx, j)
	var snooze *bot.SnoozeError
	if errors.As(err, &snooze) {
		r.opts.Metrics.JobRun(lag, "snoozed")
		r.log.InfoContext(ctx, "job moved", "job", row.ID, "kind", j.Kind, "to", snooze.Until)
		return river.JobSnooze(max(0, snooze.Until.Sub(r.now())))
	}
	if err == nil {
		r.opts.Metrics.JobRun(lag, "delivered")
		if err := river.RecordOutput(ctx, outcome); err != nil {
			r.log.WarnContext(ctx, "record job outcome", "job", row.ID, "err", err)
		}
		return nil
	}
	if ctx.Err() != nil {
		// Shutdown (or the send timeout) cut the send short. A driver
		// reports a query it cancelled in its own words (lib/pq:
		// "canceling statement due to user request"), so the context's
		// error is what is returned: River then makes a job stopped by
		// shutdown available again without counting the attempt, and
		// retries a timed-out one with its backoff.
		return fmt.Errorf("%w: %v", ctx.Err(), err)
	}
	if last := row.Attempt >= min(row.MaxAttempts, r.opts.MaxAttempts); last {
		r.opts.Metrics.JobRun(lag, "failed")
		r.log.ErrorContext(ctx, "job failed for good", "job", row.ID, "kind", j.Kind, "attempts", row.Attempt, "err", err)
		gctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), r.opts.SendTimeout)
		defer cancel()
		if gerr := r.giveUp(gctx, j, err); gerr != nil {
			r.log.ErrorContext(ctx, "tell owner of failed job", "job", row.ID, "err", gerr)
			err = fmt.Errorf("%w; telling the owner failed too: %v", err, gerr)
		}
		if row.Attempt < row.MaxAttempts {
			// This runner's limit is lower than the one the job was
			// inserted with: stop River retrying it.
			return river.JobCancel(err)
		}
		return err
	}
	r.opts.Metrics.JobRun(lag, "retry")
	r.log.WarnContext(ctx, "job failed; River will retry", "job", row.ID, "kind", j.Kind, "attempt", row.Attempt, "err", err)
	return err
}

// deliver runs the Deliverer (or, for a digest, the DigestSender), turning
// a panic into an error so the job is retried like any failure, and its
// owner told after the last attempt.
func (r *Runner) deliver(ctx context.Context, j bot.Job) (outcome string, err error) {
	defer obs.Recover(ctx, r.log.With("job", j.ID, "kind", j.Kind), r.opts.Metrics, "job_engine", func(p error) { outcome, err = "", p })
	if j.Kind == bot.JobDigest {
		if r.opts.Digest == nil {
			return "", errors.New("no digest sender configured")
		}
		// The digest covers the week before its slot.
		return r.opts.Digest.SendDigest(ctx, j.TenantID, j.RunAt.Add(-digest.Ahead), r.now())
	}
	return r.d.Deliver(ctx, j)
}

// giveUp is GiveUp with the same protection.
func (r *Runner) giveUp(ctx context.Context, j bot.Job, cause error) (err error) {
	defer obs.Recover(ctx, r.log.With("job", j.ID, "kind", j.Kind), r.opts.Metrics, "job_engine", func(p error) { err = p })
	return r.d.GiveUp(ctx, j, cause)
}

// snoozed says whether River has snoozed the job before (it counts snoozes
// in the job's metadata).
func snoozed(row *rivertype.JobRow) bool {
	var m struct {
		Snoozes int `json:"snoozes"`
	}
	return len(row.Metadata) > 0 && json.Unmarshal(row.Metadata, &m) == nil && m.Snoozes > 0
}

// RunUntilIdle is for tests that move Options.Now. River's scheduler (which
// makes due jobs available) runs every few seconds on the leader, and its
// rescuer (which takes back the jobs of a crashed instance) reads the real
// clock; this does what both would do at the test clock, through River's
// driver, and then waits until no job due by then is waiting, or running
// here. It waits for the started clients to work jobs, never for a
// scheduled time.
func (r *Runner) RunUntilIdle(ctx context.Context) error {
	exec := r.driver.GetExecutor()
	tick := time.NewTicker(2 * time.Millisecond)
	defer tick.Stop()
	for {
		now := r.now().UTC()
		if err := r.rescue(ctx, exec, now); err != nil {
			return err
		}
		if _, err := exec.JobSchedule(ctx, &riverdriver.JobScheduleParams{Max: 10000, Now: &now}); err != nil {
			return fmt.Errorf("schedule due jobs: %w", err)
		}
		res, err := r.client.JobList(ctx, river.NewJobListParams().
			States(rivertype.JobStateAvailable, rivertype.JobStateRunning, rivertype.JobStateRetryable, rivertype.JobStateScheduled).
			First(10000))
		if err != nil {
			return fmt.Errorf("list jobs: %w", err)
		}
		due := 0
		for _, j := range res.Jobs {
			switch {
			case j.State == rivertype.JobStateRunning:
				// Only this instance's: another may have crashed holding one.
				if n := len(j.AttemptedBy); n > 0 && j.AttemptedBy[n-1] == r.client.ID() {
					due++
				}
			case !j.ScheduledAt.After(now):
				due++
			}
		}
		if due == 0 {
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-tick.C:
		}
	}
}

// NextDue is for tests that move Options.Now, and say when the next thing
// can happen: the earliest time a job waiting (scheduled, available or
// retryable) is due, or a running one becomes stuck (RescueAfter after it
// started, when RunUntilIdle rescues it). busy reports that a job is
// running anywhere right now, whose end may schedule more; ok is false when
// nothing waits at all. A test stepping its clock can jump straight to the
// step at which something is due, skipping steps at which RunUntilIdle
// would find nothing to do: the same instants, without a query per step.
func (r *Runner) NextDue(ctx context.Context) (next time.Time, busy, ok bool, err error) {
	res, err := r.client.JobList(ctx, river.NewJobListParams().
		States(rivertype.JobStateAvailable, rivertype.JobStateRunning, rivertype.JobStateRetryable, rivertype.JobStateScheduled).
		First(10000))
	if err != nil {
		return time.Time{}, false, false, fmt.Errorf("list jobs: %w", err)
	}
	for _, j := range res.Jobs {
		at := j.ScheduledAt
		if j.State == rivertype.JobStateRunning {
			busy = true
			if j.AttemptedAt != nil {
				at = j.AttemptedAt.Add(r.opts.RescueAfter)
			}
		}
		if !ok || at.Before(next) {
			next, ok = at, true
		}
	}
	return next, busy, ok, nil
}

// rescue makes jobs running for longer than RescueAfter at now retryable
// at once, as River's rescuer does (it then backs off; tests need not).
func (r *Runner) rescue(ctx context.Context, exec riverdriver.Executor, now time.Time) error {
	stuck, err := exec.JobGetStuck(ctx, &riverdriver.JobGetStuckParams{Max: 1000, StuckHorizon: now.Add(-r.opts.RescueAfter)})
	if err != nil {
		return fmt.Errorf("find stuck jobs: %w", err)
	}
	if len(stuck) == 0 {
		return nil
	}
	p := &riverdriver.JobRescueManyParams{StuckHorizon: now.Add(-r.opts.RescueAfter)}
	for _, j := range stuck {
		e, err := json.Marshal(rivertype.AttemptError{At: now, Attempt: j.Attempt, Error: "Stuck job rescued by JobRescuer"})
		if err != nil {
			return err
		}
		p.ID = append(p.ID, j.ID)
		p.Error = append(p.Error, e)
		p.FinalizedAt = append(p.FinalizedAt, nil)
		p.ScheduledAt = append(p.ScheduledAt, now)
		p.State = append(p.State, string(rivertype.JobStateRetryable))
	}
	if _, err := exec.JobRescueMany(ctx, p); err != nil {
		return fmt.Errorf("rescue stuck jobs: %w", err)
	}
	return nil
}
