package jobs_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/waymark-org/waymark/bot"
	"github.com/waymark-org/waymark/internal/jobs"
	"github.com/waymark-org/waymark/internal/store/storetest"
)

// TestUninstalledGroupsJobsWaitForReinstall: reminders and check-ins of an
// uninstalled workspace were tried, failed and retried for the 30 days its
// data is kept. Now they wait untouched while it is uninstalled, without
// keeping the engine busy, and resume when it is installed again: a
// check-in missed meanwhile is skipped and the next one scheduled, and a
// deadline's missed reminders become one late reminder.
func TestUninstalledGroupsJobsWaitForReinstall(t *testing.T) {
	eachDialect(t, func(t *testing.T, dialect string) {
		ctx := context.Background()
		r := newRig(t, storetest.Open(t, dialect), newClock(start), jobs.Options{})
		r.mustAdd("sam", `deadline add "Lottery bid" 15 Dec remind 14d,3d,1d`)
		r.say("sam", "checkin on monday 10:00", false)
		other := newStoppedRig(t, r.db, r.clock, jobs.Options{}) // r's runner delivers for both
		other.tenant, _ = r.db.EnsureTenant(ctx, "test", "group-2", "Still installed")
		other.mustAdd("kim", `deadline add "Their bid" 10 Dec remind 1d`)

		// Uninstalled on Wed 25 Nov.
		r.clock.Set(time.Date(2026, time.November, 25, 12, 0, 0, 0, time.UTC))
		if err := r.db.DeactivateTenant(ctx, r.tenant.ID, r.clock.Now()); err != nil {
			t.Fatal(err)
		}
		r.stepUntil(time.Date(2026, time.December, 13, 12, 0, 0, 0, time.UTC), time.Hour)
		for _, s := range r.note.Sent() {
			if s.Tenant.ID == r.tenant.ID {
				t.Errorf("sent for an uninstalled group: %+v", s)
			}
		}
		// One engine delivers every group's jobs, through r's notifier.
		installed := 0
		for _, s := range r.note.Sent() {
			if s.Tenant.ID == other.tenant.ID {
				installed++
			}
		}
		if installed != 1 {
			t.Errorf("the installed group got %d reminders, want 1", installed)
		}
		js, _ := r.db.Jobs(ctx, r.tenant.ID, "")
		for _, j := range js {
			if j.Attempts != 0 || j.Outcome != "" {
				t.Errorf("a job of the uninstalled group was tried: %+v", j)
			}
		}
		// Nothing of theirs counts as due, so an idle runner stays idle:
		// River neither fetches nor schedules a pending job.
		for _, j := range js {
			if j.State != "pending" {
				t.Errorf("a job of the uninstalled group is %s, not parked: %+v", j.State, j)
			}
		}

		// Installed again on Sun 13 Dec at noon.
		tn, err := r.db.Tenant(ctx, r.tenant.ID)
		if err != nil {
			t.Fatal(err)
		}
		tn.Active = true
		if err := r.db.UpdateTenant(ctx, tn); err != nil {
			t.Fatal(err)
		}
		r.note.Reset()
		r.stepUntil(time.Date(2026, time.December, 15, 0, 0, 0, 0, time.UTC), time.Hour)

		var got []string
		for _, s := range r.note.Sent() {
			if s.Tenant.ID != r.tenant.ID {
				continue
			}
			kind := "reminder"
			if s.Direct {
				kind = "check-in"
			}
			late := ""
			if strings.Contains(s.Reply.Text, "Late reminder") {
				late = " late"
			}
			got = append(got, fmt.Sprintf("%s%s at %s", kind, late, s.At.UTC().Format("Mon 2 Jan 15:04")))
		}
		want := []string{
			"reminder late at Sun 13 Dec 12:00", // the 3-day one; the 14-day one is dropped as superseded
			"reminder at Mon 14 Dec 09:00",
			"check-in at Mon 14 Dec 10:00",
		}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("after reinstalling:\n got %v\nwant %v", got, want)
		}
		js, _ = r.db.Jobs(ctx, r.tenant.ID, "deadline:")
		outcomes := map[string]int{}
		for _, j := range js {
			outcomes[j.Outcome]++
		}
		if outcomes[bot.OutcomeDropped] != 1 || outcomes[bot.OutcomeLate] != 1 || outcomes[bot.OutcomeSent] != 1 {
			t.Errorf("reminder outcomes = %v", outcomes)
		}
	})
}
