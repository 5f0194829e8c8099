package settings_test

import (
	"context"
	"strings"
	"testing"

	"github.com/waymark-org/waymark/assistant"
	"github.com/waymark-org/waymark/assistant/assistanttest"
	"github.com/waymark-org/waymark/bot"
	"github.com/waymark-org/waymark/internal/store/storetest"
)

// TestSettingsChangedFromStaleCopiesAllStick: a settings change was built
// from the tenant row the adapter had cached, and saved whole. Following
// the welcome message (jurisdiction, then safeguarding lead) with two
// copies read before either change, the second save put the old
// jurisdiction back, and both replied "Saved.". Each change now touches
// only its own setting, in the database, whatever copy the request holds.
func TestSettingsChangedFromStaleCopiesAllStick(t *testing.T) {
	tests := []struct {
		name  string
		cmds  []string
		check func(t *testing.T, tn *bot.Tenant)
	}{
		{"jurisdiction then lead", []string{"settings jurisdiction scotland", "settings safeguarding-lead <@USAM>"},
			func(t *testing.T, tn *bot.Tenant) {
				if tn.Jurisdiction != "scotland" || tn.Settings.SafeguardingLead != "USAM" {
					t.Errorf("jurisdiction %q, lead %q; want scotland and USAM", tn.Jurisdiction, tn.Settings.SafeguardingLead)
				}
			}},
		{"lead then jurisdiction", []string{"settings safeguarding-lead <@USAM>", "settings jurisdiction wales"},
			func(t *testing.T, tn *bot.Tenant) {
				if tn.Jurisdiction != "wales" || tn.Settings.SafeguardingLead != "USAM" {
					t.Errorf("jurisdiction %q, lead %q; want wales and USAM", tn.Jurisdiction, tn.Settings.SafeguardingLead)
				}
			}},
		{"two moderators added", []string{"settings moderators add <@UONE>", "settings moderators add <@UTWO>"},
			func(t *testing.T, tn *bot.Tenant) {
				if strings.Join(tn.Settings.Moderators, ",") != "UONE,UTWO" {
					t.Errorf("moderators %v; want both", tn.Settings.Moderators)
				}
			}},
		{"approval on then digest off", []string{"settings approval on", "settings digest off"},
			func(t *testing.T, tn *bot.Tenant) {
				if !tn.Settings.Approval || !tn.Settings.DigestOff {
					t.Errorf("approval %v, digest off %v; want both", tn.Settings.Approval, tn.Settings.DigestOff)
				}
			}},
		{"approval on then off", []string{"settings approval on", "settings approval off"},
			func(t *testing.T, tn *bot.Tenant) {
				if tn.Settings.Approval {
					t.Error("approval still on after off")
				}
			}},
		{"time zone and reminder hour", []string{"settings timezone Europe/Belfast", "settings reminder-hour 8"},
			func(t *testing.T, tn *bot.Tenant) {
				if tn.Timezone != "Europe/Belfast" || tn.Settings.ReminderHour == nil || *tn.Settings.ReminderHour != 8 {
					t.Errorf("time zone %q, hour set %v; want Europe/Belfast and 8", tn.Timezone, tn.Settings.ReminderHour != nil)
				}
			}},
	}
	for _, dialect := range storetest.Dialects(t) {
		t.Run(dialect, func(t *testing.T) {
			f := assistanttest.New(t, dialect, assistant.Config{})
			ctx := context.Background()
			for i, tt := range tests {
				t.Run(tt.name, func(t *testing.T) {
					tn := f.Tenant(t, "S"+string(rune('A'+i)), "england")
					for _, cmd := range tt.cmds {
						stale := *tn // each request holds a copy read before any change
						r := f.Bot.Handle(ctx, bot.Request{Tenant: &stale, UserID: "UADMIN", Moderator: true, Text: "/waymark " + cmd})
						if r.Kind != bot.KindInfo || !strings.HasPrefix(r.Text, "Saved.") {
							t.Fatalf("%s: %s %q", cmd, r.Kind, r.Text)
						}
					}
					got, err := f.DB.Tenant(ctx, tn.ID)
					if err != nil {
						t.Fatal(err)
					}
					tt.check(t, got)
				})
			}
		})
	}
}

// TestCrisisReplyUsesTheNationJustSet: after the welcome message's steps,
// the crisis reply gives the numbers of the nation just chosen.
func TestCrisisReplyUsesTheNationJustSet(t *testing.T) {
	for _, dialect := range storetest.Dialects(t) {
		t.Run(dialect, func(t *testing.T) {
			f := assistanttest.New(t, dialect, assistant.Config{})
			ctx := context.Background()
			tn := f.Tenant(t, "T1", "england")
			for _, cmd := range []string{"settings jurisdiction scotland", "settings safeguarding-lead <@USAM>"} {
				stale := *tn
				f.Bot.Handle(ctx, bot.Request{Tenant: &stale, UserID: "UADMIN", Moderator: true, Text: "/waymark " + cmd})
			}
			fresh, err := f.DB.Tenant(ctx, tn.ID)
			if err != nil {
				t.Fatal(err)
			}
			r := f.Ask(fresh, "U1", "I want to end my life")
			if r.Kind != bot.KindCrisis || !strings.Contains(r.Text, "0800 83 85 87") || strings.Contains(r.Text, "option 2") {
				t.Errorf("crisis reply after choosing Scotland:\n%s", r.Text)
			}
		})
	}
}
