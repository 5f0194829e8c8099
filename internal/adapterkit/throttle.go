package adapterkit

import (
	"context"
	"log/slog"
	"sync"
	"time"
)

// Throttled logs one line a second at most, saying how many it held back:
// when the database is down, every event fails the same way, and a
// thousand identical lines a second bury everything else. The metrics
// count every one.
type Throttled struct {
	mu         sync.Mutex
	last       time.Time
	suppressed int
}

// Log logs msg unless a line went out less than a second ago.
func (t *Throttled) Log(ctx context.Context, l *slog.Logger, level slog.Level, msg string, args ...any) {
	t.mu.Lock()
	now := time.Now()
	if now.Sub(t.last) < time.Second {
		t.suppressed++
		t.mu.Unlock()
		return
	}
	n := t.suppressed
	t.last, t.suppressed = now, 0
	t.mu.Unlock()
	if n > 0 {
		args = append(args, "similar_since_last", n)
	}
	l.Log(ctx, level, msg, args...)
}
