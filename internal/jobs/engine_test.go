package jobs_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver"

	"github.com/waymark-org/waymark/bot"
	"github.com/waymark-org/waymark/bot/bottest"
	"github.com/waymark-org/waymark/internal/jobs"
	"github.com/waymark-org/waymark/internal/store"
	"github.com/waymark-org/waymark/internal/store/storetest"
)

// start is Sun 22 Nov 2026, 10:00 in London (GMT).
var start = time.Date(2026, time.November, 22, 10, 0, 0, 0, time.UTC)

func TestThreeRemindersFireAtTheRightInstants(t *testing.T) {
	eachDialect(t, func(t *testing.T, dialect string) {
		r := newRig(t, storetest.Open(t, dialect), newClock(start), jobs.Options{})
		rep := r.say("sam", `deadline add "Lottery bid" 15 Dec remind 14d,3d,1d`, false)
		if !strings.Contains(rep.Text, "Lottery bid: Tue 15 Dec 2026") || !strings.Contains(rep.Text, "reminders 1 Dec, 12 Dec, 14 Dec at 09:00") {
			t.Fatalf("confirmation = %q", rep.Text)
		}
		r.stepUntil(time.Date(2026, time.December, 16, 0, 0, 0, 0, time.UTC), time.Hour)

		loc := london(t)
		var want []time.Time
		for _, day := range []int{1, 12, 14} {
			want = append(want, time.Date(2026, time.December, day, 9, 0, 0, 0, loc))
		}
		got := r.note.Sent()
		var at []time.Time
		for _, s := range got {
			at = append(at, s.At)
			if s.Direct || s.To != "general" || !strings.Contains(s.Reply.Text, "Lottery bid is due Tue 15 Dec 2026") {
				t.Errorf("unexpected message %+v", s)
			}
			if strings.Contains(s.Reply.Text, "Late") {
				t.Errorf("an on-time reminder is marked late: %q", s.Reply.Text)
			}
		}
		if fmtTimes(at) != fmtTimes(want) {
			t.Fatalf("reminders at %s, want %s", fmtTimes(at), fmtTimes(want))
		}
	})
}

func TestRemindersKeepLocalHourAcrossClockChange(t *testing.T) {
	eachDialect(t, func(t *testing.T, dialect string) {
		// Sat 21 Mar 2027; clocks go forward on Sun 28 Mar.
		r := newRig(t, storetest.Open(t, dialect), newClock(time.Date(2027, time.March, 21, 12, 0, 0, 0, time.UTC)), jobs.Options{})
		r.mustAdd("sam", `deadline add "Policy review" 30/03/2027 remind 3d,1d`)
		r.stepUntil(time.Date(2027, time.March, 30, 0, 0, 0, 0, time.UTC), 30*time.Minute)
		got := r.note.Sent()
		want := []string{"2027-03-27T09:00:00Z", "2027-03-29T08:00:00Z"} // 09:00 GMT, then 09:00 BST
		if len(got) != len(want) {
			t.Fatalf("got %d reminders, want %d", len(got), len(want))
		}
		for i, s := range got {
			if s.At.UTC().Format(time.RFC3339) != want[i] {
				t.Errorf("reminder %d at %s, want %s", i, s.At.UTC().Format(time.RFC3339), want[i])
			}
		}
	})
}

func TestDoneOnRecurringDeadlineSchedulesNextYear(t *testing.T) {
	eachDialect(t, func(t *testing.T, dialect string) {
		r := newRig(t, storetest.Open(t, dialect), newClock(start), jobs.Options{})
		id := r.mustAdd("sam", `deadline add "Annual return" 31 Jan every year remind 7d`)
		rep := r.say("sam", fmt.Sprintf("deadline done %d", id), false)
		if !strings.Contains(rep.Text, "Mon 31 Jan 2028") {
			t.Fatalf("done reply = %q, want next year's date", rep.Text)
		}
		// This year's reminder was cancelled with the occurrence...
		r.stepUntil(time.Date(2027, time.February, 1, 0, 0, 0, 0, time.UTC), 6*time.Hour)
		if n := len(r.note.Sent()); n != 0 {
			t.Fatalf("%d reminders sent for an occurrence already done", n)
		}
		// ...and next year's arrives on 24 Jan 2028 at 09:00.
		r.clock.Set(time.Date(2028, time.January, 24, 8, 59, 0, 0, time.UTC))
		r.stepUntil(time.Date(2028, time.January, 25, 0, 0, 0, 0, time.UTC), time.Minute)
		got := r.note.Sent()
		if len(got) != 1 || !got[0].At.Equal(time.Date(2028, time.January, 24, 9, 0, 0, 0, time.UTC)) {
			t.Fatalf("next year's reminders = %+v", got)
		}
		list := r.say("sam", "deadline list", false)
		if !strings.Contains(list.Text, "Annual return: Mon 31 Jan 2028") || !strings.Contains(list.Text, "added by Sam") {
			t.Errorf("list = %q", list.Text)
		}
	})
}

