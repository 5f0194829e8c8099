package slack

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/waymark-org/waymark/internal/obs"
)

// claimer batches event claims. Under load, hundreds of acknowledgements a
// second each need "is this event new?" answered by the database before the
// 200 goes back; one multi-row insert for all that are waiting costs about
// what one single-row insert does. It adds no delay when idle: a claimer
// takes whatever is already queued and never waits to fill a batch.
type claimer struct {
	claim func(ctx context.Context, keys []string, ttl time.Duration) (map[string]bool, error)
	ttl   time.Duration
	reqs  chan claimReq
	max   int
	log   *slog.Logger
	m     *obs.Metrics
}

type claimReq struct {
	ctx  context.Context
	key  string
	done chan claimRes
}

type claimRes struct {
	first bool
	err   error
}

// claimers is how many batches may be in flight at once.
const claimers = 4

func newClaimer(claim func(context.Context, []string, time.Duration) (map[string]bool, error), ttl time.Duration, log *slog.Logger, m *obs.Metrics) *claimer {
	return &claimer{claim: claim, ttl: ttl, reqs: make(chan claimReq, 4096), max: 500, log: log, m: m}
}

// run serves claims until ctx ends.
func (c *claimer) run(ctx context.Context) {
	for range claimers {
		go c.loop(ctx)
	}
}

func (c *claimer) loop(ctx context.Context) {
	batch := make([]claimReq, 0, c.max)
	keys := make([]string, 0, c.max)
	for {
		batch, keys = batch[:0], keys[:0]
		select {
		case <-ctx.Done():
			return
		case r := <-c.reqs:
			batch = append(batch, r)
		}
	drain:
		for len(batch) < c.max {
			select {
			case r := <-c.reqs:
				batch = append(batch, r)
			default:
				break drain
			}
		}
		live := batch[:0]
		for _, r := range batch {
			// A request whose client gave up need not be claimed: Slack
			// will retry it, and that delivery will claim it.
			if r.ctx.Err() == nil {
				live = append(live, r)
				keys = append(keys, r.key)
			}
		}
		if len(live) == 0 {
			continue
		}
		won, err := c.claimBatch(ctx, keys)
		given := make(map[string]bool, len(live))
		for _, r := range live {
			first := err == nil && won[r.key] && !given[r.key]
			given[r.key] = given[r.key] || first
			r.done <- claimRes{first: first, err: err}
		}
	}
}

// claimBatch claims keys within claimTimeout (every request waiting on the
// batch gives up by then anyway), turning a panic into an error for each.
func (c *claimer) claimBatch(ctx context.Context, keys []string) (won map[string]bool, err error) {
	ctx, cancel := context.WithTimeout(ctx, claimTimeout)
	defer cancel()
	defer obs.Recover(ctx, c.log, c.m, "slack_claimer", func(p error) { won, err = nil, fmt.Errorf("claim %d events: %w", len(keys), p) })
	return c.claim(ctx, keys, c.ttl)
}

// Claim reports whether key is new, waiting for its batch.
func (c *claimer) Claim(ctx context.Context, key string) (bool, error) {
	done := make(chan claimRes, 1)
	select {
	case c.reqs <- claimReq{ctx: ctx, key: key, done: done}:
	case <-ctx.Done():
		return false, ctx.Err()
	}
	select {
	case res := <-done:
		return res.first, res.err
	case <-ctx.Done():
		return false, ctx.Err()
	}
}
