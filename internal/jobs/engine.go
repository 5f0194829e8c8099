// Package jobs is Waymark's durable job engine: it claims due jobs from the
// tenant database (SQLite or PostgreSQL), hands each to a Deliverer (the
// bot's scheduling feature, which sends through bot.Notifier), and records
// the outcome. Several engines may run on one PostgreSQL database; see
// README.md for the exactly-once design and the measured figures.
package jobs

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/waymark-org/waymark/bot"
	"github.com/waymark-org/waymark/internal/obs"
)

// Queue is the engine's view of the jobs table. *store.DB implements it.
type Queue interface {
	ClaimJobs(ctx context.Context, owner string, now, leaseUntil time.Time, limit int) ([]bot.Job, error)
	FinishJob(ctx context.Context, j bot.Job, owner, outcome, lastErr string, at time.Time) (bool, error)
	FinishJobs(ctx context.Context, js []bot.Job, owner, outcome string, at time.Time) (int, error)
	RetryJob(ctx context.Context, j bot.Job, owner string, runAt time.Time, lastErr string) (bool, error)
	NextJobAt(ctx context.Context) (time.Time, bool, error)
}

// Deliverer runs one job. *bot.Scheduling implements it.
type Deliverer interface {
	// Deliver sends the job and returns the outcome to record; an error
	// means "try again later".
	Deliver(ctx context.Context, j bot.Job) (string, error)
	// GiveUp tells a person that the job failed for good.
	GiveUp(ctx context.Context, j bot.Job, cause error) error
}

// Config tunes an engine; zero values take the defaults.
type Config struct {
	// ID names this instance in leases; random by default.
	ID string
	// Now is the clock; tests move it. Default time.Now.
	Now func() time.Time
	// Lease is how long a claimed job is this instance's alone. It must
	// exceed SendTimeout with room to spare, or a slow send could be
	// claimed again by another instance while still in flight.
	Lease time.Duration
	// SendTimeout bounds one delivery.
	SendTimeout time.Duration
	// Poll is the longest an idle engine waits before looking again.
	Poll time.Duration
	// Batch is how many jobs one claim takes; Workers deliver them.
	Batch   int
	Workers int
	// FlushEvery bounds how long a delivered job waits for its completion
	// to be written; completions are written together, up to FlushSize at
	// a time. This is the window in which a crash (not a cancellation)
	// could lead to a job being sent again.
	FlushEvery time.Duration
	FlushSize  int
	// MaxAttempts before giving up; retries back off exponentially from
	// RetryBase up to RetryMax.
	MaxAttempts int
	RetryBase   time.Duration
	RetryMax    time.Duration
	Logger      *slog.Logger
	// Metrics, if set, records job lag, outcomes and recovered panics.
	Metrics *obs.Metrics
}

// DefaultWorkers is how many deliveries one engine makes in parallel.
const DefaultWorkers = 16

// Engine claims and delivers due jobs. Run it once per process; several
// processes may share a database.
type Engine struct {
	q   Queue
	d   Deliverer
	cfg Config
	log *slog.Logger
}

