package slack_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	slackadapter "github.com/waymark-org/waymark/adapters/slack"
	"github.com/waymark-org/waymark/adapters/slack/slackfake"
	"github.com/waymark-org/waymark/assistant"
	"github.com/waymark-org/waymark/assistant/assistanttest"
	"github.com/waymark-org/waymark/internal/adapterkit/adaptertest"
	"github.com/waymark-org/waymark/internal/secrets"
	"github.com/waymark-org/waymark/internal/store"
	"github.com/waymark-org/waymark/internal/store/storetest"
)

// The Slack adapter meets the contract every adapter meets.
func TestSlackAdapterContract(t *testing.T) {
	adaptertest.Run(t, func(t *testing.T) adaptertest.Env {
		return slackContractEnv(t)
	})
}

// slackPlatform drives the Slack adapter through the fake Slack.
type slackPlatform struct {
	h   *harness
	seq atomic.Int64
}

func slackContractEnv(t *testing.T) adaptertest.Env {
	t.Helper()
	fake := slackfake.New()
	t.Cleanup(fake.Stop)
	fake.AddWorkspace(team1)
	db := storetest.Open(t, store.SQLite)
	logs := &syncBuffer{}
	log := slog.New(slog.NewTextHandler(io.MultiWriter(logs, testLog{t}), &slog.HandlerOptions{Level: slog.LevelDebug}))
	b, err := assistant.New(assistant.Config{Store: db, Logger: log})
	if err != nil {
		t.Fatal(err)
	}
	assistanttest.Schedule(t, b, db)
	core := adaptertest.NewRecorder(b)
	key, err := secrets.NewKey("k1")
	if err != nil {
		t.Fatal(err)
	}
	keys, err := secrets.Parse(key)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	// Installed as OAuth leaves it, so an uninstall has an install to end.
	tn, err := db.EnsureTenant(ctx, slackadapter.Platform, team1.ID, team1.Name)
	if err != nil {
		t.Fatal(err)
	}
	sealed, err := keys.Encrypt(team1.Token, team1.ID)
	if err != nil {
		t.Fatal(err)
	}
	if err := slackadapter.InstallsOf(db).Save(ctx, slackadapter.Installation{TenantID: tn.ID, TeamID: team1.ID, BotUserID: team1.BotUserID, BotTokenSealed: sealed}); err != nil {
		t.Fatal(err)
	}
	a, err := slackadapter.New(slackadapter.Config{
		Core: core, Store: db, Logger: log, Keys: keys,
		SigningSecret: signingSecret, APIURL: fake.GetAPIURL(),
		Retry: slackadapter.RetryPolicy{Base: time.Millisecond, Max: 5 * time.Millisecond},
	})
	if err != nil {
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
	return adaptertest.Env{
		Platform: &slackPlatform{h: h}, Core: core, DB: db, TenantID: tn.ID,
		Admin: team1.Admins[0], Member: "UMEMBER1",
	}
}

func (p *slackPlatform) next() string { return strconv.FormatInt(p.seq.Add(1), 10) }

func (p *slackPlatform) Ask(t *testing.T, id, user, text string) {
	p.h.t = t
	data := mentionData(team1, "Ev"+id, "1700000000."+id, "<@"+team1.BotUserID+"> "+text)
	data["User"] = user
	p.h.event("app_mention.json", data)
}

func (p *slackPlatform) Command(t *testing.T, user, text string) {
	p.h.t = t
	p.h.command(map[string]any{"Team": team1.ID, "Channel": "C0GENERAL", "User": user, "Text": text, "ResponseURL": p.h.fake.ResponseURL("cmd-" + p.next())})
	// Requests are told apart by their timestamp and signature; a second
	// within one second needs a new body to be a new request, which the
	// response_url gives it.
}

func (p *slackPlatform) Click(t *testing.T, user, action, value string) {
	p.h.t = t
	p.h.click(map[string]any{"Team": team1.ID, "User": user, "Channel": "C0GENERAL", "ResponseURL": p.h.fake.ResponseURL("click-" + p.next()), "Action": action, "Value": value})
}

func (p *slackPlatform) Uninstall(t *testing.T) {
	p.h.t = t
	p.h.event("app_uninstalled.json", map[string]any{"Team": team1.ID, "EventID": "Ev0UNINSTALL"})
}

func (p *slackPlatform) Deliveries() []adaptertest.Delivery {
	var out []adaptertest.Delivery
	for _, post := range p.h.fake.Posts() {
		private := post.Method == "chat.postEphemeral" || post.ResponseType == "ephemeral" || strings.HasPrefix(post.Channel, "D")
		out = append(out, adaptertest.Delivery{Text: post.Text, Private: private})
	}
	return out
}
