package jobs_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/waymark-org/waymark/bot"
	"github.com/waymark-org/waymark/internal/jobs"
	"github.com/waymark-org/waymark/internal/store"
	"github.com/waymark-org/waymark/internal/store/storetest"
)

// TestDatesMoreThanTenYearsAheadAreRefused: "in 8000 years" was saved as
// year 10026, which nothing could read back.
func TestDatesMoreThanTenYearsAheadAreRefused(t *testing.T) {
	eachDialect(t, func(t *testing.T, dialect string) {
		r := newRig(t, storetest.Open(t, dialect), newClock(start), jobs.Options{})
		id := r.mustAdd("sam", `deadline add "Lottery bid" 15 Dec`)
		for _, in := range []string{
			`deadline add "Joke" in 8000 years`,
			`deadline add "Joke" in 11 years`,
			`deadline add "Joke" 1/1/2040`,
			fmt.Sprintf(`deadline edit %d date in 8000 years`, id),
			fmt.Sprintf(`deadline edit %d date 31/12/9999`, id),
		} {
			rep := r.say("sam", in, false)
			if rep.Kind != bot.KindError || !strings.Contains(rep.Text, "years ahead") {
				t.Errorf("%q: %s %q, want a refusal naming the ten-year bound", in, rep.Kind, rep.Text)
			}
		}
		list := r.say("sam", "deadline list", false)
		if !strings.Contains(list.Text, "Lottery bid: Tue 15 Dec 2026") || strings.Contains(list.Text, "Joke") {
			t.Errorf("list = %q", list.Text)
		}
	})
}

// TestUnreadableRowsAreSkippedAndDoNotStopReminders plants the rows an
// unbounded date left behind (a deadline due in 10026 and its reminder
// job) in one group. That group's list still works and names the row it
// cannot read, which can be deleted; every other group's reminders still
// go out, on SQLite too, where the engine's next-job query used to fail
// on every poll.
func TestUnreadableRowsAreSkippedAndDoNotStopReminders(t *testing.T) {
	eachDialect(t, func(t *testing.T, dialect string) {
		ctx := context.Background()
		r := newRig(t, storetest.Open(t, dialect), newClock(start), jobs.Options{})
		r.mustAdd("sam", `deadline add "Lottery bid" 1 Dec remind 1d`)

		other := newStoppedRig(t, r.db, r.clock, jobs.Options{}) // r's runner delivers for both
		other.tenant, _ = r.db.EnsureTenant(ctx, "test", "group-2", "Joke group")
		other.mustAdd("kim", `deadline add "Real one" 3 Dec remind 1d`)
		bad := plantUnreadableDeadline(t, r.db, other.tenant.ID)

		list := other.say("kim", "deadline list", false)
		if list.Kind == bot.KindError || !strings.Contains(list.Text, "Real one") || !strings.Contains(list.Text, fmt.Sprintf("#%d", bad)) || !strings.Contains(list.Text, "couldn't read") {
			t.Errorf("list with an unreadable row = %s %q", list.Kind, list.Text)
		}
		if rep := other.say("kim", fmt.Sprintf("deadline delete %d", bad), true); !strings.Contains(rep.Text, "Deleted") {
			t.Errorf("deleting the unreadable row = %q", rep.Text)
		}
		if list := other.say("kim", "deadline list", false); strings.Contains(list.Text, "couldn't read") {
			t.Errorf("list after deleting it = %q", list.Text)
		}
		plantUnreadableDeadline(t, r.db, other.tenant.ID)

		r.stepUntil(time.Date(2026, time.December, 3, 0, 0, 0, 0, time.UTC), time.Hour)
		var got []string
		for _, s := range r.note.Sent() {
			got = append(got, s.Reply.Title)
		}
		if fmt.Sprint(got) != "[Reminder: Lottery bid Reminder: Real one]" {
			t.Errorf("reminders sent = %v", got)
		}
	})
}

// plantUnreadableDeadline writes, behind the store's back, a deadline due
// in the year 10026 and its reminder job, as an unbounded date once did,
// and returns its number in the group.
func plantUnreadableDeadline(t *testing.T, db *store.DB, tenantID int64) int64 {
	t.Helper()
	ctx := context.Background()
	x := db.X()
	at := store.Timestamp{Time: start}
	var id, number int64
	err := x.GetContext(ctx, &number, x.Rebind(`
		INSERT INTO deadline_counters (tenant_id, last_number) VALUES (?, 1)
		ON CONFLICT (tenant_id) DO UPDATE SET last_number = deadline_counters.last_number + 1
		RETURNING last_number`), tenantID)
	if err != nil {
		t.Fatal(err)
	}
	err = x.GetContext(ctx, &id, x.Rebind(`
		INSERT INTO deadlines (tenant_id, number, title, due, anchor, recurrence, remind_days, channel_id, owner_id, owner_name, created_at, updated_at)
		VALUES (?, ?, 'Joke', '10026-03-01', '10026-03-01', '', '1', 'general', 'kim', 'Kim', ?, ?) RETURNING id`), tenantID, number, at, at)
	if err != nil {
		t.Fatal(err)
	}
	// Its reminder job: the store refuses to schedule one outside the
	// years 1 to 9999, which on SQLite would sort before every real time
	// in River's table and could not be read back.
	err = db.EnqueueJob(ctx, bot.Job{TenantID: tenantID, Kind: bot.JobReminder, Key: fmt.Sprintf("%d/10026-03-01/1", id),
		Subject: fmt.Sprintf("deadline:%d", id), RunAt: time.Date(10026, time.February, 28, 9, 0, 0, 0, time.UTC),
		Payload: []byte(fmt.Sprintf(`{"deadline_id":%d,"due":"10026-03-01","days_before":1}`, id))})
	if err == nil {
		t.Fatal("a reminder in the year 10026 was scheduled")
	}
	return number
}
