package adapterkit

import (
	"context"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/waymark-org/waymark/internal/store"
	"github.com/waymark-org/waymark/internal/store/storetest"
)

// A claim whose requester has given up (the event was refused with 503)
// but which the database then carries out must not stand: Slack's retry
// of that event has to win its claim, or it is taken for a duplicate and
// never answered. The database is made slow, not mocked: another
// connection holds the event's row until the requester has gone.
func TestAbandonedClaimDoesNotStand(t *testing.T) {
	for _, dialect := range storetest.Dialects(t) {
		t.Run(dialect, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			dsn := storetest.DSN(t, dialect)
			db, err := store.Open(ctx, dsn, storetest.Logger(t))
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			other, err := store.Open(ctx, dsn, storetest.Logger(t))
			if err != nil {
				t.Fatal(err)
			}
			defer other.Close()

			const key = "slack:Ev0SLOW"
			tx, err := other.X().BeginTxx(ctx, nil)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := tx.ExecContext(ctx, tx.Rebind(`INSERT INTO processed_events (event_key, expires_at) VALUES (?, ?)`),
				key, store.Timestamp{Time: time.Now().Add(time.Hour)}); err != nil {
				t.Fatal(err)
			}

			c := NewClaimer("slack", db.ClaimEventsThen, 24*time.Hour, slog.New(slog.NewTextHandler(io.Discard, nil)), nil)
			cctx, stop := context.WithCancel(ctx)
			defer stop()
			c.Run(cctx)

			// The first delivery gives up while its claim waits for the row.
			rctx, cancel := context.WithTimeout(ctx, 300*time.Millisecond)
			if _, err := c.Claim(rctx, key); err == nil {
				t.Fatal("a claim held up by another transaction answered in time")
			}
			cancel()
			// Then the row is free, and the claim goes through in the database.
			time.Sleep(500 * time.Millisecond)
			if err := tx.Rollback(); err != nil {
				t.Fatal(err)
			}
			// Slack's retry must win.
			deadline := time.Now().Add(10 * time.Second)
			for {
				rctx, cancel := context.WithTimeout(ctx, 2*time.Second)
				first, err := c.Claim(rctx, key)
				cancel()
				if err == nil {
					if !first {
						t.Fatal("the retry of a refused event was taken for a duplicate: it would never be answered")
					}
					return
				}
				if time.Now().After(deadline) {
					t.Fatalf("retry: %v", err)
				}
			}
		})
	}
}

// An event whose claim's commit was cut off is answered if the claim
// turns out to stand with our owner, and given back otherwise.
func TestUncertainClaimsAreSettled(t *testing.T) {
	ctx := context.Background()
	db := storetest.Open(t, store.SQLite)
	a := NewPool(PoolConfig{Platform: "slack", Workers: 1, Queue: 4, Owners: db.EventClaimOwners})
	defer a.Close(ctx)
	if _, err := db.ClaimEventsThen(ctx, []string{"slack:EvSTOOD"}, time.Hour, "batch-1", nil); err != nil {
		t.Fatal(err)
	}
	ran := make(chan string, 2)
	for _, u := range []*UncertainClaim{{Key: "slack:EvSTOOD", Owner: "batch-1"}, {Key: "slack:EvNEVER", Owner: "batch-2"}} {
		if !a.Reserve() {
			t.Fatal("no room")
		}
		a.SettleLater(u, Task{What: "event", Run: func(context.Context) { ran <- u.Key }})
	}
	a.Settle(ctx)
	select {
	case key := <-ran:
		if key != "slack:EvSTOOD" {
			t.Fatalf("answered %s, whose claim never happened", key)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the event whose claim stood was not answered")
	}
	deadline := time.Now().Add(10 * time.Second)
	for len(a.slots) != 0 {
		if time.Now().After(deadline) {
			t.Fatalf("%d queue places still held", len(a.slots))
		}
		time.Sleep(time.Millisecond)
	}
	select {
	case key := <-ran:
		t.Fatalf("also answered %s", key)
	default:
	}
}
