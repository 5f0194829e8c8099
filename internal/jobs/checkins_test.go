package jobs_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/waymark-org/waymark/bot"
	"github.com/waymark-org/waymark/feature/scheduling"
	"github.com/waymark-org/waymark/internal/jobs"
	"github.com/waymark-org/waymark/internal/store/storetest"
)

func TestCheckinArrivesAndIsAnsweredPrivately(t *testing.T) {
	eachDialect(t, func(t *testing.T, dialect string) {
		r := newRig(t, storetest.Open(t, dialect), newClock(start), jobs.Options{})
		rep := r.say("ana", "checkin on weekly friday 16:00", false)
		if !strings.Contains(rep.Text, "Fri 27 Nov at 16:00") || !rep.Private {
			t.Fatalf("checkin on = %q", rep.Text)
		}
		r.stepUntil(time.Date(2026, time.December, 5, 0, 0, 0, 0, time.UTC), 15*time.Minute)
		got := r.note.Sent()
		want := []time.Time{time.Date(2026, time.November, 27, 16, 0, 0, 0, time.UTC), time.Date(2026, time.December, 4, 16, 0, 0, 0, time.UTC)}
		if len(got) != 2 {
			t.Fatalf("got %d check-ins, want 2: %+v", len(got), got)
		}
		for i, s := range got {
			if !s.Direct || s.To != "ana" || !s.At.Equal(want[i]) || len(s.Reply.Buttons) != 6 {
				t.Errorf("check-in %d = %+v", i, s)
			}
		}
		if b := got[0].Reply.Buttons; b[0].Action != bot.ActionCheckinAnswer || b[0].Value != "1" || b[5].Action != bot.ActionCheckinSkip {
			t.Errorf("buttons = %+v", b)
		}
		ack := r.click("ana", bot.ActionCheckinAnswer, "4")
		if !ack.Private || !strings.Contains(ack.Text, "Thanks for checking in") {
			t.Errorf("ack = %q", ack.Text)
		}
		if r := r.say("ana", "checkin note busy but ok", false); r.Kind != bot.KindInfo {
			t.Errorf("note = %q", r.Text)
		}
		hist := r.say("ana", "checkin history", false)
		if !strings.Contains(hist.Text, "4/5 (busy but ok)") {
			t.Errorf("history = %q", hist.Text)
		}
		other := r.say("ben", "checkin history", false)
		if strings.Contains(other.Text, "busy") || strings.Contains(other.Text, "4/5") {
			t.Errorf("another person sees ana's answers: %q", other.Text)
		}
	})
}

func TestCheckinFollowUps(t *testing.T) {
	eachDialect(t, func(t *testing.T, dialect string) {
		r := newRig(t, storetest.Open(t, dialect), newClock(start), jobs.Options{})
		answer := func(score string) string {
			t.Helper()
			r.say("ana", "checkin now", false)
			r.clock.Add(time.Hour)
			return r.click("ana", bot.ActionCheckinAnswer, score).Text
		}
		if a := answer("5"); strings.Contains(a, "Share the load") {
			t.Errorf("a good week got the follow-up: %q", a)
		}
		if a := answer("3"); !strings.Contains(a, "Share the load") {
			t.Errorf("a sharp drop (5 to 3) got no follow-up: %q", a)
		}
		if a := answer("2"); strings.Contains(a, "Share the load") {
			t.Errorf("3 then 2 is neither two lows nor a sharp drop: %q", a)
		}
		a := answer("2")
		if !strings.Contains(a, "Share the load") || !strings.Contains(a, "/waymark kb show wellbeing/burnout-signs") {
			t.Errorf("two lows in a row got no follow-up: %q", a)
		}
		if strings.Contains(a, "999") {
			t.Errorf("crisis numbers shown for a 2: %q", a)
		}
		if a := answer("1"); !strings.Contains(a, "999") || !strings.Contains(a, "116 123") {
			t.Errorf("the lowest answer got no crisis numbers: %q", a)
		}
		r.say("ana", "checkin now", false)
		if a := r.click("ana", bot.ActionCheckinSkip, "skip"); !strings.Contains(a.Text, "Skipped") {
			t.Errorf("skip = %q", a.Text)
		}
		if a := r.click("ana", bot.ActionCheckinAnswer, "3"); !strings.Contains(a.Text, "no check-in waiting") {
			t.Errorf("answering with nothing pending = %q", a.Text)
		}
	})
}

func TestNeedsFollowUp(t *testing.T) {
	tests := []struct {
		score, prev int
		want        bool
	}{
		{5, 0, false}, {4, 5, false}, {3, 5, true}, {2, 0, false}, {2, 2, true},
		{1, 0, true}, {2, 1, true}, {2, 3, false}, {3, 3, false}, {1, 5, true},
	}
	for _, tt := range tests {
		if got := scheduling.NeedsFollowUp(tt.score, tt.prev); got != tt.want {
			t.Errorf("NeedsFollowUp(%d after %d) = %v, want %v", tt.score, tt.prev, got, tt.want)
		}
	}
}

