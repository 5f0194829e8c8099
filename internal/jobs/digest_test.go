package jobs_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/waymark-org/waymark/bot"
	"github.com/waymark-org/waymark/internal/jobs"
	"github.com/waymark-org/waymark/internal/store/storetest"
)

// digestRig is a rig whose group lists two moderators, has one entry of
// its own overdue for review, and two questions it could not answer this
// week (one asked twice) and one from long before. The runner starts once
// that is set up: River's periodic enqueuer also plans (RunOnStart, as
// soon as the client is leader), and must find the group as the test
// means it.
func digestRig(t *testing.T, dialect string, opts jobs.Options) *rig {
	t.Helper()
	ctx := context.Background()
	db := storetest.Open(t, dialect)
	opts.Tasks = append(opts.Tasks, jobs.DigestTask(db))
	r := newStoppedRig(t, db, newClock(start), opts)
	for _, m := range []string{"mod1", "mod2"} {
		if rep := r.say("admin", "settings moderators add "+m, true); rep.Kind != bot.KindInfo {
			t.Fatalf("add moderator: %q", rep.Text)
		}
	}
	e := *r.bot.Library.BaseEntries()[0]
	e.Reviewed, e.ReviewEvery = "2025-10-01", "12mo"
	src, err := e.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	if err := db.PutTenantEntry(ctx, bot.TenantEntry{TenantID: r.tenant.ID, EntryID: e.ID, Source: string(src), UpdatedBy: "mod1", UpdatedAt: start}); err != nil {
		t.Fatal(err)
	}
	for _, q := range []struct {
		text string
		at   time.Time
	}{
		{"how do we pay a sessional worker through payroll", start},
		{"how do we pay a sessional worker through payroll", start.Add(time.Hour)},
		{"can sam from the tuesday group be a trustee", start.Add(2 * time.Hour)},
		{"an old question from the summer", start.AddDate(0, -4, 0)},
	} {
		if err := db.RecordUnanswered(ctx, r.tenant.ID, q.text, q.at); err != nil {
			t.Fatal(err)
		}
	}
	r.start()
	return r
}

// plan runs the periodic tasks (the digest planner) at the rig's clock,
// and waits until no job is running on any client: another replica's
// client may have taken the task, and RunUntilIdle waits only for its own
// (another's running job might be a crashed replica's).
func (r *rig) plan() {
	r.t.Helper()
	ctx := context.Background()
	if _, err := r.engine.EnqueueTasks(ctx); err != nil {
		r.t.Fatal(err)
	}
	tick := time.NewTicker(2 * time.Millisecond)
	defer tick.Stop()
	for {
		if err := r.engine.RunUntilIdle(ctx); err != nil {
			r.t.Fatal(err)
		}
		_, busy, _, err := r.engine.NextDue(ctx)
		if err != nil {
			r.t.Fatal(err)
		}
		if !busy {
			return
		}
		<-tick.C
	}
}

