// Package jobsbench measures scheduled work on River and PostgreSQL: many
// reminders due at one instant across many tenants, delivered by several
// River clients to a counting notifier, then the clients' cost while idle.
// It is shared by `go run ./internal/jobs/cmd/jobsbench` and the Go
// benchmark. (Until it was deleted, it measured the engine River replaced
// in the same run; the figures are in README.md.)
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
)

// Config says what to measure.
type Config struct {
	// PostgresURL is the server; the run uses a schema of its own and
	// drops it afterwards.
	PostgresURL string
	Tenants     int
	Reminders   int // in total, spread evenly over the tenants
	Instances   int
	// Idle is how long to watch the engines with nothing due.
	Idle time.Duration
	// Poll and Workers tune each client (zero: the defaults).
	Poll    time.Duration
	Workers int
	Logger  *slog.Logger
}

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
	// First, Half and NinetyPct are from the due time until the first,
	// the 50,000th (of 100,000) and the 90,000th was sent: where the time
	// goes (waiting for River's scheduler to make jobs available shows as
	// a late first; a slow drain as a steady gap between the others).
	First, Half, NinetyPct time.Duration
	Setup                  time.Duration
	// Queries is River's statements while delivering.
	Queries int64
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
all due at the same instant; the last was sent %s after it (clients started %s before)
after the due instant: first sent %s, half %s, 90%% %s
idle for %s: SQL statements %d (%.1f/min for all instances), process CPU %s (%.3f CPU-seconds/min)
River statements while delivering: %d
setup (bulk insert) took %s`,
		r.Reminders, r.Delivered, r.Duplicates, r.Missing,
		r.Drain.Round(time.Millisecond), r.EnginesStarted.Round(time.Millisecond),
		r.First.Round(time.Millisecond), r.Half.Round(time.Millisecond), r.NinetyPct.Round(time.Millisecond),
		r.IdleFor, r.IdleQueries, r.IdleQueriesPerMin, r.IdleCPU.Round(time.Millisecond), r.IdleCPUSecondsPerMin,
		r.Queries,
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
	// When the 1st, the half-way and the 90% delivery were sent.
	first, half, ninety time.Time
	all                 chan struct{}
	want                int64
}

func (n *countingNotifier) PostChannel(_ context.Context, t *bot.Tenant, _ string, r bot.Reply) error {
	key := fmt.Sprintf("%d/%s", t.ID, r.Buttons[0].Value)
	n.mu.Lock()
	n.counts[key]++
	if n.counts[key] > 1 {
		n.dups.Add(1)
	}
	n.last = time.Now()
	switch total := n.total.Add(1); {
	case total == 1:
		n.first = n.last
	case total == n.want/2:
		n.half = n.last
	case total == n.want*9/10:
		n.ninety = n.last
	}
	done := n.total.Load() == n.want
	n.mu.Unlock()
	if done {
		close(n.all)
	}
	return nil
}

func (n *countingNotifier) DirectMessage(context.Context, *bot.Tenant, string, bot.Reply) error {
	return nil
}

// Run sets up a fresh schema, runs the measurement and drops the schema.
func Run(ctx context.Context, cfg Config) (Result, error) {
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	return runRiver(ctx, cfg)
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

// cpuTime is this process's user+system CPU time.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
