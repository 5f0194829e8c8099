package adapterkit

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"
)

// RetryPolicy says how hard a failed delivery is retried. Rate limits wait
// for the platform's Retry-After; other transient failures back off
// exponentially, with jitter.
type RetryPolicy struct {
	Attempts int
	Base     time.Duration
	Max      time.Duration
}

// WithDefaults fills zero fields: 8 attempts, from 500 ms up to 30 s.
func (p RetryPolicy) WithDefaults() RetryPolicy {
	if p.Attempts <= 0 {
		p.Attempts = 8
	}
	if p.Base <= 0 {
		p.Base = 500 * time.Millisecond
	}
	if p.Max <= 0 {
		p.Max = 30 * time.Second
	}
	return p
}

// Backoff is the wait after the given failed attempt (1-based):
// exponential, capped at Max, jittered so replicas spread out.
func (p RetryPolicy) Backoff(attempt int) time.Duration {
	backoff := min(p.Base<<(attempt-1), p.Max)
	return backoff/2 + rand.N(backoff/2+1)
}

// Classify says whether a failure is worth another try and how long to
// wait first; backoff is the policy's wait for this attempt, which a
// platform's Retry-After replaces.
type Classify func(err error, backoff time.Duration) (wait time.Duration, retry bool)

// Retry runs op until it succeeds, classify says a retry cannot help, the
// attempts run out or ctx ends. onRetry, if set, is told of each retry
// (for a log line).
func Retry(ctx context.Context, p RetryPolicy, classify Classify, onRetry func(attempt int, wait time.Duration, err error), op func(context.Context) error) error {
	p = p.WithDefaults()
	var err error
	for attempt := 1; ; attempt++ {
		if err = op(ctx); err == nil {
			return nil
		}
		wait, retry := classify(err, p.Backoff(attempt))
		if !retry || attempt >= p.Attempts {
			return err
		}
		if onRetry != nil {
			onRetry(attempt, wait, err)
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return fmt.Errorf("%w (gave up: %v)", err, ctx.Err())
		case <-t.C:
		}
	}
}
