package discord_test

import (
	"context"
	"encoding/json"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/waymark-org/waymark/adapters/discord"
	"github.com/waymark-org/waymark/adapters/discord/discordfake"
	"github.com/waymark-org/waymark/assistant"
	"github.com/waymark-org/waymark/assistant/assistanttest"
	"github.com/waymark-org/waymark/bot"
	"github.com/waymark-org/waymark/bot/bottest"
	"github.com/waymark-org/waymark/internal/adapterkit"
	"github.com/waymark-org/waymark/internal/jobs"
	"github.com/waymark-org/waymark/internal/serve"
	"github.com/waymark-org/waymark/internal/store"
	"github.com/waymark-org/waymark/internal/store/storetest"
)

// A deadline added with /waymark deadline add in a Discord server is
// reminded in Discord at its time: `waymark serve` runs the Discord
// adapter and River (as cmd_serve wires them, on a test clock), the
// reminder goes through serve's notifier router to the real discordgo
// client and reaches the fake Discord once, in the deadline's channel,
// at the reminder's instant and not a second before.
func TestDeadlineReminderPostedAtItsTime(t *testing.T) {
	const other = "400000000000000077"
	// Sun 22 Nov 2026, 10:00 in London (GMT). A deadline on 15 Dec with
	// "remind 1d" is reminded on 14 Dec at 09:00, the default hour.
	begin := time.Date(2026, time.November, 22, 10, 0, 0, 0, time.UTC)
	remindAt := time.Date(2026, time.December, 14, 9, 0, 0, 0, time.UTC)
	tests := []struct {
		name, text, channel string
	}{
		{"in the channel it was added in", `add "Grant report" 15 Dec remind 1d`, channel},
		{"in the channel it names", `add "Grant report" 15 Dec remind 1d in <#` + other + `>`, other},
	}
	for _, dialect := range storetest.Dialects(t) {
		for _, tt := range tests {
			t.Run(dialect+"/"+tt.name, func(t *testing.T) {
				clock := bottest.NewClock(begin)
				fake := discordfake.New()
				t.Cleanup(fake.Close)
				runner := startServe(t, storetest.Open(t, dialect), fake, clock)
				h := &harness{t: t, fake: fake, base: runner.base, client: &http.Client{Timeout: 10 * time.Second}}
				ctx := context.Background()

				r := h.send(h.command(member, 0, "deadline", opt("text", tt.text)))
				if r.code != 200 || r.body.Type != 4 || !strings.Contains(r.text(), "Grant report") || !strings.Contains(r.text(), "14 Dec") {
					t.Fatalf("deadline add: %d %s", r.code, r.raw)
				}
				reminders := func() []discordfake.Post {
					var out []discordfake.Post
					for _, p := range fake.Posts() {
						if p.Kind == "channel" {
							out = append(out, p)
						}
					}
					return out
				}
				runAt := func(at time.Time) {
					t.Helper()
					clock.Set(at)
					if err := runner.jobs.RunUntilIdle(ctx); err != nil {
						t.Fatal(err)
					}
				}

				runAt(remindAt.Add(-time.Second))
				if ps := reminders(); len(ps) != 0 {
					t.Fatalf("%d channel messages before the reminder's time: %+v", len(ps), ps)
				}
				runAt(remindAt)
				ps := reminders()
				if len(ps) != 1 {
					t.Fatalf("%d channel messages at the reminder's time, want 1: %+v", len(ps), ps)
				}
				p := ps[0]
				if p.ChannelID != tt.channel {
					t.Errorf("reminder posted in %s, want %s", p.ChannelID, tt.channel)
				}
				text := p.Body.Text()
				if !strings.Contains(text, "Grant report is due Tue 15 Dec 2026 (tomorrow)") || strings.Contains(text, "Late") {
					t.Errorf("reminder text = %q", text)
				}
				if !strings.Contains(string(joinRaw(p.Body.Components)), bot.ActionDeadlineDone) {
					t.Errorf("reminder has no Mark done button: %s", joinRaw(p.Body.Components))
				}
				// Nothing more is due before the deadline itself: the one
				// reminder was posted once.
				runAt(time.Date(2026, time.December, 16, 0, 0, 0, 0, time.UTC))
				if n := len(reminders()); n != 1 {
					t.Errorf("%d channel messages after the deadline, want 1", n)
				}
			})
		}
	}
}

func joinRaw(rs []json.RawMessage) []byte {
	var b []byte
	for _, r := range rs {
		b = append(b, r...)
	}
	return b
}

// served is a running `waymark serve`: its address and its job runner.
type served struct {
	base string
	jobs *jobs.Runner
}

// startServe runs `waymark serve` with the Discord adapter (interactions
// only, no gateway) against fake, and River on clock as OnBot, as
// cmd_serve does; it stops when the test ends.
func startServe(t *testing.T, db *store.DB, fake *discordfake.Server, clock *bottest.Clock) served {
	t.Helper()
	setup, err := discord.ServeConfig{
		ApplicationID: fake.AppID, PublicKey: fake.PublicKeyHex(), BotToken: "bot-token-secret-xyz",
		HTTPClient: fake.Client(), NoGateway: true,
		// Answered at once, never deferred, however loaded the machine.
		AnswerBudget: 10 * time.Second,
		Retry:        adapterkit.RetryPolicy{Base: time.Millisecond, Max: 5 * time.Millisecond},
	}.Setup()
	if err != nil {
		t.Fatal(err)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.NewTextHandler(testLog{t}, nil))
	runners := make(chan *jobs.Runner, 1)
	ready := make(chan struct{})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- serve.Run(ctx, serve.Config{
			DB: db, Listener: l, Logger: log, Adapters: []adapterkit.Setup{setup},
			ShutdownGrace: 5 * time.Second,
			NewBot: func(db *store.DB) (*assistant.Assistant, error) {
				return assistant.New(assistant.Config{Store: db, Logger: log, Now: clock.Now})
			},
			OnBot: func(b *assistant.Assistant, db *store.DB) ([]serve.Runner, error) {
				r, err := jobs.NewRunner(db, assistanttest.Schedule(t, b, db), jobs.Options{
					Now: clock.Now, Logger: log, FetchPoll: 50 * time.Millisecond, ShutdownGrace: 5 * time.Second,
				})
				if err != nil {
					return nil, err
				}
				runners <- r
				return []serve.Runner{r.Run}, nil
			},
			Ready: func(string) { close(ready) },
		})
	}()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serve: %v", err)
		}
	})
	select {
	case <-ready:
	case err := <-done:
		done <- err // for the cleanup
		t.Fatalf("serve stopped before serving: %v", err)
	case <-time.After(30 * time.Second):
		t.Fatal("serve never became ready")
	}
	return served{base: "http://" + l.Addr().String(), jobs: <-runners}
}
