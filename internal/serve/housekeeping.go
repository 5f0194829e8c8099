package serve

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/waymark-org/waymark/internal/jobs"
	"github.com/waymark-org/waymark/internal/store"
)

// Retention is how long an uninstalled workspace's data is kept before the
// sweep deletes it (a reinstall within it picks up where it left off).
const Retention = 30 * 24 * time.Hour

// Periods of the housekeeping tasks: how long an expired row may outlive
// its expiry. None is urgent; each run is one or two DELETEs.
const (
	RetentionSweepEvery = time.Hour
	ConsoleSweepEvery   = 10 * time.Minute
)

// Housekeeping is serve's scheduled upkeep, as River periodic jobs (see
// jobs.Task): the leader replica inserts each once a period, unique per
// period, and any replica's runner works it, so replicas never sweep at
// once and a restart does not repeat a sweep. It goes into the job
// runner's options (cmd_jobs.go); the runner's clock is the sweep's now.
func Housekeeping(db *store.DB, log *slog.Logger) []jobs.Task {
	return []jobs.Task{
		{Name: "retention.sweep", Every: RetentionSweepEvery, Run: func(ctx context.Context, now time.Time) error {
			// Expired dedupe rows and OAuth states, then the data of
			// workspaces uninstalled more than Retention ago.
			n, err := db.PurgeExpiredSlack(ctx, now)
			if err != nil {
				return fmt.Errorf("purge expired event claims and OAuth states: %w", err)
			}
			if n > 0 {
				log.InfoContext(ctx, "purged expired event claims and OAuth states", "rows", n)
			}
			if n, err = db.PurgeInactiveTenants(ctx, now.Add(-Retention)); err != nil {
				return fmt.Errorf("purge uninstalled tenants: %w", err)
			}
			if n > 0 {
				log.InfoContext(ctx, "deleted uninstalled tenants past retention", "tenants", n)
			}
			return nil
		}},
		{Name: "console.sweep", Every: ConsoleSweepEvery, Run: func(ctx context.Context, now time.Time) error {
			if _, err := db.PurgeExpiredConsole(ctx, now); err != nil {
				return fmt.Errorf("purge expired console links and sessions: %w", err)
			}
			return nil
		}},
	}
}
