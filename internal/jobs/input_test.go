package jobs_test

import (
	"context"
	"strings"
	"testing"

	"github.com/waymark-org/waymark/bot"
	"github.com/waymark-org/waymark/internal/jobs"
	"github.com/waymark-org/waymark/internal/store/storetest"
)

// TestControlCharactersAreStrippedTheSameOnBothDatabases: PostgreSQL
// refuses NUL bytes in text, SQLite stores them, so a title with one was
// saved on one and "try again" on the other. Both now store the same
// cleaned text.
func TestControlCharactersAreStrippedTheSameOnBothDatabases(t *testing.T) {
	eachDialect(t, func(t *testing.T, dialect string) {
		r := newRig(t, storetest.Open(t, dialect), newClock(start), jobs.Options{})
		tests := []struct {
			name, cmd, user string
			moderator       bool
			want            string // in the reply
		}{
			{"NUL in a deadline title", "deadline add \"Lottery\x00 bid\" 15 Dec", "sam", false, "Lottery bid: Tue 15 Dec 2026"},
			{"bell and escape in a title", "deadline add \"AGM\x07\x1b[31m notice\" 20 Dec", "sam", false, "AGM[31m notice: Sun 20 Dec 2026"},
			{"invalid UTF-8 in a title", "deadline add \"Grant\xff form\" 21 Dec", "sam", false, "Grant form: Mon 21 Dec 2026"},
			{"NUL in a settings value", "settings safeguarding-lead <@ULEAD\x00>", "mod", true, "Safeguarding lead: ULEAD"},
			{"NUL in a check-in note", "checkin note tired\x00 but ok", "sam", false, "Noted"},
		}
		r.say("sam", "checkin now", false)
		r.click("sam", bot.ActionCheckinAnswer, "3")
		for _, tt := range tests {
			rep := r.say(tt.user, tt.cmd, tt.moderator)
			if rep.Kind == bot.KindError || !strings.Contains(rep.Text, tt.want) {
				t.Errorf("%s: %s %q, want a reply containing %q", tt.name, rep.Kind, rep.Text, tt.want)
			}
		}
		list := r.say("sam", "deadline list", false)
		if strings.ContainsAny(list.Text, "\x00\x07\x1b") || !strings.Contains(list.Text, "Lottery bid") {
			t.Errorf("list = %q", list.Text)
		}
		hist := r.say("sam", "checkin history", false)
		if !strings.Contains(hist.Text, "(tired but ok)") {
			t.Errorf("history = %q", hist.Text)
		}
		tn, err := r.db.Tenant(context.Background(), r.tenant.ID)
		if err != nil || tn.Settings.SafeguardingLead != "ULEAD" {
			t.Errorf("lead = %q, %v", tn.Settings.SafeguardingLead, err)
		}
	})
}
