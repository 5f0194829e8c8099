package jobs_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	slackadapter "github.com/waymark-org/waymark/adapters/slack"
	"github.com/waymark-org/waymark/bot"
	"github.com/waymark-org/waymark/internal/jobs"
	"github.com/waymark-org/waymark/internal/store"
	"github.com/waymark-org/waymark/internal/store/storetest"
)

// cellsContaining lists every cell of every table (except goose's own)
// whose text contains s, as "table.column". It reads the schema itself,
// so a table added later is searched too.
func cellsContaining(t *testing.T, db *store.DB, s string) []string {
	t.Helper()
	ctx := context.Background()
	x := db.X()
	q := `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`
	if db.Dialect() == store.SQLite {
		q = `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`
	}
	var tables []string
	if err := x.SelectContext(ctx, &tables, q); err != nil {
		t.Fatal(err)
	}
	var found []string
	for _, table := range tables {
		if strings.HasPrefix(table, "goose") {
			continue
		}
		rows, err := x.QueryxContext(ctx, "SELECT * FROM "+table)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			row := map[string]any{}
			if err := rows.MapScan(row); err != nil {
				t.Fatal(err)
			}
			for col, v := range row {
				var text string
				switch v := v.(type) {
				case []byte:
					text = string(v)
				default:
					text = fmt.Sprint(v)
				}
				if strings.Contains(text, s) {
					found = append(found, table+"."+col)
				}
			}
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		rows.Close()
	}
	return found
}

// TestForgetMeLeavesNoTrace: forget-me deleted check-ins and took the
// person's name off deadlines, but their user id stayed in the settings
// (safeguarding lead, moderators), as the installer and as the author of
// knowledge entries, while the reply said nothing else was held. After it
// now, no cell of any table holds their id, another person's data is
// untouched, and the reply says what went, what was kept and why.
func TestForgetMeLeavesNoTrace(t *testing.T) {
	eachDialect(t, func(t *testing.T, dialect string) {
		ctx := context.Background()
		r := newRig(t, storetest.Open(t, dialect), newClock(start), jobs.Options{})
		const who, other = "UFORGETME01", "UKEEPME0002"
		titles := map[string]string{who: "Trustee AGM", other: "Grant report"}
		for _, u := range []string{who, other} {
			r.say(u, "checkin on weekly friday 16:00", false)
			r.say(u, "checkin now", false)
			r.click(u, bot.ActionCheckinAnswer, "2")
			r.say(u, "checkin note a hard week", false)
			r.mustAdd(u, `deadline add "`+titles[u]+`" 15 Jan remind 7d`)
			r.say("mod", "settings moderators add <@"+u+">", true)
			if err := r.db.PutTenantEntry(ctx, bot.TenantEntry{TenantID: r.tenant.ID, EntryID: "local/" + strings.ToLower(u), Source: "text", UpdatedBy: u}); err != nil {
				t.Fatal(err)
			}
		}
		r.say("mod", "settings safeguarding-lead <@"+who+">", true)
		if err := slackadapter.InstallsOf(r.db).Save(ctx, slackadapter.Installation{TenantID: r.tenant.ID, TeamID: "T1", BotUserID: "UBOT", BotTokenSealed: "k1:x", InstallerUser: who}); err != nil {
			t.Fatal(err)
		}
		if cells := cellsContaining(t, r.db, who); len(cells) < 8 {
			t.Fatalf("the test plants too little: %v", cells)
		}

		rep := r.say(who, "forget-me", false)
		if rep.Kind != bot.KindInfo || !rep.Private {
			t.Fatalf("forget-me = %s %q", rep.Kind, rep.Text)
		}
		if cells := cellsContaining(t, r.db, who); len(cells) != 0 {
			t.Errorf("their user id is still in %v", cells)
		}
		for _, want := range []string{
			"1 check-in", "check-in settings",
			"safeguarding lead", "crisis alerts",
			"moderators",
			"installed Waymark",
			"knowledge entr",
			"Kept", "Trustee AGM", "the group's",
			"unanswered questions",
		} {
			if !strings.Contains(rep.Text, want) {
				t.Errorf("forget-me reply lacks %q:\n%s", want, rep.Text)
			}
		}
		// The other person keeps everything.
		if cells := cellsContaining(t, r.db, other); len(cells) < 7 {
			t.Errorf("the other person's data went too: %v", cells)
		}
		tn, err := r.db.Tenant(ctx, r.tenant.ID)
		if err != nil || tn.Settings.SafeguardingLead != "" || fmt.Sprint(tn.Settings.Moderators) != "["+other+"]" {
			t.Errorf("settings after forget-me: %+v, %v", tn.Settings, err)
		}
		// The listed moderators are told the lead is no longer set, without
		// being told who asked to be forgotten.
		var told []string
		for _, s := range r.note.Sent() {
			if s.Direct && strings.Contains(s.Reply.Text, "safeguarding lead") {
				told = append(told, s.To)
				if strings.Contains(s.Reply.Text, who) {
					t.Errorf("the notice names the person: %q", s.Reply.Text)
				}
			}
		}
		if fmt.Sprint(told) != "["+other+"]" {
			t.Errorf("lead-unset notice went to %v, want the remaining moderator", told)
		}
		// Nothing of theirs is delivered later.
		r.stepUntil(start.Add(30*24*time.Hour), 6*time.Hour)
		for _, s := range r.note.Sent() {
			if s.To == who {
				t.Errorf("sent to a forgotten person: %+v", s)
			}
		}
	})
}
