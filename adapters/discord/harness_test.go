package discord_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/waymark-org/waymark/adapters/discord"
	"github.com/waymark-org/waymark/adapters/discord/discordfake"
	"github.com/waymark-org/waymark/assistant"
	"github.com/waymark-org/waymark/assistant/assistanttest"
	"github.com/waymark-org/waymark/internal/adapterkit"
	"github.com/waymark-org/waymark/internal/obs"
	"github.com/waymark-org/waymark/internal/store"
	"github.com/waymark-org/waymark/internal/store/storetest"
)

func TestMain(m *testing.M) { storetest.Main(m) }

const (
	guild1  = "400000000000000001"
	channel = "400000000000000002"
	owner   = "500000000000000001"
	admin   = "500000000000000002" // has Manage Server
	member  = "500000000000000003"
)

// harness is the Discord adapter, built as serve builds it, against the
// fake Discord: its interactions endpoint on an httptest server and, when
// asked for, its gateway session.
type harness struct {
	t       testing.TB
	fake    *discordfake.Server
	db      *store.DB
	a       *discord.Adapter
	base    string
	logs    *syncBuffer
	metrics *obs.Metrics
	client  *http.Client
	// stop shuts the adapter down as serve does on exit (once; cleanup
	// calls it too).
	stop func()
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

type testLog struct{ t testing.TB }

func (w testLog) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimRight(string(p), "\n"))
	return len(p), nil
}

type options struct {
	dialect string
	gateway bool
	budget  time.Duration
	// wrap, if set, wraps the core the adapter is given.
	wrap func(*assistant.Assistant) discord.Core
	// fake and db, if set, are used instead of new ones: a restarted
	// serve against the same Discord and database.
	fake *discordfake.Server
	db   *store.DB
	// workers and queue size the pool (0: the adapter's defaults).
	workers, queue int
}

func start(t testing.TB, opts ...func(*options)) *harness {
	t.Helper()
	// Tests of behaviour answer in the response even when the race
	// detector and a busy machine slow the core; tests of deferral set
	// their own budget.
	o := options{dialect: store.SQLite, budget: 2 * time.Second}
	for _, f := range opts {
		f(&o)
	}
	fake, db := o.fake, o.db
	if fake == nil {
		fake = discordfake.New()
		t.Cleanup(fake.Close)
	}
	if db == nil {
		db = storetest.Open(t, o.dialect)
	}
	logs := &syncBuffer{}
	log := slog.New(slog.NewTextHandler(io.MultiWriter(logs, testLog{t}), &slog.HandlerOptions{Level: slog.LevelDebug}))
	b, err := assistant.New(assistant.Config{Store: db, Logger: log})
	if err != nil {
		t.Fatal(err)
	}
	assistanttest.Schedule(t, b, db)
	var core discord.Core = b
	if o.wrap != nil {
		core = o.wrap(b)
	}
	metrics := obs.New()
	a, err := discord.New(discord.Config{
		Core: core, Store: db, Logger: log, Metrics: metrics,
		ApplicationID: fake.AppID, PublicKey: fake.Public, BotToken: "bot-token-secret-xyz",
		HTTPClient: fake.Client(), AnswerBudget: o.budget, Workers: o.workers, Queue: o.queue,
		Retry: adapterkit.RetryPolicy{Base: time.Millisecond, Max: 5 * time.Millisecond},
	})
	if err != nil {
		t.Fatal(err)
	}
	b.SetNotifier(a)
	srv := httptest.NewServer(a.Handler())
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	if o.gateway {
		go func() { done <- a.RunGateway(ctx) }()
	} else {
		done <- nil
	}
	h := &harness{t: t, fake: fake, db: db, a: a, base: srv.URL, logs: logs, metrics: metrics, client: &http.Client{Timeout: 10 * time.Second}}
	h.stop = sync.OnceFunc(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("gateway: %v", err)
		}
		srv.Close()
		cctx, ccancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer ccancel()
		if err := a.Close(cctx); err != nil {
			t.Error(err)
		}
		h.scanLogs()
	})
	t.Cleanup(h.stop)
	if o.gateway && !fake.WaitSession(10*time.Second) {
		t.Fatal("the gateway session never identified")
	}
	return h
}

// scanLogs fails the test if a token or a message reached the logs.
func (h *harness) scanLogs() {
	for _, line := range strings.Split(h.logs.String(), "\n") {
		for _, f := range []string{"bot-token-secret-xyz", "itoken-", "Do we need to register", "end my life"} {
			if strings.Contains(line, f) {
				h.t.Errorf("a log line holds %q:\n%s", f, line)
			}
		}
	}
}

