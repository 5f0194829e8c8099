package jobs_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/waymark-org/waymark/bot"
	"github.com/waymark-org/waymark/internal/jobs"
	"github.com/waymark-org/waymark/internal/serve"
	"github.com/waymark-org/waymark/internal/store/storetest"
)

// TestRetentionSweepIsAPeriodicJob: the retention sweep is a River
// periodic job, not a timer. A workspace uninstalled 30 days ago less an
// hour keeps its data; once past 30 days the next sweep deletes it (and
// its jobs); a sweep already run in its period is not inserted again, so a
// new leader or a restarted replica does not sweep twice.
func TestRetentionSweepIsAPeriodicJob(t *testing.T) {
	eachDialect(t, func(t *testing.T, dialect string) {
		ctx := context.Background()
		db := storetest.Open(t, dialect)
		c := newClock(start)
		r := newRig(t, db, c, jobs.Options{Tasks: serve.Housekeeping(db, storetest.Logger(t))})
		gone, err := db.EnsureTenant(ctx, "test", "group-gone", "Uninstalled group")
		if err != nil {
			t.Fatal(err)
		}
		if err := db.DeactivateTenant(ctx, gone.ID, c.Now()); err != nil {
			t.Fatal(err)
		}
		sweep := func() int {
			t.Helper()
			n, err := r.engine.EnqueueTasks(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if err := r.engine.RunUntilIdle(ctx); err != nil {
				t.Fatal(err)
			}
			return n
		}
		// River's own periodic enqueuer runs too (RunOnStart, once this
		// client is leader, at whatever the test clock then says), so how
		// many of these inserts are new is not fixed until the last.
		c.Set(start.Add(serve.Retention - time.Hour))
		sweep()
		if _, err := db.Tenant(ctx, gone.ID); err != nil {
			t.Fatalf("tenant deleted before its 30 days: %v", err)
		}
		c.Add(2 * time.Hour)
		sweep()
		if _, err := db.Tenant(ctx, gone.ID); !errors.Is(err, bot.ErrNotFound) {
			t.Fatalf("tenant uninstalled over 30 days ago: %v, want deleted", err)
		}
		if n := sweep(); n != 0 {
			t.Fatalf("%d tasks inserted again in the same period, want none", n)
		}
		if _, err := db.Tenant(ctx, r.tenant.ID); err != nil {
			t.Fatalf("the installed group went too: %v", err)
		}
	})
}
