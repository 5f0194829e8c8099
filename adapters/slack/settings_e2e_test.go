package slack_test

import (
	"context"
	"strings"
	"testing"

	"github.com/waymark-org/waymark/adapters/slack/slackfake"
)

// TestWelcomeStepsStickAndTheCrisisReplyFollowsThem is the reproduction
// from issue 9: following the welcome message, an admin sets the nation
// and then the safeguarding lead. Both replied "Saved." but the second was
// built from a tenant row cached before the first, so the nation went back
// to England and a crisis reply gave England's numbers.
func TestWelcomeStepsStickAndTheCrisisReplyFollowsThem(t *testing.T) {
	eachDialect(t, func(t *testing.T, dialect string) {
		h := start(t, dialect)
		h.install(team1)
		ctx := context.Background()
		// A question first, so the tenant row is read (and was cached)
		// before any change.
		h.event("app_mention.json", mentionData(team1, "Ev0WARM", "7.1", question))
		h.wait(has(func(p slackfake.Post) bool { return p.ThreadTS == "7.1" }))

		for _, step := range []struct{ id, text string }{
			{"nation", "settings jurisdiction scotland"},
			{"lead", "settings safeguarding-lead <@USAM>"},
		} {
			h.command(map[string]any{"Team": team1.ID, "Channel": "C0GENERAL", "User": "UADMIN01", "Text": step.text, "ResponseURL": h.fake.ResponseURL(step.id)})
			ps := h.wait(has(func(p slackfake.Post) bool { return p.Channel == step.id }))
			if p := one(t, ps, func(p slackfake.Post) bool { return p.Channel == step.id }); !strings.Contains(p.Text, "Saved") {
				t.Fatalf("%s: %q", step.text, p.Text)
			}
		}
		tn, err := h.db.EnsureTenant(ctx, "slack", team1.ID, "")
		if err != nil || tn.Jurisdiction != "scotland" || tn.Settings.SafeguardingLead != "USAM" {
			t.Fatalf("after the welcome steps: %+v, %v", tn, err)
		}
		h.event("app_mention.json", mentionData(team1, "Ev0CRISIS2", "7.2", "I want to end my life"))
		ps := h.wait(has(func(p slackfake.Post) bool { return p.ThreadTS == "7.2" }))
		p := one(t, ps, func(p slackfake.Post) bool { return p.ThreadTS == "7.2" })
		if !strings.Contains(p.Text, "0800 83 85 87") || strings.Contains(p.Text, "option 2") {
			t.Errorf("crisis reply after choosing Scotland gives another nation's numbers:\n%s", p.Text)
		}
		// The lead is alerted, as the settings say.
		h.wait(has(func(p slackfake.Post) bool {
			return p.Method == "chat.postMessage" && p.Channel == "DSAM" && strings.Contains(p.Text, "Safeguarding alert")
		}))
	})
}