func TestNoCheckinsAtNightAfterDowntime(t *testing.T) {
	eachDialect(t, func(t *testing.T, dialect string) {
		r := newRig(t, storetest.Open(t, dialect), newClock(start), jobs.Options{})
		rep := r.say("ana", "checkin on monday 6am", false)
		if !strings.Contains(rep.Text, "became 08:00") {
			t.Fatalf("an early check-in was not moved: %q", rep.Text)
		}
		// Down from Monday 07:00 until Tuesday 03:00: the 08:00 check-in is
		// stale, and 03:00 is night.
		r.clock.Set(time.Date(2026, time.November, 23, 7, 0, 0, 0, time.UTC))
		if err := r.engine.RunUntilIdle(context.Background()); err != nil {
			t.Fatal(err)
		}
		r.clock.Set(time.Date(2026, time.November, 24, 3, 0, 0, 0, time.UTC))
		if err := r.engine.RunUntilIdle(context.Background()); err != nil {
			t.Fatal(err)
		}
		if got := r.note.Sent(); len(got) != 0 {
			t.Fatalf("a stale check-in was sent at 3am: %+v", got)
		}
		js, _ := r.db.Jobs(context.Background(), r.tenant.ID, "checkin:")
		if len(js) != 2 || js[0].Outcome != bot.OutcomeSkipped || !js[1].RunAt.Equal(time.Date(2026, time.November, 30, 8, 0, 0, 0, time.UTC)) {
			t.Fatalf("jobs = %+v, want the stale one skipped and next Monday 08:00 scheduled", js)
		}
		r.stepUntil(time.Date(2026, time.December, 1, 0, 0, 0, 0, time.UTC), time.Hour)
		if got := r.note.Sent(); len(got) != 1 || !got[0].At.Equal(time.Date(2026, time.November, 30, 8, 0, 0, 0, time.UTC)) {
			t.Fatalf("next check-in = %+v", got)
		}
	})
}

// TestMovedCheckinStillSkippedWhenStale: a check-in the night window moved
// to 08:00 is itself stale two hours after 08:00 (downtime through the
// morning): it is skipped, not sent at noon or later, and the next one
// stays scheduled.
func TestMovedCheckinStillSkippedWhenStale(t *testing.T) {
	eachDialect(t, func(t *testing.T, dialect string) {
		ctx := context.Background()
		r := newRig(t, storetest.Open(t, dialect), newClock(start), jobs.Options{})
		r.say("ana", "checkin on monday 19:45", false)
		r.clock.Set(time.Date(2026, time.November, 23, 20, 5, 0, 0, time.UTC))
		if err := r.engine.RunUntilIdle(ctx); err != nil {
			t.Fatal(err)
		}
		// Down from before 08:00 until 10:01 on Tuesday.
		r.clock.Set(time.Date(2026, time.November, 24, 10, 1, 0, 0, time.UTC))
		if err := r.engine.RunUntilIdle(ctx); err != nil {
			t.Fatal(err)
		}
		if got := r.note.Sent(); len(got) != 0 {
			t.Fatalf("a moved check-in was sent over two hours late: %+v", got)
		}
		js, _ := r.db.Jobs(ctx, r.tenant.ID, "checkin:")
		if len(js) != 2 || js[0].Outcome != bot.OutcomeSkipped || !js[1].RunAt.Equal(time.Date(2026, time.November, 30, 19, 45, 0, 0, time.UTC)) {
			t.Fatalf("jobs = %+v, want the moved one skipped and next Monday 19:45 scheduled", js)
		}
	})
}

// TestNightMovesCheckinToTheGroupsMorning: the morning is the group's, not
// the server's: in Berlin (UTC+1 in November) a check-in reached at 20:05
// local (45 minutes late) goes at 08:00 Berlin time, 07:00 UTC.
func TestNightMovesCheckinToTheGroupsMorning(t *testing.T) {
	eachDialect(t, func(t *testing.T, dialect string) {
		ctx := context.Background()
		r := newRig(t, storetest.Open(t, dialect), newClock(start), jobs.Options{})
		if rep := r.say("mod", "settings timezone Europe/Berlin", true); rep.Kind != bot.KindInfo {
			t.Fatalf("settings timezone = %q", rep.Text)
		}
		r.say("ana", "checkin on monday 19:45", false)
		r.clock.Set(time.Date(2026, time.November, 23, 19, 30, 0, 0, time.UTC))
		r.stepUntil(time.Date(2026, time.November, 24, 12, 0, 0, 0, time.UTC), 30*time.Minute)
		want := time.Date(2026, time.November, 24, 7, 0, 0, 0, time.UTC)
		if got := r.note.Sent(); len(got) != 1 || !got[0].At.Equal(want) {
			t.Fatalf("check-ins sent %+v, want one at %s", got, want)
		}
		js, _ := r.db.Jobs(ctx, r.tenant.ID, "checkin:")
		if len(js) != 2 || js[0].Outcome != bot.OutcomeSent {
			t.Fatalf("jobs = %+v", js)
		}
	})
}

