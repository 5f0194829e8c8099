package adapterkit

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/waymark-org/waymark/internal/obs"
)

// Task is acknowledged work: what it is and which workspace or guild, for
// the logs if it fails or is dropped (never the message), and the work.
type Task struct {
	What, Team string
	Run        func(ctx context.Context)
}

// PoolConfig builds a Pool. Platform is required; it labels logs and
// metrics ("slack", "discord").
type PoolConfig struct {
	Platform string
	// Workers bounds how many tasks run at once (default 16).
	Workers int
	// Queue bounds how many acknowledged tasks may wait for a worker
	// (default 1024, about a second of work at 1,000 events/s).
	Queue  int
	Logger *slog.Logger
	// Metrics, if set, counts dropped and failed work and exports the
	// queue's depth and capacity.
	Metrics *obs.Metrics
	// Owners reports who holds unexpired claims
	// ((*store.DB).EventClaimOwners), to settle uncertain claims.
	Owners func(ctx context.Context, keys []string) (map[string]string, error)
}

// Pool is a fixed set of workers behind a bounded queue. A place in the
// queue is reserved before an event is acknowledged and freed when a
// worker takes the task, so a task never waits to be queued and the queue
// never holds more than its capacity: when it is full the adapter refuses
// the request and the platform retries later.
type Pool struct {
	platform string
	log      *slog.Logger
	metrics  *obs.Metrics
	owners   func(ctx context.Context, keys []string) (map[string]string, error)

	queue   chan Task
	slots   chan struct{}
	workers sync.WaitGroup
	baseCtx context.Context
	stop    context.CancelFunc

	mu        sync.Mutex
	unsettled []unsettled // claims whose commit may or may not have happened
	closing   bool
}

// NewPool starts a pool's workers; Close stops them.
func NewPool(cfg PoolConfig) *Pool {
	if cfg.Workers <= 0 {
		// Measured on Slack: 16 keeps acknowledgements fast under 1,000
		// events/s on two cores; 64 let reply work crowd them out (p99
		// 76-88 ms against 30-59 ms).
		cfg.Workers = 16
	}
	if cfg.Queue <= 0 {
		cfg.Queue = 1024
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	ctx, stop := context.WithCancel(context.Background())
	p := &Pool{
		platform: cfg.Platform, log: cfg.Logger, metrics: cfg.Metrics, owners: cfg.Owners,
		queue: make(chan Task, cfg.Queue), slots: make(chan struct{}, cfg.Queue),
		baseCtx: ctx, stop: stop,
	}
	for range cfg.Workers {
		p.workers.Add(1)
		go p.work()
	}
	if p.owners != nil {
		go p.settleLoop()
	}
	// Registering twice (a second pool of one platform on one registry)
	// is not an error worth failing for: the first pool's gauge stays.
	_ = cfg.Metrics.Registry().Register(prometheus.NewGaugeFunc(prometheus.GaugeOpts{
		Name:        "waymark_queue_depth",
		Help:        "Acknowledged events waiting for a worker.",
		ConstLabels: prometheus.Labels{"platform": cfg.Platform},
	}, func() float64 { return float64(len(p.slots)) }))
	_ = cfg.Metrics.Registry().Register(prometheus.NewGaugeFunc(prometheus.GaugeOpts{
		Name:        "waymark_queue_capacity",
		Help:        "How many acknowledged events may wait before new ones are refused with 503.",
		ConstLabels: prometheus.Labels{"platform": cfg.Platform},
	}, func() float64 { return float64(cap(p.slots)) }))
	return p
}

// Context is cancelled when the pool stops: background work started by
// the adapter (a gateway session) ends with it.
func (p *Pool) Context() context.Context { return p.baseCtx }

// Depth is how many reserved places are taken.
func (p *Pool) Depth() int { return len(p.slots) }

// Reserve takes a place in the queue for work about to be acknowledged;
// false when the queue is full (or closing), and the caller must refuse
// the request so the platform retries it. A reservation is handed back
// with Release, or used by Enqueue.
func (p *Pool) Reserve() bool {
	p.mu.Lock()
	closing := p.closing
	p.mu.Unlock()
	if closing {
		return false
	}
	select {
	case p.slots <- struct{}{}:
		return true
	default:
		return false
	}
}

// ReserveWait is Reserve that waits for room, for connections (Socket
// Mode, a gateway) where work is acknowledged only once it has a place.
func (p *Pool) ReserveWait(ctx context.Context) bool {
	if p.Reserve() {
		return true
	}
	t := time.NewTicker(10 * time.Millisecond)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return false
		case <-p.baseCtx.Done():
			return false
		case <-t.C:
			if p.Reserve() {
				return true
			}
			p.mu.Lock()
			closing := p.closing
			p.mu.Unlock()
			if closing {
				return false
			}
		}
	}
}