func TestRefusedInputSavesNothing(t *testing.T) {
	eachDialect(t, func(t *testing.T, dialect string) {
		r := newRig(t, storetest.Open(t, dialect), newClock(start), jobs.Options{})
		for _, in := range []string{
			`deadline add "Lottery bid" 15/12/2025`,
			`deadline add AGM March`,
			`deadline add Bid 29 Feb`,
			`deadline add Bid soonish`,
			`deadline add Bid 15 Dec remind 14d,3x`,
			`deadline add Bid 15 Dec every decade`,
			`deadline add Bid 15 Dec every first monday`,
		} {
			rep := r.say("sam", in, false)
			if rep.Kind != bot.KindError || !strings.Contains(rep.Text, "saved") {
				t.Errorf("%q: got %s %q, want a refusal saying nothing was saved", in, rep.Kind, rep.Text)
			}
		}
		ds, _, err := r.db.UpcomingDeadlines(context.Background(), r.tenant.ID, 10)
		if err != nil || len(ds) != 0 {
			t.Fatalf("deadlines after refusals = %v, %v", ds, err)
		}
		js, err := r.db.Jobs(context.Background(), r.tenant.ID, "")
		if err != nil || len(js) != 0 {
			t.Fatalf("jobs after refusals = %v, %v", js, err)
		}
	})
}

// openShared opens n handles on one fresh database, as n replicas would.
func openShared(t *testing.T, dialect string, n int) []*store.DB {
	t.Helper()
	dsn := storetest.DSN(t, dialect)
	var dbs []*store.DB
	for range n {
		db, err := store.Open(context.Background(), dsn, storetest.Logger(t))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		dbs = append(dbs, db)
	}
	return dbs
}

func TestThreeEnginesDeliverEachReminderOnce(t *testing.T) {
	eachDialect(t, func(t *testing.T, dialect string) {
		dbs := openShared(t, dialect, 3)
		c := newClock(start)
		var rigs []*rig
		for i, db := range dbs {
			// Small batches so the instances interleave.
			rigs = append(rigs, newRig(t, db, c, jobs.Options{ID: fmt.Sprintf("replica-%d", i), Workers: 4}))
		}
		const deadlines = 40
		for i := range deadlines {
			rigs[0].mustAdd("sam", fmt.Sprintf(`deadline add "Bid %d" 15 Dec remind 3d,2d,1d in #ch%d`, i, i))
		}
		// After downtime: every reminder is overdue at once. Each of the
		// 120 jobs is taken once, by one instance; each deadline gets one
		// late reminder (its last), and its two earlier ones, which say the
		// same further from the date, are dropped.
		c.Set(time.Date(2026, time.December, 20, 12, 0, 0, 0, time.UTC))
		var wg sync.WaitGroup
		errs := make(chan error, len(rigs))
		for _, r := range rigs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				errs <- r.engine.RunUntilIdle(context.Background())
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Fatal(err)
			}
		}
		perChannel := map[string]int{}
		total := 0
		for _, r := range rigs {
			for _, s := range r.note.Sent() {
				perChannel[s.To]++
				total++
				if !strings.HasPrefix(s.Reply.Text, "Late reminder") {
					t.Errorf("an overdue reminder is not marked late: %q", s.Reply.Text)
				}
			}
		}
		if total != deadlines {
			t.Errorf("sent %d messages, want %d", total, deadlines)
		}
		for i := range deadlines {
			if n := perChannel[fmt.Sprintf("#ch%d", i)]; n != 1 {
				t.Errorf("#ch%d got %d reminders, want 1", i, n)
			}
		}
		js, err := dbs[0].Jobs(context.Background(), rigs[0].tenant.ID, "deadline:")
		if err != nil {
			t.Fatal(err)
		}
		if len(js) != 3*deadlines {
			t.Fatalf("%d reminder jobs, want %d", len(js), 3*deadlines)
		}
		for _, j := range js {
			want := bot.OutcomeDropped
			if strings.HasSuffix(j.Key, "/1") {
				want = bot.OutcomeLate
			}
			if j.Outcome != want || j.Attempts != 1 {
				t.Errorf("job %s: outcome %q after %d attempts, want %s after 1", j.Key, j.Outcome, j.Attempts, want)
			}
		}
		// Nothing more, ever: run again much later.
		c.Add(30 * 24 * time.Hour)
		for _, r := range rigs {
			if err := r.engine.RunUntilIdle(context.Background()); err != nil {
				t.Fatal(err)
			}
		}
		after := 0
		for _, r := range rigs {
			after += len(r.note.Sent())
		}
		if after != total {
			t.Errorf("%d more messages after everything was sent", after-total)
		}
	})
}

