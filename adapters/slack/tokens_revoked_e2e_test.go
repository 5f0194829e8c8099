package slack_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	slackadapter "github.com/waymark-org/waymark/adapters/slack"
	"github.com/waymark-org/waymark/adapters/slack/slackfake"
)

// TestTokensRevokedUninstalls: Slack sends tokens_revoked when a workspace
// revokes the bot's token (an admin removing the app's access, or a token
// rotation gone wrong). It must uninstall exactly as app_uninstalled does:
// the sealed token is forgotten, the tenant is inactive, later events get
// no reply. A revocation of only users' tokens leaves the bot installed.
func TestTokensRevokedUninstalls(t *testing.T) {
	eachDialect(t, func(t *testing.T, dialect string) {
		h := start(t, dialect)
		h.install(team1)
		h.install(team2)
		ctx := context.Background()
		t1, err := h.db.EnsureTenant(ctx, "slack", team1.ID, "")
		if err != nil {
			t.Fatal(err)
		}

		// Only a user's token: nothing changes for the bot.
		userOnly := `{"token":"XXYYZZ","team_id":"` + team2.ID + `","api_app_id":"A123ABC456","type":"event_callback","event_id":"Ev0USERREV","event_time":1234567890,` +
			`"event":{"type":"tokens_revoked","tokens":{"oauth":["UMEMBER1"],"bot":[]}}}`
		if resp := h.send(post{path: "/slack/events", body: userOnly}); resp.StatusCode != http.StatusOK {
			t.Fatalf("user-token revocation: status %d", resp.StatusCode)
		}

		h.event("tokens_revoked.json", map[string]any{"Team": team1.ID, "Bot": team1.BotUserID, "EventID": "Ev0REVOKED"})
		waitFor(t, func() bool {
			tn, err := h.db.Tenant(ctx, t1.ID)
			return err == nil && !tn.Active
		})
		in, err := slackadapter.InstallsOf(h.db).ByTeam(ctx, team1.ID)
		if err != nil || in.BotTokenSealed != "" || !in.RevokedAt.Valid {
			t.Fatalf("installation after tokens_revoked: %+v, %v", in, err)
		}

		h.event("app_mention.json", mentionData(team1, "Ev0AFTERREV", "8.1", question))
		h.event("app_mention.json", mentionData(team2, "Ev0T2STILL", "8.2", question))
		h.wait(has(func(p slackfake.Post) bool { return p.ThreadTS == "8.2" }))
		waitFor(t, func() bool { return strings.Contains(h.logs.String(), "without a live install") })
		if n := len(where(h.fake.Posts(), func(p slackfake.Post) bool { return p.ThreadTS == "8.1" })); n != 0 {
			t.Errorf("a workspace whose bot token was revoked got %d replies", n)
		}
		if in2, err := slackadapter.InstallsOf(h.db).ByTeam(ctx, team2.ID); err != nil || in2.BotTokenSealed == "" || in2.RevokedAt.Valid {
			t.Errorf("a user-token revocation uninstalled team 2: %+v, %v", in2, err)
		}
	})
}
