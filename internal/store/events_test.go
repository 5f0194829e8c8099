package store_test

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/waymark-org/waymark/internal/store"
)

func TestClaimEventOnceAcrossConcurrentClaims(t *testing.T) {
	eachDialect(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		var wins atomic.Int32
		var wg sync.WaitGroup
		for range 8 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				ok, err := db.ClaimEvent(ctx, "Ev1", time.Hour)
				if err != nil {
					t.Error(err)
				}
				if ok {
					wins.Add(1)
				}
			}()
		}
		wg.Wait()
		if wins.Load() != 1 {
			t.Fatalf("%d claims won, want 1", wins.Load())
		}
		// An expired claim may be taken again; a live one may not.
		if ok, err := db.ClaimEvent(ctx, "Ev2", -time.Second); err != nil || !ok {
			t.Fatalf("first claim of Ev2 = %v, %v", ok, err)
		}
		if ok, err := db.ClaimEvent(ctx, "Ev2", time.Hour); err != nil || !ok {
			t.Fatalf("claim of expired Ev2 = %v, %v; want true", ok, err)
		}
		if ok, _ := db.ClaimEvent(ctx, "Ev2", time.Hour); ok {
			t.Fatal("live claim of Ev2 taken twice")
		}
		n, err := db.PurgeExpiredSlack(ctx, time.Now().Add(2*time.Hour))
		if err != nil || n != 2 {
			t.Fatalf("purge = %d, %v; want 2", n, err)
		}
	})
}

func TestClaimEventsInOneBatch(t *testing.T) {
	eachDialect(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if ok, err := db.ClaimEvent(ctx, "taken", time.Hour); err != nil || !ok {
			t.Fatalf("claim taken = %v, %v", ok, err)
		}
		got, err := db.ClaimEvents(ctx, []string{"a", "taken", "b", "a"}, time.Hour)
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]bool{"a": true, "b": true}
		if len(got) != len(want) || !got["a"] || !got["b"] || got["taken"] {
			t.Fatalf("claimed %v, want %v", got, want)
		}
		// Two concurrent batches sharing keys: each key is won exactly once.
		var mu sync.Mutex
		wins := map[string]int{}
		var wg sync.WaitGroup
		for i := range 4 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				keys := []string{"k1", "k2", "k3", fmt.Sprintf("own%d", i)}
				got, err := db.ClaimEvents(ctx, keys, time.Hour)
				if err != nil {
					t.Error(err)
					return
				}
				mu.Lock()
				defer mu.Unlock()
				for k, ok := range got {
					if ok {
						wins[k]++
					}
				}
			}()
		}
		wg.Wait()
		for _, k := range []string{"k1", "k2", "k3", "own0", "own3"} {
			if wins[k] != 1 {
				t.Errorf("%s won %d times, want 1", k, wins[k])
			}
		}
	})
}
