package slack_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	slackadapter "github.com/waymark-org/waymark/adapters/slack"
	"github.com/waymark-org/waymark/adapters/slack/slackfake"
	"github.com/waymark-org/waymark/assistant"
	"github.com/waymark-org/waymark/bot"
	"github.com/waymark-org/waymark/internal/obs"
	"github.com/waymark-org/waymark/internal/store/storetest"
)

// faultyCore is the real core with one fault injected: a question holding
// trigger panics, as a bug somewhere under Handle would.
type faultyCore struct {
	*assistant.Assistant
	trigger string
}

func (c faultyCore) Handle(ctx context.Context, req bot.Request) bot.Reply {
	if strings.Contains(req.Text, c.trigger) {
		var m map[string]int
		m["boom"]++ // a nil map write: the kind of bug that panics
	}
	return c.Assistant.Handle(ctx, req)
}

// A panic while handling one event is recovered, logged with its stack
// and counted; the worker goes on, and so does the server.
func TestPanicInSlackWorkerIsRecovered(t *testing.T) {
	fake := slackfake.New()
	t.Cleanup(fake.Stop)
	fake.AddWorkspace(team1)
	db := storetest.Open(t, "sqlite")
	logs := &syncBuffer{}
	log := slog.New(slog.NewTextHandler(io.MultiWriter(logs, testLog{t}), &slog.HandlerOptions{Level: slog.LevelDebug}))
	b, err := assistant.New(assistant.Config{Store: db, Logger: log})
	if err != nil {
		t.Fatal(err)
	}
	m := obs.New()
	a, err := slackadapter.New(slackadapter.Config{
		Core: faultyCore{Assistant: b, trigger: "PANIC-NOW"}, Store: db, Logger: log, Metrics: m,
		SigningSecret: signingSecret, APIURL: fake.GetAPIURL(), Workers: 1,
	})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if _, err := a.UseBotToken(ctx, team1.Token); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(a.Handler())
	t.Cleanup(func() {
		srv.Close()
		cctx, cancel := context.WithTimeout(ctx, 10*time.Second)
		defer cancel()
		if err := a.Close(cctx); err != nil {
			t.Error(err)
		}
	})
	h := &harness{t: t, fake: fake, db: db, base: srv.URL, logs: logs, client: &http.Client{Timeout: 10 * time.Second}}

	// One worker: the second and third events are handled by the worker
	// that panicked on the first.
	h.event("app_mention.json", mentionData(team1, "Ev0PANIC", "8.1", "PANIC-NOW "+question))
	h.event("app_mention.json", mentionData(team1, "Ev0AFTER1", "8.2", question))
	h.event("app_mention.json", mentionData(team1, "Ev0AFTER2", "8.3", question))
	h.wait(func(ps []slackfake.Post) bool {
		return len(where(ps, func(p slackfake.Post) bool { return p.ThreadTS == "8.2" || p.ThreadTS == "8.3" })) == 2
	})
	out := logs.String()
	if !strings.Contains(out, "recovered from panic") || !strings.Contains(out, "goroutine ") || !strings.Contains(out, "faultyCore") {
		t.Errorf("the panic was not logged with its stack:\n%s", out)
	}
	if strings.Contains(out, "PANIC-NOW") {
		t.Error("the message that caused the panic was logged")
	}
	got, err := m.Gather()
	if err != nil {
		t.Fatal(err)
	}
	if got["waymark_panics_recovered_total,worker=slack_worker"] != 1 {
		t.Errorf("panics counted: %v", got)
	}
}
