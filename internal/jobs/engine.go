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
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/waymark-org/waymark/bot"
)

// Queue is the engine's view of the jobs table. *store.DB implements it.
type Queue interface {
	ClaimJobs(ctx context.Context, owner string, now, leaseUntil time.Time, limit int) ([]bot.Job, error)
	FinishJob(ctx context.Context, j bot.Job, owner, outcome, lastErr string, at time.Time) (bool, error)
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
	// MaxAttempts before giving up; retries back off exponentially from
	// RetryBase up to RetryMax.
	MaxAttempts int
	RetryBase   time.Duration
	RetryMax    time.Duration
	Logger      *slog.Logger
}

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
		cfg.Poll = 2 * time.Second
	}
	if cfg.Batch == 0 {
		cfg.Batch = 200
	}
	if cfg.Workers == 0 {
		cfg.Workers = 16
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
// job is due sooner. Waiting uses the real clock: tests call RunOnce after
// moving Config.Now instead.
func (e *Engine) Run(ctx context.Context) error {
	e.log.InfoContext(ctx, "job engine started")
	for {
		n, err := e.RunOnce(ctx)
		if ctx.Err() != nil {
			return nil
		}
		if err != nil {
			e.log.ErrorContext(ctx, "run jobs", "err", err)
		}
		if n > 0 && err == nil {
			continue
		}
		wait := e.cfg.Poll
		if next, ok, err := e.q.NextJobAt(ctx); err == nil && ok {
			if d := next.Sub(e.cfg.Now()); d < wait {
				wait = max(d, 10*time.Millisecond)
			}
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

// RunOnce claims one batch of due jobs, delivers them and returns how
// many it claimed. Errors delivering a job are handled per job (retry,
// then give up); the error returned is from claiming.
func (e *Engine) RunOnce(ctx context.Context) (int, error) {
	now := e.cfg.Now()
	batch, err := e.q.ClaimJobs(ctx, e.cfg.ID, now, now.Add(e.cfg.Lease), e.cfg.Batch)
	if err != nil {
		return 0, err
	}
	if len(batch) == 0 {
		return 0, nil
	}
	work := make(chan bot.Job)
	var wg sync.WaitGroup
	for range min(e.cfg.Workers, len(batch)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range work {
				e.run(ctx, j)
			}
		}()
	}
	for _, j := range batch {
		work <- j
	}
	close(work)
	wg.Wait()
	return len(batch), nil
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

// run delivers one claimed job and records the result.
//
// Once Deliver has returned, the record is written with a context that
// ignores cancellation: a shutdown between "sent" and "marked sent" would
// otherwise leave the job to be sent again when its lease expires. If ctx
// was cancelled before or during the send, the send failed and the job is
// left leased; it runs again when the lease expires (or at once, if a
// release gets through).
func (e *Engine) run(ctx context.Context, j bot.Job) {
	sendCtx, cancel := context.WithTimeout(ctx, e.cfg.SendTimeout)
	outcome, err := e.d.Deliver(sendCtx, j)
	cancel()
	recCtx, cancelRec := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancelRec()
	now := e.cfg.Now()
	if err == nil {
		ok, ferr := e.q.FinishJob(recCtx, j, e.cfg.ID, outcome, "", now)
		switch {
		case ferr != nil:
			e.log.ErrorContext(ctx, "record delivered job", "job", j.ID, "err", ferr)
		case !ok:
			e.log.WarnContext(ctx, "delivered a job whose lease had passed to another instance", "job", j.ID)
		}
		return
	}
	if ctx.Err() != nil && errors.Is(err, context.Canceled) {
		// Shutting down: let the next instance have it straight away.
		if _, rerr := e.q.RetryJob(recCtx, j, e.cfg.ID, j.RunAt, "interrupted by shutdown"); rerr != nil {
			e.log.WarnContext(ctx, "release job on shutdown", "job", j.ID, "err", rerr)
		}
		return
	}
	if j.Attempts >= e.cfg.MaxAttempts {
		e.log.ErrorContext(ctx, "job failed for good", "job", j.ID, "kind", j.Kind, "attempts", j.Attempts, "err", err)
		gctx, gcancel := context.WithTimeout(recCtx, e.cfg.SendTimeout)
		gerr := e.d.GiveUp(gctx, j, err)
		gcancel()
		msg := err.Error()
		if gerr != nil {
			msg = fmt.Sprintf("%v; telling the owner failed too: %v", err, gerr)
			e.log.ErrorContext(ctx, "tell owner of failed job", "job", j.ID, "err", gerr)
		}
		if _, ferr := e.q.FinishJob(recCtx, j, e.cfg.ID, bot.OutcomeFailed, msg, now); ferr != nil {
			e.log.ErrorContext(ctx, "record failed job", "job", j.ID, "err", ferr)
		}
		return
	}
	delay := e.backoff(j.Attempts)
	e.log.WarnContext(ctx, "job failed; will retry", "job", j.ID, "kind", j.Kind, "attempt", j.Attempts, "retry_in", delay, "err", err)
	if _, rerr := e.q.RetryJob(recCtx, j, e.cfg.ID, now.Add(delay), err.Error()); rerr != nil {
		e.log.ErrorContext(ctx, "schedule retry", "job", j.ID, "err", rerr)
	}
}

// backoff is RetryBase doubled per attempt, capped at RetryMax.
func (e *Engine) backoff(attempt int) time.Duration {
	d := e.cfg.RetryBase
	for i := 1; i < attempt && d < e.cfg.RetryMax; i++ {
		d *= 2
	}
	return min(d, e.cfg.RetryMax)
}