func TestKilledInstanceLosesNothing(t *testing.T) {
	eachDialect(t, func(t *testing.T, dialect string) {
		dbs := openShared(t, dialect, 2)
		c := newClock(start)
		// The survivor is not running yet, so the victim takes jobs first.
		survivor := newStoppedRig(t, dbs[0], c, jobs.Options{ID: "survivor"})
		for i := range 6 {
			survivor.mustAdd("sam", fmt.Sprintf(`deadline add "Bid %d" 15 Dec remind 1d in #ch%d`, i, i))
		}
		c.Set(time.Date(2026, time.December, 14, 9, 0, 0, 0, time.UTC))

		// Instance A takes jobs and hangs mid-send until killed.
		victim := newRig(t, dbs[1], c, jobs.Options{ID: "victim", Workers: 3})
		blocked := &bottest.Notifier{Hang: true}
		victim.bot.SetNotifier(blocked)
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error, 1)
		go func() { done <- victim.engine.RunUntilIdle(ctx) }()
		select {
		case <-blocked.Entered():
		case <-time.After(30 * time.Second):
			t.Fatal("victim never started sending")
		}
		if err := victim.engine.Kill(context.Background()); err != nil {
			t.Fatal(err)
		}
		cancel()
		<-done

		// Instance B, which crashed outright after taking a job: River
		// holds it as running until the rescuer takes it back.
		now := c.Now()
		crashed, err := dbs[1].RiverDriver().GetExecutor().JobGetAvailable(context.Background(), &riverdriver.JobGetAvailableParams{
			ClientID: "crashed", MaxAttemptedBy: 100, MaxToLock: 1, Now: &now, Queue: river.QueueDefault})
		if err != nil || len(crashed.Jobs) != 1 {
			t.Fatalf("crashed instance took %v: %v", crashed, err)
		}
		survivor.start()
		if err := survivor.engine.RunUntilIdle(context.Background()); err != nil {
			t.Fatal(err)
		}
		if n := len(survivor.note.Sent()); n != 5 {
			t.Fatalf("before the crashed instance's job is rescued, %d sent; want 5", n)
		}
		c.Add(5*time.Minute + time.Second)
		if err := survivor.engine.RunUntilIdle(context.Background()); err != nil {
			t.Fatal(err)
		}
		per := map[string]int{}
		for _, s := range survivor.note.Sent() {
			per[s.To]++
		}
		for i := range 6 {
			if n := per[fmt.Sprintf("#ch%d", i)]; n != 1 {
				t.Errorf("#ch%d got %d reminders, want exactly 1", i, n)
			}
		}
	})
}

func TestFailedDeliveryRetriesThenTellsOwner(t *testing.T) {
	eachDialect(t, func(t *testing.T, dialect string) {
		r := newRig(t, storetest.Open(t, dialect), newClock(start), jobs.Options{MaxAttempts: 4})
		r.note.FailTo = map[string]error{"#gone": errors.New("channel_not_found")}
		r.mustAdd("sam", `deadline add "Insurance renewal" 10 Dec remind 1d in #gone`)
		// River's backoff retries after about 1 s, 16 s and 81 s: all
		// inside one 10-minute walk.
		r.clock.Set(time.Date(2026, time.December, 9, 8, 59, 0, 0, time.UTC))
		r.stepUntil(time.Date(2026, time.December, 9, 10, 0, 0, 0, time.UTC), time.Minute)
		got := r.note.Sent()
		if len(got) != 1 || !got[0].Direct || got[0].To != "sam" || !strings.Contains(got[0].Reply.Text, "couldn't post the reminder") {
			t.Fatalf("owner notices = %+v", got)
		}
		js, _ := r.db.Jobs(context.Background(), r.tenant.ID, "deadline:")
		if len(js) != 1 || js[0].Outcome != bot.OutcomeFailed || js[0].Attempts != 4 || !strings.Contains(js[0].LastError, "channel_not_found") {
			t.Fatalf("job = %+v", js)
		}
	})
}

