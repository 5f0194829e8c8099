package jobs_test

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/waymark-org/waymark/bot"
	"github.com/waymark-org/waymark/internal/jobs"
	"github.com/waymark-org/waymark/internal/store/storetest"
)

// TestDeadlinesAsGroupsUseThem: what a new user tried, from issue 9. Today
// is Sun 22 Nov 2026.
func TestDeadlinesAsGroupsUseThem(t *testing.T) {
	tests := []struct {
		cmd  string
		want string // in the confirmation
	}{
		{`deadline add "Trustees meeting" every first monday at 7pm`,
			"Trustees meeting: Mon 7 Dec 2026 at 19:00, every first Monday of the month, reminders 23 Nov, 4 Dec, 6 Dec at 09:00"},
		{`deadline add trustees meeting every first monday at 7pm`,
			"trustees meeting: Mon 7 Dec 2026 at 19:00, every first Monday of the month"},
		{`deadline add "Team call" every monday remind on the day`,
			"Team call: Mon 23 Nov 2026, every week, reminder 23 Nov at 09:00"},
		{`deadline add "Rota" every other friday remind the day before`,
			"Rota: Fri 27 Nov 2026, every 2 weeks, reminder 26 Nov at 09:00"},
		{`deadline add "Social" every last friday of the month remind 2 days before`,
			"Social: Fri 27 Nov 2026, every last Friday of the month, reminder 25 Nov at 09:00"},
		{`deadline add "Accounts check" 15 Dec every week remind 2 days before, a week before`,
			"Accounts check: Tue 15 Dec 2026, every week, reminders 8 Dec, 13 Dec at 09:00"},
		{`deadline add "Lottery bid" 15 Dec remind me a week before and the day before`,
			"Lottery bid: Tue 15 Dec 2026, reminders 8 Dec, 14 Dec at 09:00"},
		{`deadline add "Funder report" 15 Dec remind 2 weeks before`,
			"Funder report: Tue 15 Dec 2026, reminder 1 Dec at 09:00"},
		{`deadline add "Newsletter" every month 1 Dec remind 3d`,
			"Newsletter: Tue 1 Dec 2026, every month, reminder 28 Nov at 09:00"},
	}
	eachDialect(t, func(t *testing.T, dialect string) {
		r := newRig(t, storetest.Open(t, dialect), newClock(start), jobs.Options{})
		for _, tt := range tests {
			rep := r.say("sam", tt.cmd, false)
			if rep.Kind != bot.KindInfo || !strings.Contains(rep.Text, tt.want) {
				t.Errorf("%s:\n got %s %q\nwant %q", tt.cmd, rep.Kind, rep.Text, tt.want)
			}
		}
		for _, bad := range []struct{ cmd, want string }{
			{`deadline add "AGM" 15 Dec every first monday`, "Mon 4 Jan 2027"},
			{`deadline add "AGM" every fifth monday`, "every first Monday"},
			{`deadline add "AGM" 15 Dec remind 2 months before`, "weeks"},
		} {
			before := r.deadlineState()
			rep := r.say("sam", bad.cmd, false)
			if rep.Kind != bot.KindError || !strings.Contains(rep.Text, bad.want) || !strings.Contains(rep.Text, "saved") {
				t.Errorf("%s: %s %q, want a refusal mentioning %q", bad.cmd, rep.Kind, rep.Text, bad.want)
			}
			if r.deadlineState() != before {
				t.Errorf("%s saved something", bad.cmd)
			}
		}
		// Done on a first-Monday meeting moves it to January's.
		if rep := r.say("sam", "deadline done 1", false); !strings.Contains(rep.Text, "Mon 4 Jan 2027 at 19:00, every first Monday of the month") {
			t.Errorf("done = %q", rep.Text)
		}
		list := r.say("sam", "deadline list", false).Text
		if !strings.Contains(list, "Trustees meeting: Mon 4 Jan 2027 at 19:00 (in 43 days), every first Monday of the month") {
			t.Errorf("list = %q", list)
		}
	})
}

// TestNextWeekdayIsAskedWhenItCouldMeanTwoDays: "next friday" on a
// Wednesday meant this week's Friday, although the README says ambiguous
// dates are refused. Now it is asked back, and nothing is saved.
func TestNextWeekdayIsAskedWhenItCouldMeanTwoDays(t *testing.T) {
	eachDialect(t, func(t *testing.T, dialect string) {
		wednesday := time.Date(2026, time.November, 25, 10, 0, 0, 0, time.UTC)
		r := newRig(t, storetest.Open(t, dialect), newClock(wednesday), jobs.Options{})
		rep := r.say("sam", `deadline add "Grant form" next friday`, false)
		if rep.Kind != bot.KindError || !strings.Contains(rep.Text, "Fri 27 Nov") || !strings.Contains(rep.Text, "Fri 4 Dec") || !strings.Contains(rep.Text, "saved") {
			t.Errorf("next friday on a Wednesday = %s %q", rep.Kind, rep.Text)
		}
		for cmd, want := range map[string]string{
			`deadline add "Grant form" this friday`:  "Fri 27 Nov 2026",
			`deadline add "Grant form" friday week`:  "Fri 4 Dec 2026",
			`deadline add "Grant form" next monday`:  "Mon 30 Nov 2026",
			`deadline add "Grant form" next tuesday`: "Tue 1 Dec 2026",
		} {
			if rep := r.say("sam", cmd, false); !strings.Contains(rep.Text, want) {
				t.Errorf("%s = %q, want %s", cmd, rep.Text, want)
			}
		}
	})
}