// TestWeeklyDigestGoesToModeratorsOnceAWeek: the planner (a periodic job)
// schedules the group's digest for Monday at its reminder hour; each listed
// moderator gets it once, by DM, with the overdue entry and the new
// unanswered questions as counts, never their wording; planning again,
// and a second replica, send nothing twice; the next Monday brings the
// next one.
func TestWeeklyDigestGoesToModeratorsOnceAWeek(t *testing.T) {
	eachDialect(t, func(t *testing.T, dialect string) {
		ctx := context.Background()
		r := digestRig(t, dialect, jobs.Options{})
		// A second replica on the same database, planning and working too.
		other := newRig(t, r.db, r.clock, jobs.Options{Tasks: []jobs.Task{jobs.DigestTask(r.db)}})
		r.plan()
		js, err := r.db.Jobs(ctx, r.tenant.ID, "digest")
		monday := time.Date(2026, time.November, 23, 9, 0, 0, 0, time.UTC) // 09:00 London (GMT)
		if err != nil || len(js) != 1 || !js[0].RunAt.Equal(monday) || js[0].Key != "digest/2026-W48" {
			t.Fatalf("digest jobs = %+v, %v; want one for Mon 23 Nov 09:00", js, err)
		}
		// Both replicas plan at several moments (as River's periodic
		// enqueuer would on whichever is leader) and work what is due.
		for _, step := range []time.Time{start.Add(time.Hour), start.Add(12 * time.Hour), monday.Add(-time.Minute), monday, monday.Add(time.Hour), monday.Add(3 * time.Hour)} {
			r.clock.Set(step)
			r.plan()
			other.plan()
		}
		got := append(r.note.Sent(), other.note.Sent()...)
		if len(got) != 2 {
			t.Fatalf("%d digests sent, want one to each moderator: %+v", len(got), got)
		}
		seen := map[string]bool{}
		for _, s := range got {
			seen[s.To] = true
			txt := s.Reply.Text
			if !s.Direct || !s.At.Equal(monday) {
				t.Errorf("digest to %s: direct %v at %s, want a DM at %s", s.To, s.Direct, s.At, monday)
			}
			if !strings.Contains(txt, "overdue since 1 Oct 2026") || !strings.Contains(txt, r.bot.Library.BaseEntries()[0].ID) {
				t.Errorf("digest does not list the overdue entry: %q", txt)
			}
			if !strings.Contains(txt, "2 new questions I couldn't answer since Mon 16 Nov, asked 3 times in all") {
				t.Errorf("digest does not count the new gaps: %q", txt)
			}
			if strings.Contains(txt, "payroll") || strings.Contains(txt, "sam") || strings.Contains(txt, "summer") {
				t.Errorf("digest quotes a question: %q", txt)
			}
		}
		if !seen["mod1"] || !seen["mod2"] {
			t.Errorf("digest went to %v, want mod1 and mod2", seen)
		}
		// Planning after this Monday's went out plans next Monday's, once.
		js, _ = r.db.Jobs(ctx, r.tenant.ID, "digest")
		if len(js) != 2 || js[0].Outcome != bot.OutcomeSent || js[1].Key != "digest/2026-W49" || !js[1].RunAt.Equal(monday.AddDate(0, 0, 7)) {
			t.Fatalf("digest jobs after this week's = %+v", js)
		}
	})
}

// TestDigestOptOutAndNobodyToTell: a group that turned the digest off, or
// lists no moderators, gets none; one turned off after it was planned is
// skipped when it comes due.
func TestDigestOptOutAndNobodyToTell(t *testing.T) {
	eachDialect(t, func(t *testing.T, dialect string) {
		ctx := context.Background()
		r := digestRig(t, dialect, jobs.Options{})
		r.plan()
		if rep := r.say("mod1", "settings digest off", true); rep.Kind != bot.KindInfo || !strings.Contains(rep.Text, "weekly digest: off") {
			t.Fatalf("settings digest off = %q", rep.Text)
		}
		r.stepUntil(time.Date(2026, time.November, 23, 12, 0, 0, 0, time.UTC), time.Hour)
		if got := r.note.Sent(); len(got) != 0 {
			t.Fatalf("digest sent after opting out: %+v", got)
		}
		js, _ := r.db.Jobs(ctx, r.tenant.ID, "digest")
		if len(js) != 1 || js[0].Outcome != bot.OutcomeSkipped {
			t.Fatalf("digest jobs = %+v, want the planned one skipped", js)
		}
		r.plan()
		if js, _ := r.db.Jobs(ctx, r.tenant.ID, "digest"); len(js) != 1 {
			t.Fatalf("a digest was planned for a group that turned it off: %+v", js)
		}
		// A group with no moderators listed: nothing planned.
		lonely := storetest.Open(t, dialect)
		lone := newRig(t, lonely, newClock(start), jobs.Options{Tasks: []jobs.Task{jobs.DigestTask(lonely)}})
		lone.plan()
		if js, _ := lone.db.Jobs(ctx, lone.tenant.ID, "digest"); len(js) != 0 {
			t.Fatalf("a digest was planned for a group with no moderators: %+v", js)
		}
	})
}
