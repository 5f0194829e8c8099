package jobs_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/waymark-org/waymark/bot"
	"github.com/waymark-org/waymark/bot/bottest"
	"github.com/waymark-org/waymark/internal/jobs"
	"github.com/waymark-org/waymark/internal/store/storetest"
)

// TestDeadlineNumbersArePerGroup: deadline ids were one sequence for the
// whole deployment, so a group's first deadline showed how many the
// network held. Each group now counts its own from 1, and a number only
// ever names that group's deadline.
func TestDeadlineNumbersArePerGroup(t *testing.T) {
	eachDialect(t, func(t *testing.T, dialect string) {
		ctx := context.Background()
		a := newStoppedRig(t, storetest.Open(t, dialect), newClock(start), jobs.Options{}) // b's runner delivers for both
		for _, title := range []string{"One", "Two", "Three"} {
			a.mustAdd("sam", `deadline add "`+title+`" 15 Dec remind 1d`)
		}
		b := newRig(t, a.db, a.clock, jobs.Options{})
		b.tenant, _ = a.db.EnsureTenant(ctx, "test", "group-2", "Second group")
		if n := b.mustAdd("kim", `deadline add "Their first" 10 Dec remind 1d`); n != 1 {
			t.Errorf("the second group's first deadline is #%d, want #1", n)
		}
		if n := b.mustAdd("kim", `deadline add "Their second" 11 Dec remind 1d`); n != 2 {
			t.Errorf("the second group's second deadline is #%d, want #2", n)
		}
		// A deleted number is not given out again.
		if rep := a.say("sam", "deadline delete 3", false); !strings.Contains(rep.Text, "Deleted #3 Three") {
			t.Fatalf("delete = %q", rep.Text)
		}
		if n := a.mustAdd("sam", `deadline add "Four" 16 Dec`); n != 4 {
			t.Errorf("after deleting #3 the next is #%d, want #4", n)
		}
		// Numbers act on the group's own deadline.
		if rep := b.say("kim", "deadline done 1", false); !strings.Contains(rep.Text, "Their first is marked done") {
			t.Errorf("group 2 done 1 = %q", rep.Text)
		}
		if rep := a.say("sam", "deadline list", false); !strings.Contains(rep.Text, "#1 One") || strings.Contains(rep.Text, "Their") {
			t.Errorf("group 1 list = %q", rep.Text)
		}
		// Reminders carry the group's number and a button that works.
		b.stepUntil(time.Date(2026, time.December, 10, 12, 0, 0, 0, time.UTC), time.Hour)
		var rem *bottest.Sent
		for _, s := range b.note.Sent() {
			if s.Tenant != nil && s.Tenant.ID == b.tenant.ID {
				rem = &s
			}
		}
		if rem == nil || !strings.Contains(rem.Reply.Text, "Their second") || !strings.Contains(rem.Reply.Text, "/waymark deadline done 2") {
			t.Fatalf("group 2's reminder = %+v", rem)
		}
		btn := rem.Reply.Buttons[0]
		if rep := b.bot.Action(ctx, bot.Request{Tenant: b.tenant, UserID: "kim", ChannelID: "general"}, btn.Action, btn.Value); !strings.Contains(rep.Text, "Their second is marked done") {
			t.Errorf("Mark done button = %q", rep.Text)
		}
	})
}
