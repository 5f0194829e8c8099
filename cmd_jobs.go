package main

import (
	"context"

	"github.com/waymark-org/waymark/assistant"
	"github.com/waymark-org/waymark/feature/digest"
	"github.com/waymark-org/waymark/internal/jobs"
	"github.com/waymark-org/waymark/internal/obs"
	"github.com/waymark-org/waymark/internal/serve"
	"github.com/waymark-org/waymark/internal/store"
)

// scheduling adds deadlines and check-ins to the core and returns the River
// runner that delivers their reminders through the core's notifier, with
// the given periodic tasks and the moderators' weekly digest.
func (a *app) scheduling(b *assistant.Assistant, db *store.DB, m *obs.Metrics, tasks []jobs.Task) (*jobs.Runner, error) {
	sc, err := b.EnableScheduling(db)
	if err != nil {
		return nil, err
	}
	dg, err := digest.New(digest.Config{Store: db, Entries: b.Library, Notifier: b.Notifier(), Logger: a.log})
	if err != nil {
		return nil, err
	}
	return jobs.NewRunner(db, sc, jobs.Options{Logger: a.log, Metrics: m,
		Tasks: append(tasks, jobs.DigestTask(db)), Digest: dg})
}

// schedulingRunners makes serve.Config.OnBot: River runs beside the
// adapters, in every replica; River locks each job for one of them, and
// the leader alone inserts the periodic housekeeping.
func (a *app) schedulingRunners(m *obs.Metrics) func(*assistant.Assistant, *store.DB) ([]serve.Runner, error) {
	return func(b *assistant.Assistant, db *store.DB) ([]serve.Runner, error) {
		r, err := a.scheduling(b, db, m, serve.Housekeeping(db, a.log))
		if err != nil {
			return nil, err
		}
		// Run stops River gracefully when serve's context ends: running
		// jobs get the shutdown budget, then are cancelled and made
		// available again, not failed.
		return []serve.Runner{r.Run}, nil
	}
}

// runScheduling starts River in the background for `waymark chat` and
// returns a func that stops it and waits, to be deferred before the
// database closes.
func (a *app) runScheduling(ctx context.Context, b *assistant.Assistant, db *store.DB) (stop func()) {
	// The terminal's one group has nothing to sweep: no uninstalls, no
	// console sign-ins kept past their expiry matter here.
	r, err := a.scheduling(b, db, nil, nil)
	if err != nil {
		a.log.Error("job runner", "err", err)
		return func() {}
	}
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		if err := r.Run(ctx); err != nil {
			a.log.Error("job runner", "err", err)
		}
	}()
	return func() { cancel(); <-done }
}
