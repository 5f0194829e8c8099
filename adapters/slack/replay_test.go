package slack_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/waymark-org/waymark/adapters/slack/slackfake"
	"github.com/waymark-org/waymark/bot"
)

// A signed slash command or button click captured and sent again within
// the five minutes its signature is valid gets one reply, not two. A new
// request with the same text (a new timestamp and signature) is answered.
func TestReplayedCommandsAndClicksGetOneReply(t *testing.T) {
	eachDialect(t, func(t *testing.T, dialect string) {
		h := start(t, dialect)
		h.install(team1)
		ts := time.Now().Unix()
		command := post{path: "/slack/commands", contentType: "application/x-www-form-urlencoded", ts: ts,
			body: strings.TrimSpace(fixture(t, "slash_command.txt", map[string]any{"Team": team1.ID, "Channel": "C0GENERAL", "User": "UMEMBER1", "Text": "help", "ResponseURL": h.fake.ResponseURL("replayed-command")}))}
		click := post{path: "/slack/interactions", contentType: "application/x-www-form-urlencoded", ts: ts,
			body: "payload=" + url.QueryEscape(fixture(t, "block_actions.json", map[string]any{"Team": team1.ID, "User": "UMEMBER1", "Channel": "C0GENERAL", "ResponseURL": h.fake.ResponseURL("replayed-click"), "Action": bot.ActionHelpful, "Value": "governance/register-a-charity-england-wales"}))}
		for range 3 {
			for _, p := range []post{command, click} {
				if resp := h.send(p); resp.StatusCode != http.StatusOK {
					t.Fatalf("%s: status %d", p.path, resp.StatusCode)
				}
			}
		}
		// The same command sent afresh (a second later, so a new signature).
		command.ts++
		h.send(command)
		// Replays are recognised before they are acknowledged, so once
		// every send has returned the count is final.
		if n := h.metric("waymark_events_total,outcome=duplicate,platform=slack"); n != 4 {
			t.Errorf("%v requests ignored as replays, want 4", n)
		}
		ps := h.wait(func(ps []slackfake.Post) bool {
			return len(where(ps, func(p slackfake.Post) bool { return p.Channel == "replayed-command" })) >= 2 &&
				len(where(ps, func(p slackfake.Post) bool { return p.Channel == "replayed-click" })) >= 1
		})
		if n := len(where(ps, func(p slackfake.Post) bool { return p.Channel == "replayed-command" })); n != 2 {
			t.Errorf("%d replies to a command sent three times and once afresh, want 2", n)
		}
		if n := len(where(ps, func(p slackfake.Post) bool { return p.Channel == "replayed-click" })); n != 1 {
			t.Errorf("%d replies to a click sent three times, want 1", n)
		}
	})
}