// New builds an engine.
func New(q Queue, d Deliverer, cfg Config) *Engine {
	if cfg.ID == "" {
		var b [6]byte
		_, _ = rand.Read(b[:])
		cfg.ID = "engine-" + hex.EncodeToString(b[:])
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.SendTimeout == 0 {
		cfg.SendTimeout = 30 * time.Second
	}
	if cfg.Lease == 0 {
		cfg.Lease = 5 * time.Minute
	}
	if cfg.Lease < 2*cfg.SendTimeout {
		cfg.Lease = 2 * cfg.SendTimeout
	}
	if cfg.Poll == 0 {
		cfg.Poll = 5 * time.Second
	}
	if cfg.Batch == 0 {
		cfg.Batch = 200
	}
	if cfg.Workers == 0 {
		cfg.Workers = DefaultWorkers
	}
	if cfg.FlushEvery == 0 {
		cfg.FlushEvery = 50 * time.Millisecond
	}
	if cfg.FlushSize == 0 {
		cfg.FlushSize = 100
	}
	if cfg.MaxAttempts == 0 {
		cfg.MaxAttempts = 6
	}
	if cfg.RetryBase == 0 {
		cfg.RetryBase = 30 * time.Second
	}
	if cfg.RetryMax == 0 {
		cfg.RetryMax = time.Hour
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	return &Engine{q: q, d: d, cfg: cfg, log: cfg.Logger.With("engine", cfg.ID)}
}

// ID is the instance's lease owner name.
func (e *Engine) ID() string { return e.cfg.ID }

// Run delivers due jobs until ctx is cancelled. While jobs are due it
// claims batch after batch; when idle it waits Poll, or less when the next
// job is due sooner. Waiting uses the real clock: tests call RunOnce or
// RunUntilIdle after moving Config.Now instead.
func (e *Engine) Run(ctx context.Context) error {
	e.log.InfoContext(ctx, "job engine started")
	for {
		// Idle, this is the one query per poll: claiming happens only
		// when something is due.
		wait := e.poll(ctx)
		if ctx.Err() != nil {
			return nil
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return nil
		case <-t.C:
		}
	}
}

// poll runs what is due and says how long to wait before looking again.
// A panic here (a bug in a query or a deliverer) is logged and counted,
// and the engine looks again after the usual pause.
func (e *Engine) poll(ctx context.Context) (wait time.Duration) {
	wait = e.cfg.Poll
	defer obs.Recover(ctx, e.log, e.cfg.Metrics, "job_engine", nil)
	// One look for due work is bounded, so a stalled database delays the
	// engine by a poll, not forever.
	qctx, cancel := context.WithTimeout(ctx, max(e.cfg.Poll, 10*time.Second))
	next, ok, err := e.q.NextJobAt(qctx)
	cancel()
	switch {
	case ctx.Err() != nil:
	case err != nil:
		e.log.ErrorContext(ctx, "look for due jobs", "err", err)
	case ok && !next.After(e.cfg.Now()):
		if err := e.RunUntilIdle(ctx); err != nil && ctx.Err() == nil {
			e.log.ErrorContext(ctx, "run jobs", "err", err)
		}
		// Jobs leased by others or retried later may still be the
		// earliest; look again after a short pause, not at once.
		wait = min(wait, time.Second)
	case ok:
		wait = min(wait, max(next.Sub(e.cfg.Now()), 10*time.Millisecond))
	}
	return wait
}

// RunOnce claims one batch of due jobs, delivers them and returns how
// many it claimed. Errors delivering a job are handled per job (retry,
// then give up); the error returned is from claiming.
func (e *Engine) RunOnce(ctx context.Context) (int, error) {
	now := e.cfg.Now()
	cctx, cancel := context.WithTimeout(ctx, e.cfg.SendTimeout)
	batch, err := e.q.ClaimJobs(cctx, e.cfg.ID, now, now.Add(e.cfg.Lease), e.cfg.Batch)
	cancel()
	if err != nil {
		return 0, err
	}
	if len(batch) == 0 {
		return 0, nil
	}
	work := make(chan bot.Job)
	done := make(chan delivered, e.cfg.FlushSize)
	completer := make(chan struct{})
	go func() {
		defer close(completer)
		defer obs.Recover(ctx, e.log, e.cfg.Metrics, "job_completer", nil)
		e.complete(ctx, done)
	}()
	var wg sync.WaitGroup
	for range min(e.cfg.Workers, len(batch)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range work {
				if d, ok := e.run(ctx, j); ok {
					done <- d
				}
			}
		}()
	}
	for _, j := range batch {
		work <- j
	}
	close(work)
	wg.Wait()
	close(done)
	<-completer
	return len(batch), nil
}

// delivered is a job sent (or deliberately not sent) whose outcome is
// still to be written.
type delivered struct {
	job     bot.Job
	outcome string
}

// complete writes outcomes in groups, every FlushEvery or FlushSize jobs,
// and everything left when in closes. It ignores cancellation: a job
// already sent must be marked, or it would be sent again.
func (e *Engine) complete(ctx context.Context, in <-chan delivered) {
	var pending []delivered
	flush := func() {
		if len(pending) == 0 {
			return
		}
		byOutcome := map[string][]bot.Job{}
		for _, d := range pending {
			byOutcome[d.outcome] = append(byOutcome[d.outcome], d.job)
		}
		pending = pending[:0]
		rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
		defer cancel()
		for outcome, js := range byOutcome {
			n, err := e.q.FinishJobs(rctx, js, e.cfg.ID, outcome, e.cfg.Now())
			if err != nil {
				e.log.ErrorContext(ctx, "record delivered jobs", "jobs", len(js), "err", err)
			} else if n < len(js) {
				e.log.WarnContext(ctx, "some delivered jobs had lost their lease to another instance", "lost", len(js)-n)
			}
		}
	}
	tick := time.NewTicker(e.cfg.FlushEvery)
	defer tick.Stop()
	for {
		select {
		case d, ok := <-in:
			if !ok {
				flush()
				return
			}
			pending = append(pending, d)
			if len(pending) >= e.cfg.FlushSize {
				flush()
			}
		case <-tick.C:
			flush()
		}
	}
}

// RunUntilIdle calls RunOnce until nothing is due at the current clock.
func (e *Engine) RunUntilIdle(ctx context.Context) error {
	for {
		n, err := e.RunOnce(ctx)
		if err != nil || n == 0 {
			return err
		}
	}
}

// run delivers one claimed job. A delivered job is returned for the
// completer to mark; failures are recorded here.
//
// Once Deliver has returned, records are written with a context that
// ignores cancellation: a shutdown between "sent" and "marked sent" would
// otherwise leave the job to be sent again when its lease expires. If ctx
// was cancelled before or during the send, the send failed and the job is
// released to run again.
func (e *Engine) run(ctx context.Context, j bot.Job) (delivered, bool) {
	lag := e.cfg.Now().Sub(j.RunAt)
	sendCtx, cancel := context.WithTimeout(ctx, e.cfg.SendTimeout)
	outcome, err := e.deliver(sendCtx, j)
	cancel()
	if err == nil {
		e.cfg.Metrics.JobRun(lag, "delivered")
		return delivered{job: j, outcome: outcome}, true
	}
	recCtx, cancelRec := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancelRec()
	now := e.cfg.Now()
	if ctx.Err() != nil {
		// Shutting down: let the next instance have it straight away. The
		// error need not wrap context.Canceled: a driver reports a query it
		// cancelled in its own words (lib/pq: "canceling statement due to
		// user request"), and it is still the shutdown that failed the send.
		if _, rerr := e.q.RetryJob(recCtx, j, e.cfg.ID, j.RunAt, "interrupted by shutdown"); rerr != nil {
			e.log.WarnContext(ctx, "release job on shutdown", "job", j.ID, "err", rerr)
		}
		return delivered{}, false
	}
	if j.Attempts >= e.cfg.MaxAttempts {
		e.cfg.Metrics.JobRun(lag, "failed")
		e.log.ErrorContext(ctx, "job failed for good", "job", j.ID, "kind", j.Kind, "attempts", j.Attempts, "err", err)
		gctx, gcancel := context.WithTimeout(recCtx, e.cfg.SendTimeout)
		gerr := e.giveUp(gctx, j, err)
		gcancel()
		msg := err.Error()
		if gerr != nil {
			msg = fmt.Sprintf("%v; telling the owner failed too: %v", err, gerr)
			e.log.ErrorContext(ctx, "tell owner of failed job", "job", j.ID, "err", gerr)
		}
		if _, ferr := e.q.FinishJob(recCtx, j, e.cfg.ID, bot.OutcomeFailed, msg, now); ferr != nil {
			e.log.ErrorContext(ctx, "record failed job", "job", j.ID, "err", ferr)
		}
		return delivered{}, false
	}
	e.cfg.Metrics.JobRun(lag, "retry")
	delay := e.backoff(j.Attempts)
	e.log.WarnContext(ctx, "job failed; will retry", "job", j.ID, "kind", j.Kind, "attempt", j.Attempts, "retry_in", delay, "err", err)
	if _, rerr := e.q.RetryJob(recCtx, j, e.cfg.ID, now.Add(delay), err.Error()); rerr != nil {
		e.log.ErrorContext(ctx, "schedule retry", "job", j.ID, "err", rerr)
	}
	return delivered{}, false
}

// deliver runs the Deliverer, turning a panic into an error so the job is
// retried like any failure and the worker goes on to the next.
func (e *Engine) deliver(ctx context.Context, j bot.Job) (outcome string, err error) {
	defer obs.Recover(ctx, e.log.With("job", j.ID, "kind", j.Kind), e.cfg.Metrics, "job_engine", func(p error) { outcome, err = "", p })
	return e.d.Deliver(ctx, j)
}

// giveUp is GiveUp with the same protection.
func (e *Engine) giveUp(ctx context.Context, j bot.Job, cause error) (err error) {
	defer obs.Recover(ctx, e.log.With("job", j.ID, "kind", j.Kind), e.cfg.Metrics, "job_engine", func(p error) { err = p })
	return e.d.GiveUp(ctx, j, cause)
}

// backoff is RetryBase doubled per attempt, capped at RetryMax.
func (e *Engine) backoff(attempt int) time.Duration {
	d := e.cfg.RetryBase
	for i := 1; i < attempt && d < e.cfg.RetryMax; i++ {
		d *= 2
	}
	return min(d, e.cfg.RetryMax)
}
