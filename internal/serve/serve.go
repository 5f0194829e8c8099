// Package serve assembles `waymark serve`: the database, the core, the
// platform adapters (Slack, Discord, or both), the HTTP server and the
// background runners, and runs them until the context ends. It lives outside package main so tests and the
// load benchmark run exactly what the command runs.
package serve

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"sync/atomic"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/waymark-org/waymark/assistant"
	"github.com/waymark-org/waymark/internal/adapterkit"
	"github.com/waymark-org/waymark/internal/httpserver"
	"github.com/waymark-org/waymark/internal/obs"
	"github.com/waymark-org/waymark/internal/store"
)

// Runner is a background task that runs until ctx ends. Returning an error
// stops the server.
type Runner func(ctx context.Context) error

// Config is everything serve needs; cmd_serve.go fills it from flags and
// the environment.
type Config struct {
	// DB is an open database; when nil, DSN is opened (and closed on exit).
	DB  *store.DB
	DSN string
	// Listener, when set, is served instead of listening on Addr.
	Listener net.Listener
	Addr     string
	Logger   *slog.Logger

	// Adapters build the platform adapters to run (at least one); each
	// carries its own configuration and supplies its HTTP routes and
	// background runners.
	Adapters []adapterkit.Setup
	// MaxDBConns bounds PostgreSQL connections per replica (default 16).
	MaxDBConns int
	// DBTimeouts bound PostgreSQL connects, statements and silent
	// connections when DSN is opened; zero fields take store's defaults.
	DBTimeouts store.Timeouts
	// ShutdownGrace is how long acknowledged work may take to finish once
	// ctx ends (default 20 s). Run returns at most a few seconds later,
	// whatever is still stuck.
	ShutdownGrace time.Duration
	// Metrics collects what /metrics serves; a new set when nil.
	Metrics *obs.Metrics
	// Runners are extra background tasks, e.g. the job engine:
	// cfg.Runners = append(cfg.Runners, jobs.Run).
	Runners []Runner
	// Ready, if set, is called once the HTTP server is about to accept
	// connections, with the address it listens on.
	Ready func(addr string)
	// NewBot builds Waymark (default assistant.New with the store and logger);
	// `waymark serve` passes the same constructor as its other commands.
	NewBot func(*store.DB) (*assistant.Assistant, error)
	// PublicURL is where people reach this server (WAYMARK_PUBLIC_URL):
	// console sign-in links point there.
	PublicURL string
	// NetworkModerators may edit the network layer in the console
	// (WAYMARK_NETWORK_MODERATORS).
	NetworkModerators []string
	// OnBot, if set, is called with the core before serving, so features
	// (deadlines, check-ins) can register commands. The job runner it
	// returns should carry Housekeeping's tasks (the retention sweep):
	// serve has no timers of its own.
	OnBot func(*assistant.Assistant, *store.DB) ([]Runner, error)
}

