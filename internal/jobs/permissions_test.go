package jobs_test

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/waymark-org/waymark/bot"
	"github.com/waymark-org/waymark/internal/jobs"
	"github.com/waymark-org/waymark/internal/store/storetest"
)

// deadlineState is what a refused change must leave as it was: the list
// and every job.
func (r *rig) deadlineState() string {
	r.t.Helper()
	ds, _, err := r.db.UpcomingDeadlines(context.Background(), r.tenant.ID, 50)
	if err != nil {
		r.t.Fatal(err)
	}
	js, err := r.db.Jobs(context.Background(), r.tenant.ID, "")
	if err != nil {
		r.t.Fatal(err)
	}
	var sb strings.Builder
	for _, d := range ds {
		fmt.Fprintf(&sb, "#%d %s %s %s %v %s %v;", d.Number, d.Title, d.Due, d.Recurrence, d.RemindDays, d.ChannelID, d.DoneAt)
	}
	for _, j := range js {
		fmt.Fprintf(&sb, "%s %s %s;", j.Key, j.RunAt, j.Outcome)
	}
	return sb.String()
}

// TestOnlyOwnersAndModeratorsChangeDeadlines: any member could re-title,
// re-date, move, silence, snooze or delete anyone's deadline, the
// statutory calendar included. Now only the person who added a deadline or
// a moderator may change it, and only moderators the calendar's dates.
func TestOnlyOwnersAndModeratorsChangeDeadlines(t *testing.T) {
	eachDialect(t, func(t *testing.T, dialect string) {
		r := newRig(t, storetest.Open(t, dialect), newClock(start), jobs.Options{})
		bid := r.mustAdd("sam", `deadline add "Lottery bid" 15 Dec remind 7d,1d`)
		if rep := r.say("mod", "deadline calendar --year-end 31 March", true); !strings.Contains(rep.Text, "Annual return") {
			t.Fatalf("calendar = %q", rep.Text)
		}
		m := regexp.MustCompile(`#(\d+) Annual return`).FindStringSubmatch(r.say("sam", "deadline list", false).Text)
		if m == nil {
			t.Fatal("no annual return in the list")
		}
		ret, _ := strconv.ParseInt(m[1], 10, 64)
		changes := []string{
			`edit %d title "Mine now"`,
			`edit %d date 31 Dec`,
			`edit %d in #elsewhere`,
			`edit %d remind none`,
			`edit %d every month`,
			`snooze %d 1 week`,
			`done %d`,
			`delete %d`,
			`delete %d confirm`,
		}
		tests := []struct {
			name      string
			user      string
			moderator bool
			number    int64
		}{
			{"a member on someone else's deadline", "kim", false, bid},
			{"a member on the statutory calendar", "kim", false, ret},
			// Who added a calendar date does not matter: its owner without
			// moderator rights may not change it.
			{"the calendar date's owner, not a moderator now", "mod", false, ret},
		}
		for _, tt := range tests {
			for _, c := range changes {
				cmd := "deadline " + fmt.Sprintf(c, tt.number)
				before := r.deadlineState()
				rep := r.say(tt.user, cmd, tt.moderator)
				if rep.Kind != bot.KindError || !strings.Contains(rep.Text, "Only") {
					t.Errorf("%s: %q = %s %q, want a refusal", tt.name, cmd, rep.Kind, rep.Text)
				}
				if after := r.deadlineState(); after != before {
					t.Errorf("%s: %q changed something:\nbefore %s\nafter  %s", tt.name, cmd, before, after)
				}
			}
		}
		// The delete button cannot get round it either.
		before := r.deadlineState()
		if rep := r.click("kim", bot.ActionDeadlineDeleteConfirm, fmt.Sprintf("#%d", bid)); rep.Kind != bot.KindError {
			t.Errorf("delete button for a member = %q", rep.Text)
		}
		if rep := r.click("kim", bot.ActionDeadlineDone, fmt.Sprintf("#%d", ret)); rep.Kind != bot.KindError {
			t.Errorf("done button on the calendar for a member = %q", rep.Text)
		}
		if after := r.deadlineState(); after != before {
			t.Errorf("buttons changed something:\nbefore %s\nafter  %s", before, after)
		}
		// A member may not add the statutory calendar either.
		if rep := r.say("kim", "deadline calendar --year-end 30 June", false); rep.Kind != bot.KindError {
			t.Errorf("a member added the calendar: %q", rep.Text)
		}

		// The owner and moderators may.
		for _, ok := range []struct {
			user      string
			moderator bool
			cmd       string
			want      string
		}{
			{"sam", false, fmt.Sprintf(`deadline edit %d title "Big Lottery bid"`, bid), "Updated."},
			{"mod", true, fmt.Sprintf(`deadline edit %d in #funding`, bid), "Updated."},
			{"mod", true, fmt.Sprintf(`deadline edit %d remind 30d,7d`, ret), "Updated."},
			{"sam", false, fmt.Sprintf(`deadline delete %d`, bid), "Deleted"},
		} {
			if rep := r.say(ok.user, ok.cmd, ok.moderator); rep.Kind == bot.KindError || !strings.Contains(rep.Text, ok.want) {
				t.Errorf("%s: %q = %q", ok.user, ok.cmd, rep.Text)
			}
		}
	})
}
