package store_test

import (
	"context"
	"testing"
	"time"

	slackadapter "github.com/waymark-org/waymark/adapters/slack"
	"github.com/waymark-org/waymark/internal/serve"
	"github.com/waymark-org/waymark/internal/store"
)

// TestRetentionKeepsAnUninstalledGroupThirtyDays: the welcome message and
// the README promise that an uninstalled workspace's data goes 30 days
// later, and a reinstall within them picks up where it left off. The
// sweep purges with the cutoff now - serve.Retention; the clock here is
// injected (uninstall, reinstall and each purge name their time), so the
// days are exact.
func TestRetentionKeepsAnUninstalledGroupThirtyDays(t *testing.T) {
	if serve.Retention != 30*24*time.Hour {
		t.Errorf("serve.Retention = %v; users are told 30 days", serve.Retention)
	}
	eachDialect(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		uninstalled := time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)
		day := 24 * time.Hour
		gone := populate(t, db, newTenant(t, db, "GONE"), 1, 3)
		back := populate(t, db, newTenant(t, db, "BACK"), 1, 3)
		stays := populate(t, db, newTenant(t, db, "STAYS"), 1, 3)
		for _, team := range []string{"team-GONE", "team-BACK"} {
			if known, err := slackadapter.InstallsOf(db).Revoke(ctx, team, uninstalled); err != nil || !known {
				t.Fatalf("uninstall %s: %v, %v", team, known, err)
			}
		}
		// Reinstalled ten days later.
		tn, err := db.Tenant(ctx, back.tenant.ID)
		if err != nil {
			t.Fatal(err)
		}
		tn.Active = true
		if err := db.UpdateTenant(ctx, tn); err != nil {
			t.Fatal(err)
		}
		for _, step := range []struct {
			after     time.Duration
			wantGone  int64
			goneAfter bool
		}{
			{29 * day, 0, false},
			{30*day - time.Minute, 0, false},
			{30*day + time.Minute, 1, true},
			{400 * day, 0, true},
		} {
			now := uninstalled.Add(step.after)
			n, err := db.PurgeInactiveTenants(ctx, now.Add(-serve.Retention))
			if err != nil || n != step.wantGone {
				t.Errorf("purge %v after uninstall: %d tenants, %v; want %d", step.after, n, err, step.wantGone)
			}
			_, err = db.Tenant(ctx, gone.tenant.ID)
			if (err != nil) != step.goneAfter {
				t.Errorf("%v after uninstall: uninstalled tenant gone = %v, want %v", step.after, err != nil, step.goneAfter)
			}
			for _, kept := range []planted{back, stays} {
				if _, err := db.Tenant(ctx, kept.tenant.ID); err != nil {
					t.Errorf("%v after uninstall: tenant %s purged: %v", step.after, kept.tenant.ExternalID, err)
				}
			}
		}
	})
}
