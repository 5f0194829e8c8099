package slack_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/waymark-org/waymark/adapters/slack/slackfake"
	"github.com/waymark-org/waymark/internal/faultproxy"
	"github.com/waymark-org/waymark/internal/store"
)

// get fetches path and says how long the answer took.
func (h *harness) get(path string) (int, time.Duration) {
	h.t.Helper()
	t0 := time.Now()
	resp, err := h.client.Get(h.base + path)
	if err != nil {
		h.t.Fatalf("GET %s after %s: %v", path, time.Since(t0), err)
	}
	resp.Body.Close()
	return resp.StatusCode, time.Since(t0)
}

// sendTimed posts an event and says how long the acknowledgement took.
func (h *harness) sendTimed(body string, retry int) (int, time.Duration) {
	h.t.Helper()
	t0 := time.Now()
	resp := h.send(post{path: "/slack/events", body: body, retry: retry})
	return resp.StatusCode, time.Since(t0)
}

// With PostgreSQL silently stalled, serve still answers: liveness at once,
// readiness and events within their deadlines (events with 503, so Slack
// retries them), and it stops within its shutdown grace.
func TestStalledPostgresLeavesServeResponsive(t *testing.T) {
	const grace = 2 * time.Second
	h := start(t, store.Postgres, func(o *options, _ *slackfake.Server) { o.viaProxy, o.grace = true, grace })
	h.install(team1)
	h.wait(has(func(p slackfake.Post) bool { return p.Channel == "D0INSTALLER" }))
	if code, _ := h.get("/readyz"); code != http.StatusOK {
		t.Fatalf("readyz before the stall: %d", code)
	}

	h.proxy.Set(faultproxy.Stall)
	if code, took := h.get("/healthz"); code != http.StatusOK || took > time.Second {
		t.Errorf("healthz during the stall: %d after %s, want 200 at once", code, took)
	}
	if code, took := h.get("/readyz"); code != http.StatusServiceUnavailable || took > 3*time.Second {
		t.Errorf("readyz during the stall: %d after %s, want 503 within its 1 s deadline", code, took)
	}
	body := fixture(t, "app_mention.json", mentionData(team1, "Ev0STALL", "9.1", question))
	if code, took := h.sendTimed(body, 0); code != http.StatusServiceUnavailable || took > 3*time.Second {
		t.Errorf("event during the stall: %d after %s, want 503 inside Slack's 3 s", code, took)
	}

	t0 := time.Now()
	err := h.stop()
	if took := time.Since(t0); took > grace+7*time.Second {
		t.Errorf("serve took %s to stop with a grace of %s", took, grace)
	}
	t.Logf("serve stopped in %s: %v", time.Since(t0).Round(time.Millisecond), err)
	h.proxy.Set(faultproxy.Forward)
}

// The fault test: PostgreSQL is dropped (connections closed, new ones
// refused), then stalled, under serve, while events keep coming. Every
// event Slack delivers is answered exactly once (refused ones are retried
// as Slack retries them), and serve is ready again afterwards.
func TestPostgresDropThenStallLosesNothing(t *testing.T) {
	h := start(t, store.Postgres, func(o *options, _ *slackfake.Server) {
		o.viaProxy, o.grace = true, 5*time.Second
		o.dbTimes = store.Timeouts{Statement: 2 * time.Second, IO: 3 * time.Second}
	})
	h.install(team1)
	h.wait(has(func(p slackfake.Post) bool { return p.Channel == "D0INSTALLER" }))

	bodies := map[string]string{}
	var pending []string // refused with 503: Slack will retry them
	send := func(phase string, n int) {
		for i := range n {
			ts := fmt.Sprintf("10.%s%02d", phase, i)
			bodies[ts] = fixture(t, "app_mention.json", mentionData(team1, "Ev0F"+strings.ToUpper(phase)+fmt.Sprint(i), ts, question))
			switch code, took := h.sendTimed(bodies[ts], 0); {
			case took > 3*time.Second:
				t.Errorf("%s: acknowledgement took %s, past Slack's 3 s", phase, took)
			case code == http.StatusServiceUnavailable:
				pending = append(pending, ts)
			case code != http.StatusOK:
				t.Fatalf("%s: status %d", phase, code)
			}
		}
	}
	send("1", 5)
	h.proxy.Set(faultproxy.Drop)
	send("2", 5)
	if code, _ := h.get("/readyz"); code != http.StatusServiceUnavailable {
		t.Errorf("readyz with PostgreSQL dropped: %d", code)
	}
	h.proxy.Set(faultproxy.Forward)
	send("3", 5)
	h.proxy.Set(faultproxy.Stall)
	send("4", 2)
	h.proxy.Set(faultproxy.Forward)
	send("5", 5)
	if len(pending) == 0 {
		t.Error("no event was refused while PostgreSQL was away; the test proves nothing")
	}

	// Slack retries refused events (after a minute; here at once, in rounds).
	recovered := time.Now()
	for retry := 1; len(pending) > 0; retry++ {
		if retry > 100 {
			t.Fatalf("%d events still refused after 100 rounds of retries", len(pending))
		}
		var still []string
		for _, ts := range pending {
			if code, _ := h.sendTimed(bodies[ts], retry); code != http.StatusOK {
				still = append(still, ts)
			}
		}
		pending = still
		if len(pending) > 0 {
			time.Sleep(100 * time.Millisecond) // Slack's retry interval, shortened
		}
	}
	h.wait(func(ps []slackfake.Post) bool {
		for ts := range bodies {
			if len(where(ps, func(p slackfake.Post) bool { return p.ThreadTS == ts })) == 0 {
				return false
			}
		}
		return true
	})
	t.Logf("every event answered %s after PostgreSQL came back", time.Since(recovered).Round(time.Millisecond))
	if d := h.fake.Duplicates(); d != 0 {
		t.Errorf("%d duplicate replies", d)
	}
	waitFor(t, func() bool { code, _ := h.get("/readyz"); return code == http.StatusOK })
}
