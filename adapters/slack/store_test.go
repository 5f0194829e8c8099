package slack_test

import (
	"context"
	"errors"
	"testing"
	"time"

	slackadapter "github.com/waymark-org/waymark/adapters/slack"
	"github.com/waymark-org/waymark/bot"
	"github.com/waymark-org/waymark/internal/store"
	"github.com/waymark-org/waymark/internal/store/storetest"
)

// The Slack adapter's own tables (store.go), on both databases.

func eachDB(t *testing.T, fn func(t *testing.T, db *store.DB)) {
	t.Helper()
	storetest.EachDB(t, fn)
}

func newTenant(t *testing.T, db *store.DB, externalID string) *bot.Tenant {
	t.Helper()
	return storetest.Tenant(t, db, "slack", externalID)
}

func TestOAuthStateTakenOnce(t *testing.T) {
	eachDB(t, func(t *testing.T, db *store.DB) {
		installs := slackadapter.InstallsOf(db)
		ctx := context.Background()
		if err := installs.PutOAuthState(ctx, "s1", time.Now().Add(time.Minute)); err != nil {
			t.Fatal(err)
		}
		if err := installs.PutOAuthState(ctx, "old", time.Now().Add(-time.Minute)); err != nil {
			t.Fatal(err)
		}
		for _, tc := range []struct {
			state string
			want  bool
		}{{"s1", true}, {"s1", false}, {"old", false}, {"never", false}} {
			got, err := installs.TakeOAuthState(ctx, tc.state)
			if err != nil || got != tc.want {
				t.Errorf("take %q = %v, %v; want %v", tc.state, got, err, tc.want)
			}
		}
	})
}

func TestSlackInstallLifecycleAndTenantDelete(t *testing.T) {
	eachDB(t, func(t *testing.T, db *store.DB) {
		installs := slackadapter.InstallsOf(db)
		ctx := context.Background()
		tn := newTenant(t, db, "T1")
		other := newTenant(t, db, "T2")
		in := slackadapter.Installation{TenantID: tn.ID, TeamID: "T1", BotUserID: "UB", BotTokenSealed: "k1:abc", InstallerUser: "U1", Scopes: "chat:write"}
		if err := installs.Save(ctx, in); err != nil {
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

		if err := installs.Reseal(ctx, "T1", "k1:abc", "k2:def"); err != nil {
			t.Fatal(err)
		}
		got, err := installs.ByTeam(ctx, "T1")
		if err != nil || got.BotTokenSealed != "k2:def" || got.RevokedAt.Valid {
			t.Fatalf("installation = %+v, %v", got, err)
		}

		known, err := installs.Revoke(ctx, "T1", time.Now())
		if err != nil || !known {
			t.Fatalf("revoke = %v, %v", known, err)
		}
		got, _ = installs.ByTeam(ctx, "T1")
		if got.BotTokenSealed != "" || !got.RevokedAt.Valid {
			t.Fatalf("after revoke: %+v", got)
		}
		if tt, _ := db.Tenant(ctx, tn.ID); tt.Active {
			t.Fatal("tenant still active after uninstall")
		}
		if known, _ := installs.Revoke(ctx, "T9", time.Now()); known {
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
		if _, err := installs.ByTeam(ctx, "T1"); !errors.Is(err, bot.ErrNotFound) {
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
