package store_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/waymark-org/waymark/bot"
	"github.com/waymark-org/waymark/bot/bottest"
	"github.com/waymark-org/waymark/internal/store"
	"github.com/waymark-org/waymark/internal/store/storetest"
)

// TestTenantCacheAcrossReplicas: two handles on one database stand for two
// replicas. A change on one is seen on the other at its next comparison of
// versions (DefaultTenantRevalidate), and on the one that made it at once.
// twoReplicas opens the same database twice, each handle with its own
// caches on the test clock, as two `waymark serve` processes would.
func twoReplicas(t *testing.T, dialect string, clock *bottest.Clock) [2]*store.DB {
	t.Helper()
	dsn := storetest.DSN(t, dialect)
	var replicas [2]*store.DB
	for i := range replicas {
		db, err := store.Open(context.Background(), dsn, storetest.Logger(t))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		db.ConfigureTenantCache(store.TenantCacheConfig{Now: clock.Now})
		replicas[i] = db
	}
	return replicas
}

func TestTenantCacheAcrossReplicas(t *testing.T) {
	for _, dialect := range storetest.Dialects(t) {
		t.Run(dialect, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			clock := bottest.NewClock(time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC))
			replicas := twoReplicas(t, dialect, clock)
			a, b := replicas[0], replicas[1]
			tn := newTenant(t, a, "T1")
			for _, db := range replicas { // cached on both
				if _, err := db.Tenant(ctx, tn.ID); err != nil {
					t.Fatal(err)
				}
			}
			if _, err := b.ChangeTenant(ctx, tn.ID, func(t *bot.Tenant) error { t.Jurisdiction = "scotland"; return nil }); err != nil {
				t.Fatal(err)
			}
			// At once on the replica that made it, before any comparison of
			// versions could have noticed.
			if got, _ := b.Tenant(ctx, tn.ID); got.Jurisdiction != "scotland" {
				t.Errorf("the replica that made the change reads %q", got.Jurisdiction)
			}
			clock.Add(store.DefaultTenantRevalidate)
			if got, _ := a.Tenant(ctx, tn.ID); got.Jurisdiction != "scotland" {
				t.Errorf("the other replica still reads %q a revalidation later", got.Jurisdiction)
			}
			// Uninstalled on b: a sees the tenant inactive.
			if err := b.DeactivateTenant(ctx, tn.ID, clock.Now()); err != nil {
				t.Fatal(err)
			}
			clock.Add(store.DefaultTenantRevalidate)
			if got, _ := a.Tenant(ctx, tn.ID); got.Active {
				t.Error("the other replica still sees an uninstalled tenant as active")
			}
			// Deleted on b: a no longer finds it.
			if err := b.DeleteTenant(ctx, "slack", "T1"); err != nil {
				t.Fatal(err)
			}
			clock.Add(store.DefaultTenantRevalidate)
			if _, err := a.Tenant(ctx, tn.ID); !errors.Is(err, bot.ErrNotFound) {
				t.Errorf("a deleted tenant read from the other replica: %v", err)
			}
		})
	}
}

