package store_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/waymark-org/waymark/bot"
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

func TestOAuthStateTakenOnce(t *testing.T) {
	eachDialect(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if err := db.PutOAuthState(ctx, "s1", time.Now().Add(time.Minute)); err != nil {
			t.Fatal(err)
		}
		if err := db.PutOAuthState(ctx, "old", time.Now().Add(-time.Minute)); err != nil {
			t.Fatal(err)
		}
		for _, tc := range []struct {
			state string
			want  bool
		}{{"s1", true}, {"s1", false}, {"old", false}, {"never", false}} {
			got, err := db.TakeOAuthState(ctx, tc.state)
			if err != nil || got != tc.want {
				t.Errorf("take %q = %v, %v; want %v", tc.state, got, err, tc.want)
			}
		}
	})
}

func TestSlackInstallLifecycleAndTenantDelete(t *testing.T) {
	eachDialect(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		tn := newTenant(t, db, "T1")
		other := newTenant(t, db, "T2")
		in := store.SlackInstallation{TenantID: tn.ID, TeamID: "T1", BotUserID: "UB", BotTokenSealed: "k1:abc", InstallerUser: "U1", Scopes: "chat:write"}
		if err := db.SaveSlackInstallation(ctx, in); err != nil {
			t.Fatal(err)
		}
		if err := db.RecordFeedback(ctx, tn.ID, "governance/x", true, time.Now()); err != nil {
			t.Fatal(err)
		}
		if err := db.RecordFeedback(ctx, tn.ID, "governance/x", false, time.Now()); err != nil {
			t.Fatal(err)
		}
		if err := db.RecordFeedback(ctx, other.ID, "governance/x", false, time.Now()); err != nil {
			t.Fatal(err)
		}
		fb, err := db.Feedback(ctx, tn.ID)
		if err != nil || len(fb) != 1 || fb[0].Helpful != 1 || fb[0].NotHelpful != 1 {
			t.Fatalf("feedback = %+v, %v", fb, err)
		}

		if err := db.ResealSlackToken(ctx, "T1", "k1:abc", "k2:def"); err != nil {
			t.Fatal(err)
		}
		got, err := db.SlackInstallationByTeam(ctx, "T1")
		if err != nil || got.BotTokenSealed != "k2:def" || got.RevokedAt.Valid {
			t.Fatalf("installation = %+v, %v", got, err)
		}

		known, err := db.RevokeSlackInstallation(ctx, "T1", time.Now())
		if err != nil || !known {
			t.Fatalf("revoke = %v, %v", known, err)
		}
		got, _ = db.SlackInstallationByTeam(ctx, "T1")
		if got.BotTokenSealed != "" || !got.RevokedAt.Valid {
			t.Fatalf("after revoke: %+v", got)
		}
		if tt, _ := db.Tenant(ctx, tn.ID); tt.Active {
			t.Fatal("tenant still active after uninstall")
		}
		if known, _ := db.RevokeSlackInstallation(ctx, "T9", time.Now()); known {
			t.Fatal("unknown team reported as known")
		}

		// Not yet past retention: nothing purged. Past it: the tenant and
		// all its rows go, the other tenant stays.
		if n, err := db.PurgeInactiveTenants(ctx, time.Now().Add(-time.Hour)); err != nil || n != 0 {
			t.Fatalf("early purge = %d, %v", n, err)
		}
		if n, err := db.PurgeInactiveTenants(ctx, time.Now().Add(time.Hour)); err != nil || n != 1 {
			t.Fatalf("purge = %d, %v", n, err)
		}
		if _, err := db.SlackInstallationByTeam(ctx, "T1"); !errors.Is(err, bot.ErrNotFound) {
			t.Fatalf("installation survived its tenant: %v", err)
		}
		if fb, _ := db.Feedback(ctx, tn.ID); len(fb) != 0 {
			t.Fatalf("feedback survived its tenant: %+v", fb)
		}
		if fb, _ := db.Feedback(ctx, other.ID); len(fb) != 1 {
			t.Fatalf("other tenant's feedback lost: %+v", fb)
		}

		if err := db.DeleteTenant(ctx, "slack", "T2"); err != nil {
			t.Fatal(err)
		}
		if err := db.DeleteTenant(ctx, "slack", "T2"); !errors.Is(err, bot.ErrNotFound) {
			t.Fatalf("second delete = %v", err)
		}
		list, err := db.ListTenants(ctx)
		if err != nil || len(list) != 0 {
			t.Fatalf("tenants left: %+v, %v", list, err)
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
