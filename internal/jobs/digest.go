package jobs

import (
	"context"
	"fmt"
	"time"

	"github.com/waymark-org/waymark/bot"
	"github.com/waymark-org/waymark/feature/digest"
	"github.com/waymark-org/waymark/internal/dates"
)

// DigestSender sends one group's moderators' digest. *digest.Digest
// implements it.
type DigestSender interface {
	SendDigest(ctx context.Context, tenantID int64, since, now time.Time) (string, error)
}

// DigestStore is what planning the digests needs from the store.
type DigestStore interface {
	ActiveTenants(ctx context.Context) ([]*bot.Tenant, error)
	EnqueueJobs(ctx context.Context, js []bot.Job) error
}

// DigestPlanEvery is how often the digest planner runs. Any period well
// under a week works: each run inserts every group's next digest, which is
// unique per group and week, so the runs between insert nothing new.
const DigestPlanEvery = 6 * time.Hour

// DigestTask plans the moderators' weekly digests: for every group that
// wants one, a job at the group's reminder hour on the next Monday, in its
// time zone, keyed by that week. The key makes the job unique, so however
// many replicas or runs plan it, it is sent once a week; a job planned for
// a group that then turns the digest off is skipped when it comes due.
func DigestTask(s DigestStore) Task {
	return Task{Name: "digest.plan", Every: DigestPlanEvery, Run: func(ctx context.Context, now time.Time) error {
		ts, err := s.ActiveTenants(ctx)
		if err != nil {
			return err
		}
		var js []bot.Job
		for _, t := range ts {
			if digest.Wants(t) {
				js = append(js, DigestJob(t, now))
			}
		}
		if err := s.EnqueueJobs(ctx, js); err != nil {
			return fmt.Errorf("plan digests: %w", err)
		}
		return nil
	}}
}

// DigestJob is the group's next digest after now: Monday at the group's
// reminder hour, local time.
func DigestJob(t *bot.Tenant, now time.Time) bot.Job {
	loc := t.Location()
	hour := 9
	if t.Settings.ReminderHour != nil {
		hour = *t.Settings.ReminderHour
	}
	day := dates.DateOf(now.In(loc))
	at := day.At(hour, 0, loc)
	for day.Weekday() != time.Monday || !at.After(now) {
		day = day.AddDays(1)
		at = day.At(hour, 0, loc)
	}
	return bot.Job{TenantID: t.ID, Kind: bot.JobDigest, Key: digest.Week(at.In(loc)), Subject: "digest", RunAt: at, Payload: []byte("{}")}
}
