package discord_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/waymark-org/waymark/adapters/discord"
	"github.com/waymark-org/waymark/adapters/discord/discordfake"
	slackadapter "github.com/waymark-org/waymark/adapters/slack"
	"github.com/waymark-org/waymark/adapters/slack/slackfake"
	"github.com/waymark-org/waymark/assistant"
	"github.com/waymark-org/waymark/feature/crisis"
	"github.com/waymark-org/waymark/internal/adapterkit"
	"github.com/waymark-org/waymark/internal/adapterkit/adaptertest"
	"github.com/waymark-org/waymark/internal/serve"
	"github.com/waymark-org/waymark/internal/store"
	"github.com/waymark-org/waymark/internal/store/storetest"
)

// One `waymark serve` runs Slack and Discord together, and a safeguarding
// alert for a Discord server goes to Discord (by DM to the lead) through
// the notifier router, not to Slack.
func TestServeRunsSlackAndDiscordTogether(t *testing.T) {
	fake := discordfake.New()
	t.Cleanup(fake.Close)
	sfake := slackfake.New()
	t.Cleanup(sfake.Stop)
	db := storetest.Open(t, store.SQLite)
	slackSetup, err := slackadapter.ServeConfig{SigningSecret: "signing", APIURL: sfake.GetAPIURL()}.Setup()
	if err != nil {
		t.Fatal(err)
	}
	discordSetup, err := discord.ServeConfig{
		ApplicationID: fake.AppID, PublicKey: fake.PublicKeyHex(), BotToken: "bot-token",
		HTTPClient: fake.Client(),
	}.Setup()
	if err != nil {
		t.Fatal(err)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	base := "http://" + l.Addr().String()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- serve.Run(ctx, serve.Config{
			DB: db, Listener: l, Logger: slog.New(slog.NewTextHandler(io.MultiWriter(testLog{t}), nil)),
			Adapters:      []adapterkit.Setup{slackSetup, discordSetup},
			ShutdownGrace: 5 * time.Second,
			NewBot: func(db *store.DB) (*assistant.Assistant, error) {
				return assistant.New(assistant.Config{Store: db, AlertRetry: crisis.AlertRetry{}})
			},
		})
	}()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serve: %v", err)
		}
	})
	post := func(in interaction) map[string]any {
		t.Helper()
		body, _ := json.Marshal(in)
		req, _ := http.NewRequest(http.MethodPost, base+"/discord/interactions", bytes.NewReader(body))
		sig, ts := fake.Sign(body, time.Now())
		req.Header.Set("X-Signature-Ed25519", sig)
		req.Header.Set("X-Signature-Timestamp", ts)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var out map[string]any
		_ = json.NewDecoder(resp.Body).Decode(&out)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("status %d", resp.StatusCode)
		}
		return out
	}
	h := &harness{t: t, fake: fake}
	waitFor(t, "serve", func() bool {
		resp, err := http.Get(base + "/healthz")
		if err == nil {
			resp.Body.Close()
		}
		return err == nil && resp.StatusCode == http.StatusOK
	})
	if got := post(interaction{"id": "1", "type": 1, "application_id": fake.AppID, "token": "t", "version": 1}); got["type"] != float64(1) {
		t.Fatalf("PING through serve: %v", got)
	}
	// Slack's routes are there too (an unsigned request is refused).
	if resp, err := http.Post(base+"/slack/events", "application/json", strings.NewReader("{}")); err != nil || resp.StatusCode != http.StatusUnauthorized {
		t.Fatalf("slack route: %v %v", resp, err)
	}

	lead := "500000000000000009"
	post(h.command(admin, manageServer, "settings", opt("text", "safeguarding-lead <@"+lead+">")))
	got := post(h.command(member, 0, "ask", opt("question", adaptertest.Crisis)))
	if data, _ := got["data"].(map[string]any); data == nil || data["flags"] != float64(64) {
		t.Fatalf("crisis reply through serve: %v", got)
	}
	h.waitPosts("the alert to the lead by DM", func(ps []discordfake.Post) bool {
		return count(ps, func(p discordfake.Post) bool { return p.Kind == "dm" && p.Recipient == lead }) == 1
	})
	if n := len(sfake.Posts()); n != 0 {
		t.Errorf("%d posts reached Slack", n)
	}
}