func TestPulseHidesGroupsUnderFive(t *testing.T) {
	eachDialect(t, func(t *testing.T, dialect string) {
		r := newRig(t, storetest.Open(t, dialect), newClock(start), jobs.Options{})
		people := []string{"ana", "ben", "cat", "dev", "eve"}
		for i, p := range people {
			r.say(p, "checkin now", false)
			// ana answers twice: the pulse counts her once, latest answer.
			if p == "ana" {
				r.click(p, bot.ActionCheckinAnswer, "1")
				r.clock.Add(time.Minute)
				r.say(p, "checkin now", false)
			}
			r.click(p, bot.ActionCheckinAnswer, fmt.Sprint(2+i%4))
			pulse := r.say("mod", "checkin pulse", true)
			answered := i + 1
			shown := strings.Contains(pulse.Text, "average")
			if shown != (answered >= bot.PulseMinPeople) {
				t.Fatalf("with %d people answered, pulse shown = %v: %q", answered, shown, pulse.Text)
			}
			// The only number a hidden pulse may show is the threshold.
			if !shown && strings.ContainsAny(pulse.Text, "012346789") {
				t.Errorf("a hidden pulse leaks a count: %q", pulse.Text)
			}
			for _, name := range people {
				if strings.Contains(strings.ToLower(pulse.Text), name) {
					t.Errorf("pulse names %s: %q", name, pulse.Text)
				}
			}
		}
		pulse := r.say("mod", "checkin pulse", true)
		// Scores 2,3,4,5,2: average 3.2.
		if !strings.Contains(pulse.Text, "5 people answered") || !strings.Contains(pulse.Text, "average 3.2") {
			t.Errorf("pulse = %q", pulse.Text)
		}
		if rep := r.say("ana", "checkin pulse", false); rep.Kind != bot.KindError {
			t.Errorf("a non-moderator saw the pulse: %q", rep.Text)
		}
	})
}

func TestForgetMeDeletesCheckins(t *testing.T) {
	eachDialect(t, func(t *testing.T, dialect string) {
		r := newRig(t, storetest.Open(t, dialect), newClock(start), jobs.Options{})
		r.say("ana", "checkin on weekly", false)
		r.say("ana", "checkin now", false)
		r.click("ana", bot.ActionCheckinAnswer, "3")
		r.mustAdd("ana", `deadline add "AGM" 15 Jan`)
		rep := r.say("ana", "forget-me", false)
		if !strings.Contains(rep.Text, "1 check-in") || !strings.Contains(rep.Text, "your name from 1 deadline") {
			t.Fatalf("forget-me = %q", rep.Text)
		}
		if h := r.say("ana", "checkin history", false); !strings.Contains(h.Text, "no check-in answers") {
			t.Errorf("history after forget-me = %q", h.Text)
		}
		js, _ := r.db.Jobs(context.Background(), r.tenant.ID, "checkin:")
		if len(js) != 0 {
			t.Errorf("check-in jobs left after forget-me: %+v", js)
		}
		list := r.say("ben", "deadline list", false)
		if !strings.Contains(list.Text, "AGM") || strings.Contains(list.Text, "Ana") {
			t.Errorf("deadline list after forget-me = %q", list.Text)
		}
	})
}

func TestGovernanceCalendar(t *testing.T) {
	eachDialect(t, func(t *testing.T, dialect string) {
		r := newRig(t, storetest.Open(t, dialect), newClock(start), jobs.Options{})
		rep := r.say("sam", "deadline calendar --year-end 31 March", true)
		for _, want := range []string{
			// Year end 31 Mar 2026: accounts due 31 Jan 2027 (10 months).
			"Annual return and accounts due (Charity Commission): Sun 31 Jan 2027, every year",
			"/waymark kb show governance/annual-return-england-wales",
			"AGM window closes",
			"Safeguarding policy annual review: Wed 30 Jun 2027",
			"ICO data protection fee renewal",
			"DBS Update Service",
		} {
			if !strings.Contains(rep.Text, want) {
				t.Errorf("calendar lacks %q:\n%s", want, rep.Text)
			}
		}
		again := r.say("sam", "deadline calendar --year-end 31 March", true)
		if !strings.Contains(again.Text, "Already in your deadlines") || strings.Contains(again.Text, "#8") {
			t.Errorf("calendar twice = %q", again.Text)
		}
		ds, _, _ := r.db.UpcomingDeadlines(context.Background(), r.tenant.ID, 50)
		if len(ds) != 6 {
			t.Errorf("%d calendar deadlines, want 6 for England", len(ds))
		}
		r.tenant.Jurisdiction = "scotland"
		r2 := newStoppedRig(t, r.db, r.clock, jobs.Options{})
		r2.tenant, _ = r.db.EnsureTenant(context.Background(), "test", "group-2", "Scottish group")
		r2.tenant.Jurisdiction = "scotland"
		sc := r2.say("sam", "deadline calendar --year-end 31 March", true)
		if !strings.Contains(sc.Text, "(OSCR): Thu 31 Dec 2026") || !strings.Contains(sc.Text, "PVG") || strings.Contains(sc.Text, "Charity Commission") {
			t.Errorf("Scottish calendar = %q", sc.Text)
		}
	})
}
