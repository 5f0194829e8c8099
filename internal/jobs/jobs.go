// Package jobs runs Waymark's scheduled work (deadline reminders and
// check-ins) on River (github.com/riverqueue/river), over the tenant
// database, SQLite or PostgreSQL. The store inserts the jobs, in the same
// transaction as what they belong to; a Runner works them, handing each to
// a Deliverer (the bot's scheduling feature, which sends through
// bot.Notifier). Several runners may share one database; see README.md.
package jobs

import (
	"context"

	"github.com/waymark-org/waymark/bot"
)

// Deliverer runs one job. *bot.Scheduling implements it.
type Deliverer interface {
	// Deliver sends the job and returns the outcome to record; an error
	// means "try again later".
	Deliver(ctx context.Context, j bot.Job) (string, error)
	// GiveUp tells a person that the job failed for good.
	GiveUp(ctx context.Context, j bot.Job, cause error) error
}
