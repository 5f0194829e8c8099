package main

import (
	"context"

	"github.com/waymark-org/waymark/bot"
	"github.com/waymark-org/waymark/internal/jobs"
	"github.com/waymark-org/waymark/internal/obs"
	"github.com/waymark-org/waymark/internal/serve"
	"github.com/waymark-org/waymark/internal/store"
)

// scheduling adds deadlines and check-ins to the core and returns the job
// engine that delivers their reminders through the core's notifier.
func (a *app) scheduling(b *bot.Bot, db *store.DB, m *obs.Metrics) *jobs.Engine {
	cfg := jobs.Config{Logger: a.log, Metrics: m}
	return jobs.New(db, bot.EnableScheduling(b, db), cfg)
}

// schedulingRunners makes serve.Config.OnBot: the engine runs beside the
// adapters, in every replica; leases keep replicas from sending twice.
func (a *app) schedulingRunners(m *obs.Metrics) func(*bot.Bot, *store.DB) ([]serve.Runner, error) {
	return func(b *bot.Bot, db *store.DB) ([]serve.Runner, error) {
		return []serve.Runner{a.scheduling(b, db, m).Run}, nil
	}
}

// runScheduling starts the engine in the background for `waymark chat`
// and returns a func that stops it and waits, to be deferred before the
// database closes.
func (a *app) runScheduling(ctx context.Context, b *bot.Bot, db *store.DB) (stop func()) {
	eng := a.scheduling(b, db, nil)
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		if err := eng.Run(ctx); err != nil {
			a.log.Error("job engine", "err", err)
		}
	}()
	return func() { cancel(); <-done }
}
