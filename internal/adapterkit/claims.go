package adapterkit

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"sync/atomic"
	"time"

	"github.com/waymark-org/waymark/internal/obs"
	"github.com/waymark-org/waymark/internal/store"
)

// Claimer batches event claims. Under load, hundreds of acknowledgements a
// second each need "is this event new?" answered by the database before the
// 200 goes back; one multi-row insert for all that are waiting costs about
// what one single-row insert does. It adds no delay when idle: a claimer
// takes whatever is already queued and never waits to fill a batch.
//
// A claim is only as good as the answer its requester acts on. A
// requester that gives up (its request is refused with 503, so the platform
// will retry) must not leave a claim behind, or the retry is taken for a
// duplicate and the event is never answered. So each request is either
// abandoned by its requester or decided by the claimer, never both: the
// claimer decides inside the claiming transaction, just before it
// commits, and releases the claims of requesters that had already gone.
// If the commit's answer is lost, the requester gets an *UncertainClaim
// naming the batch, to check later (see Pool.SettleLater).
//
// Keys are "platform:id" ("slack:Ev123", "discord:1234"), all in the one
// processed_events table.
type Claimer struct {
	claim ClaimFunc
	name  string
	ttl   time.Duration
	reqs  chan *claimReq
	max   int
	log   *slog.Logger
	m     *obs.Metrics
}

// ClaimFunc is (*store.DB).ClaimEventsThen.
type ClaimFunc func(ctx context.Context, keys []string, ttl time.Duration, owner string, keep func(won map[string]bool) map[string]bool) (map[string]bool, error)

// Request states: a request is abandoned by its requester or decided by
// the claimer, whichever comes first.
const (
	pending int32 = iota
	abandoned
	decided
)

type claimReq struct {
	key   string
	state atomic.Int32
	done  chan claimRes
}

type claimRes struct {
	first bool
	err   error
}

// UncertainClaim is a claim whose commit may or may not have happened.
type UncertainClaim struct {
	Key, Owner string
	err        error
}

func (u *UncertainClaim) Error() string {
	return fmt.Sprintf("claim of %s uncertain: %v", u.Key, u.err)
}

func (u *UncertainClaim) Unwrap() error { return u.err }

// claimers is how many batches may be in flight at once.
const claimers = 4

// claimBatchTimeout bounds one batch. It is longer than a requester waits
// (ClaimTimeout): requesters decide for themselves when to give up.
const claimBatchTimeout = 5 * time.Second

// ClaimTimeout bounds a claim made before acknowledging: Slack waits 3 s
// for an acknowledgement and Discord 3 s for an interaction's response,
// and a 503 sent in time is retried (or shown as a failure to the person).
const ClaimTimeout = 2 * time.Second

// NewClaimer batches claims through claim; platform names its panics in
// logs and metrics ("slack_claimer").
func NewClaimer(platform string, claim ClaimFunc, ttl time.Duration, log *slog.Logger, m *obs.Metrics) *Claimer {
	return &Claimer{claim: claim, name: platform + "_claimer", ttl: ttl, reqs: make(chan *claimReq, 4096), max: 500, log: log, m: m}
}

// Run serves claims until ctx ends.
func (c *Claimer) Run(ctx context.Context) {
	for range claimers {
		go c.loop(ctx)
	}
}

func (c *Claimer) loop(ctx context.Context) {
	batch := make([]*claimReq, 0, c.max)
	for {
		batch = batch[:0]
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
		c.claimBatch(ctx, batch)
	}
}

// claimBatch claims the keys of a batch and answers every request that
// is still waiting. A panic becomes an error for each.
func (c *Claimer) claimBatch(ctx context.Context, batch []*claimReq) {
	keys := make([]string, 0, len(batch))
	for _, r := range batch {
		// A requester that gave up already need not be claimed for.
		if r.state.Load() == pending {
			keys = append(keys, r.key)
		}
	}
	if len(keys) == 0 {
		return
	}
	owner := newOwner()
	results := map[*claimReq]claimRes{}
	keep := func(won map[string]bool) map[string]bool {
		kept := map[string]bool{}
		for _, r := range batch {
			if !r.state.CompareAndSwap(pending, decided) {
				continue // abandoned: its claim is released
			}
			first := won[r.key] && !kept[r.key]
			kept[r.key] = kept[r.key] || first
			results[r] = claimRes{first: first}
		}
		return kept
	}
	err := func() (err error) {
		bctx, cancel := context.WithTimeout(ctx, claimBatchTimeout)
		defer cancel()
		defer obs.Recover(bctx, c.log, c.m, c.name, func(p error) { err = p })
		_, err = c.claim(bctx, keys, c.ttl, owner, keep)
		return err
	}()
	for _, r := range batch {
		res, ok := results[r]
		if !ok {
			// Not decided inside the transaction (it failed first): decide
			// now, unless the requester has gone.
			if !r.state.CompareAndSwap(pending, decided) {
				continue
			}
		}
		if err != nil {
			// Only the request that would have won may find out later
			// that it did; the others were duplicates either way.
			if ok && res.first && errors.Is(err, store.ErrCommitUncertain) {
				res = claimRes{err: &UncertainClaim{Key: r.key, Owner: owner, err: err}}
			} else {
				res = claimRes{err: err}
			}
		}
		r.done <- res
	}
}

func newOwner() string {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// Claim reports whether key is new, waiting for its batch. If ctx ends
// first the request is abandoned (and any claim made for it released),
// unless the claimer has already decided it, in which case its answer
// is waited for: a decided claim binds.
func (c *Claimer) Claim(ctx context.Context, key string) (bool, error) {
	r := &claimReq{key: key, done: make(chan claimRes, 1)}
	select {
	case c.reqs <- r:
	case <-ctx.Done():
		return false, ctx.Err()
	}
	select {
	case res := <-r.done:
		return res.first, res.err
	case <-ctx.Done():
		if r.state.CompareAndSwap(pending, abandoned) {
			return false, ctx.Err()
		}
		res := <-r.done
		return res.first, res.err
	}
}
