package jobs_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/waymark-org/waymark/bot"
	"github.com/waymark-org/waymark/internal/dates"
	"github.com/waymark-org/waymark/internal/jobs"
	"github.com/waymark-org/waymark/internal/store/storetest"
)

// TestCheckinWindowOneConditionAtATime: a check-in is sent only in the day
// window (08:00-20:00 local), no more than two hours late, and not while
// the person has paused. The old test met two of these at once (stale and
// at night), so removing either guard alone left it green. Each case here
// breaks exactly one condition, and the next check-in is scheduled either
// way. One reached at night is not skipped but moved (River snooze) to
// 08:00 the next morning, in the group's time zone, and sent then.
func TestCheckinWindowOneConditionAtATime(t *testing.T) {
	monday := func(h, m int) time.Time { return time.Date(2026, time.November, 23, h, m, 0, 0, time.UTC) } // GMT: local = UTC
	tests := []struct {
		name     string
		on       string    // checkin on ...
		pause    string    // ISO date the person is paused until, set after scheduling
		runAt    time.Time // when the engine runs
		outcome  string
		wantNext time.Time
		movedTo  time.Time // when set: snoozed to then, and sent then
	}{
		{"on time", "monday 10:00", "", monday(10, 0), bot.OutcomeSent, monday(10, 0).AddDate(0, 0, 7), time.Time{}},
		{"late within two hours", "monday 10:00", "", monday(11, 59), bot.OutcomeSent, monday(10, 0).AddDate(0, 0, 7), time.Time{}},
		{"stale: over two hours late, by day", "monday 10:00", "", monday(12, 1), bot.OutcomeSkipped, monday(10, 0).AddDate(0, 0, 7), time.Time{}},
		{"night: on the dot of 20:00 is still day", "monday 20:00", "", monday(20, 0), bot.OutcomeSent, monday(20, 0).AddDate(0, 0, 7), time.Time{}},
		{"night: twenty minutes late, after 20:00, moves to the morning", "monday 19:45", "", monday(20, 5), bot.OutcomeSent, monday(19, 45).AddDate(0, 0, 7), monday(8, 0).AddDate(0, 0, 1)},
		{"paused: until next week, on time by day", "monday 10:00", "2026-11-30", monday(10, 0), bot.OutcomeSkipped, monday(10, 0).AddDate(0, 0, 7), time.Time{}},
		{"pause ended today", "monday 10:00", "2026-11-23", monday(10, 0), bot.OutcomeSent, monday(10, 0).AddDate(0, 0, 7), time.Time{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			eachDialect(t, func(t *testing.T, dialect string) {
				ctx := context.Background()
				r := newRig(t, storetest.Open(t, dialect), newClock(start), jobs.Options{})
				if rep := r.say("ana", "checkin on "+tt.on, false); !strings.Contains(rep.Text, "Mon 23 Nov") {
					t.Fatalf("checkin on = %q", rep.Text)
				}
				if tt.pause != "" {
					// Paused after this check-in was queued (on another
					// replica, say): the queued one must still hold back.
					sub, err := r.db.CheckinSub(ctx, r.tenant.ID, "ana")
					if err != nil {
						t.Fatal(err)
					}
					if sub.PausedUntil, err = dates.ParseISO(tt.pause); err != nil {
						t.Fatal(err)
					}
					js, _ := r.db.Jobs(ctx, r.tenant.ID, "checkin:")
					if err := r.db.SaveCheckinSub(ctx, *sub, js[0].Job); err != nil {
						t.Fatal(err)
					}
				}
				r.clock.Set(tt.runAt)
				if err := r.engine.RunUntilIdle(ctx); err != nil {
					t.Fatal(err)
				}
				if !tt.movedTo.IsZero() {
					js, err := r.db.Jobs(ctx, r.tenant.ID, "checkin:")
					if err != nil || len(js) != 2 || js[0].State != "scheduled" || js[0].Outcome != "" {
						t.Fatalf("at night, check-in jobs = %+v, %v; want this one moved, not finished", js, err)
					}
					if n := len(r.note.Sent()); n != 0 {
						t.Fatalf("%d check-ins sent at night", n)
					}
					r.clock.Set(tt.movedTo.Add(-time.Minute))
					if err := r.engine.RunUntilIdle(ctx); err != nil {
						t.Fatal(err)
					}
					if n := len(r.note.Sent()); n != 0 {
						t.Fatalf("%d check-ins sent before %s", n, tt.movedTo)
					}
					r.clock.Set(tt.movedTo)
					if err := r.engine.RunUntilIdle(ctx); err != nil {
						t.Fatal(err)
					}
					if got := r.note.Sent(); len(got) != 1 || !got[0].At.Equal(tt.movedTo) {
						t.Fatalf("moved check-in sent %+v, want once at %s", got, tt.movedTo)
					}
				}
				js, err := r.db.Jobs(ctx, r.tenant.ID, "checkin:")
				if err != nil || len(js) != 2 {
					t.Fatalf("check-in jobs = %+v, %v", js, err)
				}
				if js[0].Outcome != tt.outcome {
					t.Errorf("outcome %q, want %q", js[0].Outcome, tt.outcome)
				}
				if !js[1].RunAt.Equal(tt.wantNext) || js[1].Outcome != "" {
					t.Errorf("next check-in %+v, want one pending at %s", js[1], tt.wantNext)
				}
				want := 0
				if tt.outcome == bot.OutcomeSent {
					want = 1
				}
				if sent := len(r.note.Sent()); sent != want {
					t.Errorf("%d check-ins sent, want %d", sent, want)
				}
			})
		})
	}
}