func TestSnoozeEditAndDeleteOthersDeadline(t *testing.T) {
	eachDialect(t, func(t *testing.T, dialect string) {
		r := newRig(t, storetest.Open(t, dialect), newClock(start), jobs.Options{})
		id := r.mustAdd("sam", `deadline add "Lottery bid" 15 Dec remind 1d`)
		// Snooze moves the reminder, not the deadline.
		if rep := r.say("sam", fmt.Sprintf("deadline snooze %d 1 week", id), false); !strings.Contains(rep.Text, "remind you again on Sun 29 Nov") || !strings.Contains(rep.Text, "Tue 15 Dec 2026, reminders 29 Nov, 14 Dec") {
			t.Errorf("snooze = %q", rep.Text)
		}
		if rep := r.say("sam", fmt.Sprintf(`deadline edit %d title "Big Lottery bid" remind 2d in #funding`, id), false); !strings.Contains(rep.Text, "Big Lottery bid: Tue 15 Dec 2026, reminders 29 Nov, 13 Dec at 09:00 in #funding") {
			t.Errorf("edit = %q", rep.Text)
		}
		if rep := r.say("sam", fmt.Sprintf("deadline edit %d date 30/02/2027", id), false); rep.Kind != bot.KindError {
			t.Errorf("a bad date edit was accepted: %q", rep.Text)
		}
		// A moderator deleting someone else's deadline is asked first.
		ask := r.say("kim", fmt.Sprintf("deadline delete %d", id), true)
		if len(ask.Buttons) != 1 || ask.Buttons[0].Action != bot.ActionDeadlineDeleteConfirm || !strings.Contains(ask.Text, "added by Sam") {
			t.Fatalf("deleting someone else's deadline did not ask: %+v", ask)
		}
		if ds, _, _ := r.db.UpcomingDeadlines(context.Background(), r.tenant.ID, 5); len(ds) != 1 {
			t.Fatalf("the deadline went before confirmation")
		}
		if rep := r.clickAs("kim", true, ask.Buttons[0].Action, ask.Buttons[0].Value); !strings.Contains(rep.Text, "Deleted") {
			t.Errorf("confirm = %q", rep.Text)
		}
		r.stepUntil(time.Date(2026, time.December, 23, 0, 0, 0, 0, time.UTC), 6*time.Hour)
		if n := len(r.note.Sent()); n != 0 {
			t.Errorf("%d reminders for a deleted deadline", n)
		}
	})
}

// TestShutdownReleasesRunningJobs: `serve` stops River gracefully; a send
// still running when the shutdown budget runs out is cancelled, and its job
// is made available again without counting the attempt (not lost, not
// failed), then sent once by another instance.
func TestShutdownReleasesRunningJobs(t *testing.T) {
	eachDialect(t, func(t *testing.T, dialect string) {
		dbs := openShared(t, dialect, 2)
		c := newClock(start)
		survivor := newStoppedRig(t, dbs[0], c, jobs.Options{ID: "survivor"})
		survivor.mustAdd("sam", `deadline add "Bid" 15 Dec remind 1d in #bids`)
		c.Set(time.Date(2026, time.December, 14, 9, 0, 0, 0, time.UTC))

		stopping := newStoppedRig(t, dbs[1], c, jobs.Options{ID: "stopping", ShutdownGrace: 200 * time.Millisecond})
		blocked := &bottest.Notifier{Hang: true}
		stopping.bot.SetNotifier(blocked)
		if err := stopping.engine.Start(context.Background()); err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		go func() { _ = stopping.engine.RunUntilIdle(ctx) }()
		select {
		case <-blocked.Entered():
		case <-time.After(30 * time.Second):
			t.Fatal("never started sending")
		}
		if err := stopping.engine.Stop(context.Background()); err != nil {
			t.Fatalf("stop within the budget: %v", err)
		}
		js, err := dbs[0].Jobs(context.Background(), survivor.tenant.ID, "deadline:")
		if err != nil || len(js) != 1 || js[0].State != "available" || js[0].Attempts != 0 || js[0].Outcome != "" {
			t.Fatalf("after shutdown, jobs = %+v, %v; want one available, attempt not counted", js, err)
		}
		survivor.start()
		if err := survivor.engine.RunUntilIdle(context.Background()); err != nil {
			t.Fatal(err)
		}
		if got := survivor.note.Sent(); len(got) != 1 || got[0].To != "#bids" {
			t.Fatalf("after the other instance took over: %+v", got)
		}
	})
}