// Release hands back a reservation that will not be used.
func (p *Pool) Release() { <-p.slots }

// Enqueue queues reserved work; it never blocks.
func (p *Pool) Enqueue(t Task) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closing {
		p.Release()
		p.drop(t)
		return
	}
	p.queue <- t
}

// work is one worker: it runs queued tasks until the queue is closed.
func (p *Pool) work() {
	defer p.workers.Done()
	for t := range p.queue {
		p.Release()
		if p.baseCtx.Err() != nil {
			p.drop(t)
			continue
		}
		p.runTask(t)
	}
}

// runTask runs one task, recovering a panic: it is logged with its stack
// and counted, and the worker goes on to the next task.
func (p *Pool) runTask(t Task) {
	ctx, cancel := context.WithTimeout(p.baseCtx, 5*time.Minute)
	defer cancel()
	defer obs.Recover(ctx, p.log.With("work", t.What, "team", t.Team), p.metrics, p.platform+"_worker", func(error) {
		p.metrics.Event(p.platform, obs.EventFailed)
	})
	t.Run(ctx)
}

// drop logs acknowledged work that will not be done (shutdown ran out of
// time), so that nothing acknowledged is lost without a trace.
func (p *Pool) drop(t Task) {
	p.metrics.Event(p.platform, obs.EventDropped)
	p.log.Error("acknowledged "+p.platform+" work dropped at shutdown", "work", t.What, "team", t.Team)
}

// unsettled is an acknowledged-or-not event whose claim's commit was cut
// off: it holds its queue reservation until the database says whether the
// claim stands.
type unsettled struct {
	key, owner string
	t          Task
	since      time.Time
}

// SettleLater keeps reserved work whose claim is uncertain until the
// database can say who holds the claim.
func (p *Pool) SettleLater(u *UncertainClaim, t Task) {
	p.mu.Lock()
	p.unsettled = append(p.unsettled, unsettled{key: u.Key, owner: u.Owner, t: t, since: time.Now()})
	p.mu.Unlock()
}

// settleTimeout is how long an uncertain claim is kept waiting for the
// database before its event is given up (and logged as dropped).
const settleTimeout = 10 * time.Minute

func (p *Pool) settleLoop() {
	t := time.NewTicker(500 * time.Millisecond)
	defer t.Stop()
	for {
		select {
		case <-p.baseCtx.Done():
			return
		case <-t.C:
			p.Settle(p.baseCtx)
		}
	}
}

// Settle asks the database who holds each uncertain claim. A claim that
// stands with our owner is ours: its event was refused with 503, so the
// platform's retries are taken for duplicates, and it is answered here.
// Otherwise the claim never happened and the retry will claim it.
func (p *Pool) Settle(ctx context.Context) {
	p.mu.Lock()
	pending := p.unsettled
	p.unsettled = nil
	p.mu.Unlock()
	if len(pending) == 0 {
		return
	}
	keys := make([]string, len(pending))
	for i, u := range pending {
		keys[i] = u.key
	}
	qctx, cancel := context.WithTimeout(ctx, ClaimTimeout)
	owners, err := p.owners(qctx, keys)
	cancel()
	var keep []unsettled
	for _, u := range pending {
		switch {
		case err != nil && time.Since(u.since) < settleTimeout:
			keep = append(keep, u)
		case err != nil:
			p.Release()
			p.drop(u.t)
		case owners[u.key] == u.owner:
			p.log.InfoContext(ctx, "an uncertain event claim stood; answering it", "work", u.t.What, "team", u.t.Team)
			p.metrics.Event(p.platform, obs.EventAccepted)
			p.Enqueue(u.t)
		default:
			p.Release()
		}
	}
	if len(keep) > 0 {
		p.mu.Lock()
		p.unsettled = append(p.unsettled, keep...)
		p.mu.Unlock()
	}
}

// Close stops taking work and lets the queue drain, up to ctx's deadline;
// then it cancels what is running and drops (logging each) what is left.
func (p *Pool) Close(ctx context.Context) error {
	p.mu.Lock()
	if !p.closing {
		p.closing = true
		close(p.queue)
	}
	left := p.unsettled
	p.unsettled = nil
	p.mu.Unlock()
	for _, u := range left {
		p.Release()
		p.drop(u.t)
	}
	done := make(chan struct{})
	go func() { p.workers.Wait(); close(done) }()
	defer p.stop()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
	}
	p.stop()
	// Cancelled work returns promptly (every wait honours its context);
	// a worker stuck regardless is abandoned rather than holding up exit.
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		p.log.Error(p.platform + " workers still busy after shutdown; abandoning them")
	}
	return fmt.Errorf("%s adapter: work still running at shutdown: %w", p.platform, ctx.Err())
}
