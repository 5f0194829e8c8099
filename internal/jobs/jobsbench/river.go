package jobsbench

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"encoding/json"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/lib/pq"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverdatabasesql"

	"github.com/waymark-org/waymark/assistant"
	"github.com/waymark-org/waymark/bot"
	"github.com/waymark-org/waymark/internal/jobs"
	"github.com/waymark-org/waymark/internal/store"
)

// runRiver is Run for River: the same tenants, deadlines and reminders,
// inserted as River jobs the way the store inserts them (unique per
// occurrence), worked by Instances River clients.
func runRiver(ctx context.Context, cfg Config) (Result, error) {
	res := Result{Reminders: cfg.Reminders}
	dsn, drop, err := store.ScratchSchema(ctx, cfg.PostgresURL, "waymark_bench_")
	if err != nil {
		return res, err
	}
	defer drop()

	var dbs []*store.DB
	var pools []*sql.DB
	var queries atomic.Int64
	for range cfg.Instances {
		db, err := store.Open(ctx, dsn, cfg.Logger)
		if err != nil {
			return res, err
		}
		defer db.Close()
		// As `waymark serve` bounds each replica (serve.Config.MaxDBConns):
		// a hundred workers per instance must queue for connections, not
		// exhaust PostgreSQL's max_connections.
		db.X().SetMaxOpenConns(16)
		db.X().SetMaxIdleConns(16)
		dbs = append(dbs, db)
		// River's own pool, whose statements are counted.
		c, err := pq.NewConnector(dsn)
		if err != nil {
			return res, err
		}
		pool := sql.OpenDB(countingConnector{c, &queries})
		pool.SetMaxOpenConns(8)
		pool.SetMaxIdleConns(8)
		defer pool.Close()
		pools = append(pools, pool)
	}
	setupStart := time.Now()
	// Seeded far ahead, then brought to one instant once all are in, so
	// the time the insert takes does not matter.
	if err := seedRiver(ctx, dbs[0], cfg.Tenants, cfg.Reminders); err != nil {
		return res, err
	}
	res.Setup = time.Since(setupStart)

	note := &countingNotifier{counts: map[string]int{}, all: make(chan struct{}), want: int64(cfg.Reminders)}
	var runners []*jobs.Runner
	for i, db := range dbs {
		b, err := assistant.New(assistant.Config{Store: db, Notifier: note, Logger: cfg.Logger})
		if err != nil {
			return res, err
		}
		sc, err := b.EnableScheduling(db)
		if err != nil {
			return res, err
		}
		r, err := jobs.NewRunner(db, sc, jobs.Options{
			ID: fmt.Sprintf("bench-%d", i), Workers: cfg.Workers, FetchPoll: cfg.Poll, Logger: cfg.Logger, PostgresPool: pools[i],
		})
		if err != nil {
			return res, err
		}
		runners = append(runners, r)
	}
	runCtx, stop := context.WithCancel(ctx)
	var wg sync.WaitGroup
	started := time.Now()
	for _, r := range runners {
		wg.Add(1)
		go func() { defer wg.Done(); _ = r.Run(runCtx) }()
	}
	defer func() { stop(); wg.Wait() }()
	// Every reminder falls due at one instant a few seconds after the
	// clients started, as at 09:00 when every group's reminders fall due.
	due := time.Now().Add(5 * time.Second).Truncate(time.Millisecond)
	if _, err := dbs[0].X().ExecContext(ctx, `UPDATE river_job SET scheduled_at = $1`, due); err != nil {
		return res, fmt.Errorf("bring reminders due: %w", err)
	}
	// Statistics taken while every job was a day ahead would have the
	// planner expect none due, and River's scheduling query (which checks
	// unique keys) would then nest loops over all of them and time out.
	// In real use jobs arrive over days and autovacuum keeps them current.
	if _, err := dbs[0].X().ExecContext(ctx, `ANALYZE river_job`); err != nil {
		return res, fmt.Errorf("analyse: %w", err)
	}
	q0 := queries.Load()

	select {
	case <-note.all:
	case <-time.After(5 * time.Minute):
	case <-ctx.Done():
		return res, ctx.Err()
	}
	note.mu.Lock()
	res.Drain = note.last.Sub(due)
	res.First, res.Half, res.NinetyPct = note.first.Sub(due), note.half.Sub(due), note.ninety.Sub(due)
	res.EnginesStarted = due.Sub(started)
	res.Missing = cfg.Reminders - len(note.counts)
	note.mu.Unlock()
	res.Delivered = note.total.Load()
	res.Queries = queries.Load() - q0
	res.Duplicates = note.dups.Load()

	if cfg.Idle <= 0 {
		return res, nil
	}
	// Idle: nothing due, one reminder far ahead, as in real life.
	if err := dbs[0].EnqueueJob(ctx, bot.Job{TenantID: 1, Kind: bot.JobReminder, Key: "far", Subject: "bench", RunAt: time.Now().Add(24 * time.Hour), Payload: []byte("{}")}); err != nil {
		return res, err
	}
	return res, measureIdle(ctx, cfg, &res, queries.Load)
}

