package slack_test

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/waymark-org/waymark/adapters/slack/slackfake"
)

// With replies stalled, events are acknowledged only while there is room
// to queue them; after that the answer is 503, so Slack keeps the event and
// retries it. Once replies flow again every event, acknowledged at first or
// on a retry, is answered exactly once.
func TestFullQueueAnswers503AndLosesNothing(t *testing.T) {
	const workers, queue, events = 2, 4, 40
	h := start(t, "sqlite", func(o *options, _ *slackfake.Server) { o.workers, o.queue = workers, queue })
	h.install(team1)
	h.wait(has(func(p slackfake.Post) bool { return p.Channel == "D0INSTALLER" }))

	h.fake.Hold()
	t.Cleanup(h.fake.Release) // before serve stops, if the test fails early
	bodies := map[string]string{}
	var accepted, refused []string
	for i := range events {
		ts := fmt.Sprintf("7.%02d", i)
		bodies[ts] = fixture(t, "app_mention.json", mentionData(team1, fmt.Sprintf("Ev0BP%02d", i), ts, question))
		switch resp := h.send(post{path: "/slack/events", body: bodies[ts]}); resp.StatusCode {
		case http.StatusOK:
			accepted = append(accepted, ts)
		case http.StatusServiceUnavailable:
			refused = append(refused, ts)
		default:
			t.Fatalf("event %s: status %d", ts, resp.StatusCode)
		}
	}
	if len(refused) == 0 {
		t.Fatalf("all %d events acknowledged with %d workers stalled; want 503 once the queue is full", events, workers)
	}
	if len(accepted) > workers+queue {
		t.Fatalf("%d events acknowledged, more than %d workers and a queue of %d hold", len(accepted), workers, queue)
	}

	h.fake.Release()
	// Slack retries each refused event until it is acknowledged.
	for retry := 1; len(refused) > 0; retry++ {
		if retry > 200 {
			t.Fatalf("%d events still refused after 200 retries", len(refused))
		}
		var still []string
		for _, ts := range refused {
			if resp := h.send(post{path: "/slack/events", body: bodies[ts], retry: retry}); resp.StatusCode != http.StatusOK {
				still = append(still, ts)
			}
		}
		refused = still
	}
	h.wait(func(ps []slackfake.Post) bool {
		for ts := range bodies {
			if len(where(ps, func(p slackfake.Post) bool { return p.ThreadTS == ts })) == 0 {
				return false
			}
		}
		return true
	})
	if d := h.fake.Duplicates(); d != 0 {
		t.Fatalf("%d duplicate replies", d)
	}
}