// Run serves until ctx ends.
func Run(ctx context.Context, cfg Config) error {
	log := cfg.Logger
	if log == nil {
		log = slog.Default()
	}
	// Whatever a library puts in an error, no URL path (a response_url's
	// token) and no Slack token reaches the log.
	log = slog.New(obs.Scrub(log.Handler()))
	metrics := cfg.Metrics
	if metrics == nil {
		metrics = obs.New()
	}
	grace := cfg.ShutdownGrace
	if grace <= 0 {
		grace = 20 * time.Second
	}
	db := cfg.DB
	if db == nil {
		var err error
		db, err = store.OpenWith(ctx, cfg.DSN, store.Options{Logger: log, Timeouts: cfg.DBTimeouts, OnError: metrics.DBError})
		if err != nil {
			return err
		}
		defer closeDB(db, log)
	}
	if db.Dialect() == store.Postgres {
		// Bounded so a burst of events queues in database/sql instead of
		// exhausting PostgreSQL's max_connections (100 by default), which
		// several replicas share.
		n := cfg.MaxDBConns
		if n <= 0 {
			n = 16
		}
		db.X().SetMaxOpenConns(n)
		db.X().SetMaxIdleConns(n)
	}
	newBot := cfg.NewBot
	if newBot == nil {
		newBot = func(db *store.DB) (*assistant.Assistant, error) {
			return assistant.New(assistant.Config{Store: db, Logger: log})
		}
	}
	core, err := newBot(db)
	if err != nil {
		return err
	}
	if len(cfg.Adapters) == 0 {
		return errors.New("serve: no adapter configured (Slack, Discord or both)")
	}
	deps := adapterkit.Deps{Core: core, DB: db, Logger: log, Metrics: metrics}
	var adapters []adapterkit.Adapter
	closeAll := func(ctx context.Context) error {
		var errs []error
		for _, a := range adapters {
			errs = append(errs, a.Close(ctx))
		}
		return errors.Join(errs...)
	}
	router := adapterkit.Router{}
	for _, setup := range cfg.Adapters {
		a, err := setup(ctx, deps)
		if err != nil {
			cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), grace)
			_ = closeAll(cctx)
			cancel()
			return fmt.Errorf("serve: %w", err)
		}
		adapters = append(adapters, a)
		router[a.Platform()] = a
	}
	core.SetNotifier(router)
	runners := append([]Runner(nil), cfg.Runners...)
	if cfg.OnBot != nil {
		more, err := cfg.OnBot(core, db)
		if err != nil {
			return err
		}
		runners = append(runners, more...)
	}
	if cfg.OnBot == nil {
		log.Warn("serve: no job runner (OnBot), so housekeeping (the retention sweep, expired console links) does not run")
	}
	for _, a := range adapters {
		for _, run := range a.Runners() {
			runners = append(runners, run)
		}
	}

	l := cfg.Listener
	if l == nil {
		if l, err = net.Listen("tcp", cfg.Addr); err != nil {
			return fmt.Errorf("serve: listen on %s: %w", cfg.Addr, err)
		}
	}
	var draining atomic.Bool
	mux := http.NewServeMux()
	for _, a := range adapters {
		a.Routes(mux)
	}
	// Liveness: the process serves requests. It checks nothing else, so a
	// database outage does not get healthy machines restarted.
	mux.Handle("GET /healthz", httpserver.Live())
	// Readiness: the database answers within a second and the server is
	// not shutting down.
	mux.Handle("GET /readyz", httpserver.Ready(time.Second, func(ctx context.Context) error {
		if draining.Load() {
			return errors.New("shutting down")
		}
		if err := db.X().PingContext(ctx); err != nil {
			log.WarnContext(ctx, "readiness: database unavailable", "err", err)
			return errors.New("database unavailable")
		}
		return nil
	}))
	mux.Handle("GET /metrics", metrics.Handler())
	if err := mountConsole(mux, db, core, cfg, log); err != nil {
		return err
	}

	g, gctx := errgroup.WithContext(ctx)
	g.Go(func() error {
		if cfg.Ready != nil {
			cfg.Ready(l.Addr().String())
		}
		err := httpserver.Serve(gctx, l, obs.RecoverHTTP(mux, log, metrics), grace, log)
		// Requests are drained; now let acknowledged work finish.
		cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), grace)
		defer cancel()
		return errors.Join(err, closeAll(cctx))
	})
	for _, run := range runners {
		g.Go(func() error { return keepRunning(gctx, run, log, metrics) })
	}
	done := make(chan error, 1)
	go func() { done <- g.Wait() }()
	select {
	case err := <-done:
		return err
	case <-gctx.Done():
		draining.Store(true)
	}
	// Stopping: the HTTP server drains for grace, then the adapter gets
	// grace for acknowledged work. Past that, and a few seconds for work
	// that ignores cancellation, Run returns regardless.
	limit := time.NewTimer(2*grace + 10*time.Second)
	defer limit.Stop()
	select {
	case err := <-done:
		return err
	case <-limit.C:
		log.Error("shutdown took too long; exiting with work still running", "grace", grace)
		return fmt.Errorf("serve: shutdown did not finish within %s", 2*grace+10*time.Second)
	}
}

// keepRunning runs a background runner, restarting it after a panic (which
// is logged with its stack and counted) rather than letting it stop the
// server. A runner that returns ends it as before.
func keepRunning(ctx context.Context, run Runner, log *slog.Logger, m *obs.Metrics) error {
	for {
		panicked := false
		err := func() (err error) {
			defer obs.Recover(ctx, log, m, "runner", func(error) { panicked = true })
			return run(ctx)
		}()
		if !panicked || ctx.Err() != nil {
			return err
		}
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(time.Second):
		}
	}
}

// closeDB closes the database unless that blocks (a query stuck on a
// dead connection): exiting matters more.
func closeDB(db *store.DB, log *slog.Logger) {
	done := make(chan error, 1)
	go func() { done <- db.Close() }()
	select {
	case err := <-done:
		if err != nil {
			log.Warn("close database", "err", err)
		}
	case <-time.After(5 * time.Second):
		log.Warn("database still busy at exit; not waiting for it")
	}
}
