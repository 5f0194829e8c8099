package crisis_test

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"github.com/waymark-org/waymark/assistant"
	"github.com/waymark-org/waymark/assistant/assistanttest"
	"github.com/waymark-org/waymark/bot"
	"github.com/waymark-org/waymark/internal/store/storetest"
)

// TestLeadsAlertSaysWhoAndWhereButNotWhat: the safeguarding lead's alert
// names the person and the channel (or says it was a direct message), so
// the lead can reach out, and never carries the person's words; it goes
// to the lead alone, once. Dropping the channel from the alert passed
// every test before this one.
func TestLeadsAlertSaysWhoAndWhereButNotWhat(t *testing.T) {
	tests := []struct {
		name      string
		channel   string
		direct    bool
		wantWhere string
		notWhere  string
	}{
		{"in a channel", "C0FUNDING", false, "C0FUNDING", "direct message"},
		{"in a direct message", "D0SECRET", true, "direct message", "D0SECRET"},
	}
	for _, dialect := range storetest.Dialects(t) {
		t.Run(dialect, func(t *testing.T) {
			for _, tt := range tests {
				t.Run(tt.name, func(t *testing.T) {
					f := assistanttest.New(t, dialect, assistant.Config{})
					ctx := context.Background()
					tn := f.Tenant(t, "T1", "england")
					tn.Settings.SafeguardingLead = "ULEAD"
					if err := f.DB.UpdateTenant(ctx, tn); err != nil {
						t.Fatal(err)
					}
					msg := "my partner hurt me again and I want to end my life tonight"
					r := f.Bot.Handle(ctx, bot.Request{Tenant: tn, UserID: "U7PERSON", ChannelID: tt.channel, Direct: tt.direct, Text: msg})
					if r.Kind != bot.KindCrisis {
						t.Fatalf("kind = %s", r.Kind)
					}
					if err := f.Bot.WaitAlerts(ctx); err != nil {
						t.Fatal(err)
					}
					// One message in all: a DM to the lead, no one else, no post.
					sent := f.Sent.Sent()
					if len(sent) != 1 || !sent[0].Direct || sent[0].To != "ULEAD" {
						t.Fatalf("sent = %+v; want one DM to the lead", sent)
					}
					alert := sent[0].Reply
					if !alert.Private || !strings.Contains(alert.Text, "U7PERSON") || !strings.Contains(alert.Text, tt.wantWhere) || strings.Contains(alert.Text, tt.notWhere) {
						t.Errorf("alert should name the person and %q:\n%s", tt.wantWhere, alert.Text)
					}
					for _, w := range strings.Fields(msg) {
						if len(w) > 3 && strings.Contains(strings.ToLower(alert.Text), " "+w+" ") {
							t.Errorf("alert repeats the person's word %q:\n%s", w, alert.Text)
						}
					}
				})
			}
		})
	}
}

// phoneNumber finds numbers in a crisis reply: 999, 111, 116 123,
// 0800 83 85 87, 85258...
var phoneNumber = regexp.MustCompile(`\b\d{3}(?: ?\d{2,4})*\b`)

// TestSomeoneElseInDangerGets999First: when someone else is in danger,
// 999 is the first number in the reply, before any helpline, in every
// nation.
func TestSomeoneElseInDangerGets999First(t *testing.T) {
	f := assistanttest.New(t, "sqlite", assistant.Config{})
	for _, jur := range []string{"england", "wales", "scotland", "northern-ireland"} {
		tn := f.Tenant(t, "T-"+jur, jur)
		for _, msg := range []string{
			"a member just messaged saying she's taken an overdose",
			"my mate in the group says he's going to end it tonight",
		} {
			r := f.Ask(tn, "U1", msg)
			if r.Kind != bot.KindCrisis {
				t.Errorf("%s %q: kind %s", jur, msg, r.Kind)
				continue
			}
			nums := phoneNumber.FindAllString(r.Text, -1)
			if len(nums) < 2 || nums[0] != "999" {
				t.Errorf("%s %q: numbers in order %v, want 999 first:\n%s", jur, msg, nums, r.Text)
			}
		}
	}
}