// seedRiver inserts tenants and deadlines with SQL, and one River reminder
// job per deadline through River's InsertMany with the store's options,
// all scheduled far ahead.
func seedRiver(ctx context.Context, db *store.DB, tenants, reminders int) error {
	x := db.X()
	per := reminders / tenants
	dueDay := time.Now().AddDate(0, 0, 1).Format("2006-01-02")
	for _, s := range []struct {
		q    string
		args []any
	}{
		{`INSERT INTO tenants (platform, external_id, name, created_at)
		  SELECT 'bench', 'T' || g, 'Group ' || g, now() FROM generate_series(1, $1) g`, []any{tenants}},
		{`INSERT INTO deadlines (tenant_id, number, title, due, anchor, remind_days, channel_id, owner_id, owner_name, created_at, updated_at)
		  SELECT t.id, g, 'Deadline ' || g, $2, $2, '1', 'C' || g, 'U1', 'Owner', now(), now()
		  FROM tenants t CROSS JOIN generate_series(1, $1) g`, []any{per, dueDay}},
	} {
		if _, err := x.ExecContext(ctx, s.q, s.args...); err != nil {
			return fmt.Errorf("seed: %w", err)
		}
	}
	var ds []struct {
		ID       int64 `db:"id"`
		TenantID int64 `db:"tenant_id"`
	}
	if err := x.SelectContext(ctx, &ds, `SELECT id, tenant_id FROM deadlines ORDER BY id`); err != nil {
		return fmt.Errorf("seed: %w", err)
	}
	client, err := river.NewClient(riverdatabasesql.New(x.DB), &river.Config{})
	if err != nil {
		return err
	}
	far := time.Now().Add(24 * time.Hour)
	const batch = 2000
	for i := 0; i < len(ds); i += batch {
		var params []river.InsertManyParams
		for _, d := range ds[i:min(i+batch, len(ds))] {
			payload, _ := json.Marshal(bot.ReminderPayload{DeadlineID: d.ID, Due: dueDay, DaysBefore: 1})
			args := store.ReminderArgs{JobArgs: store.JobArgs{TenantID: d.TenantID, Key: fmt.Sprintf("%d/%s/1", d.ID, dueDay),
				Subject: fmt.Sprintf("deadline:%d", d.ID), RunAt: far, Payload: payload}}
			params = append(params, river.InsertManyParams{Args: args, InsertOpts: &river.InsertOpts{
				ScheduledAt: far, MaxAttempts: store.JobMaxAttempts, UniqueOpts: store.UniqueOpts}})
		}
		if _, err := client.InsertMany(ctx, params); err != nil {
			return fmt.Errorf("seed river jobs: %w", err)
		}
	}
	_, err = x.ExecContext(ctx, `ANALYZE`)
	return err
}

// countingConnector counts the statements River sends through its pool.
type countingConnector struct {
	driver.Connector
	n *atomic.Int64
}

func (c countingConnector) Connect(ctx context.Context) (driver.Conn, error) {
	conn, err := c.Connector.Connect(ctx)
	if err != nil {
		return nil, err
	}
	return countingConn{conn.(pqConn), c.n}, nil
}

// pqConn is what lib/pq's connections implement.
type pqConn interface {
	driver.Conn
	driver.ConnBeginTx
	driver.ExecerContext
	driver.QueryerContext
}

type countingConn struct {
	pqConn
	n *atomic.Int64
}

func (c countingConn) ExecContext(ctx context.Context, q string, args []driver.NamedValue) (driver.Result, error) {
	c.n.Add(1)
	return c.pqConn.ExecContext(ctx, q, args)
}

func (c countingConn) QueryContext(ctx context.Context, q string, args []driver.NamedValue) (driver.Rows, error) {
	c.n.Add(1)
	return c.pqConn.QueryContext(ctx, q, args)
}