// interaction is what Discord posts to the endpoint.
type interaction map[string]any

func (h *harness) command(user string, perms int64, sub string, opts ...map[string]any) interaction {
	return h.inGuild(user, perms, interaction{
		"type": 2,
		"data": map[string]any{"id": "600", "name": "waymark", "type": 1, "options": []any{map[string]any{"name": sub, "type": 1, "options": opts}}},
	})
}

func opt(name, value string) map[string]any {
	return map[string]any{"name": name, "type": 3, "value": value}
}

func (h *harness) click(user string, perms int64, action, value string) interaction {
	return h.inGuild(user, perms, interaction{
		"type": 3,
		"data": map[string]any{"custom_id": action + "|" + value, "component_type": 2},
	})
}

var seq struct {
	sync.Mutex
	n int
}

func nextID() string {
	seq.Lock()
	defer seq.Unlock()
	seq.n++
	return strconv.Itoa(700000000000000000 + seq.n)
}

func (h *harness) inGuild(user string, perms int64, in interaction) interaction {
	in["id"] = nextID()
	in["application_id"] = h.fake.AppID
	in["token"] = h.fake.Token()
	in["version"] = 1
	in["guild_id"] = guild1
	in["channel_id"] = channel
	in["member"] = map[string]any{"user": map[string]any{"id": user, "username": "u" + user}, "roles": []string{}, "permissions": strconv.FormatInt(perms, 10)}
	return in
}

// inDM is an interaction in the person's DM with Waymark: no server.
func (h *harness) inDM(user string, in interaction) interaction {
	in["id"] = nextID()
	in["application_id"] = h.fake.AppID
	in["token"] = h.fake.Token()
	in["version"] = 1
	in["channel_id"] = "dm" + user
	in["user"] = map[string]any{"id": user, "username": "u" + user}
	return in
}

// response is what the endpoint answered.
type response struct {
	code int
	body struct {
		Type int `json:"type"`
		Data struct {
			Content    string              `json:"content"`
			Flags      int                 `json:"flags"`
			Embeds     []discordfake.Embed `json:"embeds"`
			Components []json.RawMessage   `json:"components"`
			Choices    []map[string]any    `json:"choices"`
			CustomID   string              `json:"custom_id"`
			Title      string              `json:"title"`
		} `json:"data"`
	}
	raw string
}

func (r response) text() string {
	m := discordfake.Message{Content: r.body.Data.Content, Embeds: r.body.Data.Embeds}
	return m.Text()
}

// send posts an interaction signed now; sign overrides the signing.
func (h *harness) send(in interaction, sign ...func(req *http.Request, body []byte)) response {
	h.t.Helper()
	body, err := json.Marshal(in)
	if err != nil {
		h.t.Fatal(err)
	}
	req, err := http.NewRequest(http.MethodPost, h.base+"/discord/interactions", bytes.NewReader(body))
	if err != nil {
		h.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	if len(sign) > 0 {
		sign[0](req, body)
	} else {
		sig, ts := h.fake.Sign(body, time.Now())
		req.Header.Set("X-Signature-Ed25519", sig)
		req.Header.Set("X-Signature-Timestamp", ts)
	}
	return h.do(req)
}

func (h *harness) do(req *http.Request) response {
	h.t.Helper()
	resp, err := h.client.Do(req)
	if err != nil {
		h.t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	r := response{code: resp.StatusCode, raw: string(raw)}
	if resp.StatusCode == http.StatusOK {
		if err := json.Unmarshal(raw, &r.body); err != nil {
			h.t.Fatalf("response %q: %v", raw, err)
		}
	}
	return r
}

func (h *harness) waitPosts(what string, pred func([]discordfake.Post) bool) []discordfake.Post {
	h.t.Helper()
	ps, ok := h.fake.WaitPosts(15*time.Second, pred)
	if !ok {
		for _, p := range ps {
			h.t.Logf("post: %+v", p)
		}
		h.t.Fatalf("timed out waiting for %s", what)
	}
	return ps
}

func kind(k string) func(discordfake.Post) bool {
	return func(p discordfake.Post) bool { return p.Kind == k }
}

func count(ps []discordfake.Post, keep func(discordfake.Post) bool) int {
	n := 0
	for _, p := range ps {
		if keep(p) {
			n++
		}
	}
	return n
}

func waitFor(t testing.TB, what string, ok func() bool) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for !ok() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}