// TestStaleTenantCopyCannotOverwrite: UpdateTenant saves a whole row only
// over the version it was read at.
func TestStaleTenantCopyCannotOverwrite(t *testing.T) {
	eachDialect(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		tn := newTenant(t, db, "T1")
		stale := *tn
		if _, err := db.ChangeTenant(ctx, tn.ID, func(t *bot.Tenant) error { t.Jurisdiction = "scotland"; return nil }); err != nil {
			t.Fatal(err)
		}
		stale.Settings.SafeguardingLead = "USAM"
		if err := db.UpdateTenant(ctx, &stale); !errors.Is(err, bot.ErrConflict) {
			t.Fatalf("saving a stale copy: %v, want bot.ErrConflict", err)
		}
		got, err := db.Tenant(ctx, tn.ID)
		if err != nil || got.Jurisdiction != "scotland" || got.Settings.SafeguardingLead != "" {
			t.Fatalf("after the refused save: %+v, %v", got, err)
		}
		got.Settings.SafeguardingLead = "USAM"
		if err := db.UpdateTenant(ctx, got); err != nil {
			t.Fatalf("saving a fresh copy: %v", err)
		}
		if err := db.UpdateTenant(ctx, got); err != nil {
			t.Fatalf("saving the same copy again (its version moved on with it): %v", err)
		}
		// A change that fails saves nothing.
		boom := errors.New("refused")
		if _, err := db.ChangeTenant(ctx, tn.ID, func(t *bot.Tenant) error { t.Jurisdiction = "wales"; return boom }); !errors.Is(err, boom) {
			t.Fatalf("failing change: %v", err)
		}
		if got, _ := db.Tenant(ctx, tn.ID); got.Jurisdiction != "scotland" || got.Settings.SafeguardingLead != "USAM" {
			t.Errorf("after a failed change: %+v", got)
		}
		if _, err := db.ChangeTenant(ctx, 999, func(*bot.Tenant) error { return nil }); !errors.Is(err, bot.ErrNotFound) {
			t.Errorf("changing a missing tenant: %v", err)
		}
	})
}

// TestConcurrentSettingsChangesAllStick: twenty changes at once, from
// separate connections, each adding a moderator; none is lost.
func TestConcurrentSettingsChangesAllStick(t *testing.T) {
	eachDialect(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		tn := newTenant(t, db, "T1")
		var wg sync.WaitGroup
		errs := make(chan error, 20)
		var want []string
		for i := range 20 {
			user := fmt.Sprintf("U%02d", i)
			want = append(want, user)
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, err := db.ChangeTenant(ctx, tn.ID, func(t *bot.Tenant) error {
					t.Settings.Moderators = append(t.Settings.Moderators, user)
					return nil
				})
				errs <- err
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Fatal(err)
			}
		}
		got, err := db.Tenant(ctx, tn.ID)
		if err != nil {
			t.Fatal(err)
		}
		mods := slices.Sorted(slices.Values(got.Settings.Moderators))
		if fmt.Sprint(mods) != fmt.Sprint(want) || got.Version != tn.Version+20 {
			t.Errorf("moderators %v at version %d, want all twenty at %d", mods, got.Version, tn.Version+20)
		}
	})
}

// TestEntryStampAcrossReplicas: entry stamps are cached with the tenant
// rows' rules. A version published on one replica moves the stamp there at
// once, and on the other within DefaultTenantRevalidate.
func TestEntryStampAcrossReplicas(t *testing.T) {
	for _, dialect := range storetest.Dialects(t) {
		t.Run(dialect, func(t *testing.T) {
			ctx := context.Background()
			clock := bottest.NewClock(time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC))
			replicas := twoReplicas(t, dialect, clock)
			a, b := replicas[0], replicas[1]
			tn := newTenant(t, a, "T1")
			stamp := func(db *store.DB) int64 {
				t.Helper()
				s, err := db.EntryStamp(ctx, tn.ID)
				if err != nil {
					t.Fatal(err)
				}
				return s
			}
			s0, _ := stamp(a), stamp(b)
			if _, err := a.SaveEntryVersion(ctx, bot.NewEntryVersion{Scope: bot.GroupScope(tn.ID), EntryID: "governance/x", Source: "one", By: "U1", Action: bot.ActionEdit, Publish: true}); err != nil {
				t.Fatal(err)
			}
			s1 := stamp(a)
			if s1 == s0 {
				t.Fatal("the replica that published does not see its own change")
			}
			clock.Add(store.DefaultTenantRevalidate / 2)
			if got := stamp(b); got != s0 && got != s1 {
				t.Fatalf("other replica's stamp %d; want %d or %d", got, s0, s1)
			}
			clock.Add(store.DefaultTenantRevalidate)
			if got := stamp(b); got != s1 {
				t.Errorf("other replica's stamp %d after the revalidation interval; want %d", got, s1)
			}
		})
	}
}
