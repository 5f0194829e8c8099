package slack_test

import (
	"testing"
	"time"

	"github.com/waymark-org/waymark/adapters/slack/slackfake"
)

func TestSocketModeAcksAndAnswers(t *testing.T) {
	eachDialect(t, func(t *testing.T, dialect string) {
		h := start(t, dialect, func(o *options, f *slackfake.Server) {
			f.AddWorkspace(team1)
			o.botToken, o.appToken = team1.Token, "xapp-1-A0WAYMARK-test"
		})
		payload := fixture(t, "app_mention.json", mentionData(team1, "Ev0SOCKET", "7.1", question))
		envelope := fixture(t, "socket_events_api.json", map[string]any{"EnvelopeID": "dbdd0ef3-1543-4f94-bfb4-133d0e6c1545", "Payload": payload})
		h.fake.SendSocketEnvelope(envelope)
		// A redelivery of the same event on a new envelope is acked but not
		// answered again.
		h.fake.SendSocketEnvelope(fixture(t, "socket_events_api.json", map[string]any{"EnvelopeID": "second-envelope", "Payload": payload}))

		acks := map[string]bool{}
		timeout := time.After(15 * time.Second)
		for len(acks) < 2 {
			select {
			case id := <-h.fake.Acks:
				acks[id] = true
			case <-timeout:
				t.Fatalf("acks received: %v", acks)
			}
		}
		if !acks["dbdd0ef3-1543-4f94-bfb4-133d0e6c1545"] || !acks["second-envelope"] {
			t.Fatalf("acks = %v", acks)
		}
		h.event("app_mention.json", mentionData(team1, "Ev0SOCKET2", "7.2", question))
		ps := h.wait(func(ps []slackfake.Post) bool {
			return len(where(ps, func(p slackfake.Post) bool { return p.ThreadTS == "7.1" })) >= 1 &&
				len(where(ps, func(p slackfake.Post) bool { return p.ThreadTS == "7.2" })) == 1
		})
		p := one(t, ps, func(p slackfake.Post) bool { return p.ThreadTS == "7.1" })
		if p.Team != team1.ID || p.Channel != "C0GENERAL" {
			t.Fatalf("socket mode answer = %+v", p)
		}
	})
}