// TestSnoozeMovesOnlyTheReminder: snooze moved the deadline itself
// (snoozing the statutory annual return moved its due date). Now it moves
// only the next reminder; the due date and the later reminders stay.
func TestSnoozeMovesOnlyTheReminder(t *testing.T) {
	tests := []struct {
		snooze    string
		wantReply string
		refused   bool
		reminders string // days of December with a reminder sent
	}{
		{"3d", "I'll remind you again on Fri 4 Dec at 09:00", false, "[1 4 12 14]"},
		{"1 week", "I'll remind you again on Tue 8 Dec at 09:00", false, "[1 8 12 14]"},
		{"12 days", "I'll remind you again on Sun 13 Dec at 09:00", false, "[1 13 14]"},
		{"until 10 Dec", "I'll remind you again on Thu 10 Dec at 09:00", false, "[1 10 12 14]"},
		{"3 weeks", "not before it is due", true, "[1 12 14]"},
		{"until 20 Dec", "not before it is due", true, "[1 12 14]"},
	}
	for _, tt := range tests {
		t.Run(tt.snooze, func(t *testing.T) {
			eachDialect(t, func(t *testing.T, dialect string) {
				r := newRig(t, storetest.Open(t, dialect), newClock(start), jobs.Options{})
				n := r.mustAdd("mod", `deadline add "Annual return" 15 Dec remind 14d,3d,1d`)
				r.stepUntil(time.Date(2026, time.December, 1, 9, 30, 0, 0, time.UTC), time.Hour)
				before := r.deadlineState()
				rep := r.say("mod", fmt.Sprintf("deadline snooze %d %s", n, tt.snooze), false)
				if !strings.Contains(rep.Text, tt.wantReply) || (rep.Kind == bot.KindError) != tt.refused {
					t.Errorf("snooze %s = %s %q", tt.snooze, rep.Kind, rep.Text)
				}
				if tt.refused && r.deadlineState() != before {
					t.Errorf("a refused snooze changed something")
				}
				if !tt.refused && !strings.Contains(rep.Text, "still due Tue 15 Dec 2026") {
					t.Errorf("snooze reply does not say the due date stays: %q", rep.Text)
				}
				if list := r.say("mod", "deadline list", false).Text; !strings.Contains(list, "Annual return: Tue 15 Dec 2026") {
					t.Errorf("the due date moved: %q", list)
				}
				r.stepUntil(time.Date(2026, time.December, 16, 0, 0, 0, 0, time.UTC), time.Hour)
				var days []int
				for _, s := range r.note.Sent() {
					if !strings.Contains(s.Reply.Text, "Annual return is due Tue 15 Dec 2026") || s.At.Hour() != 9 {
						t.Errorf("reminder %q at %s", s.Reply.Text, s.At)
					}
					days = append(days, s.At.Day())
				}
				if fmt.Sprint(days) != tt.reminders {
					t.Errorf("reminders on %v, want %s", days, tt.reminders)
				}
			})
		})
	}
}

// TestCalendarIsInDateOrder: the governance calendar was listed in the
// order of its table, not by date.
func TestCalendarIsInDateOrder(t *testing.T) {
	eachDialect(t, func(t *testing.T, dialect string) {
		r := newRig(t, storetest.Open(t, dialect), newClock(start), jobs.Options{})
		rep := r.say("mod", "deadline calendar --year-end 31 March", true)
		dateRE := regexp.MustCompile(`: \w{3} (\d{1,2} \w{3} \d{4})`)
		var last time.Time
		lines := 0
		for _, line := range strings.Split(rep.Text, "\n") {
			m := dateRE.FindStringSubmatch(line)
			if !strings.HasPrefix(line, "- #") || m == nil {
				continue
			}
			lines++
			d, err := time.Parse("2 Jan 2006", m[1])
			if err != nil {
				t.Fatal(err)
			}
			if d.Before(last) {
				t.Errorf("%s comes after %s:\n%s", m[1], last.Format("2 Jan 2006"), rep.Text)
			}
			last = d
		}
		if lines != 6 {
			t.Errorf("%d calendar lines, want 6:\n%s", lines, rep.Text)
		}
	})
}
