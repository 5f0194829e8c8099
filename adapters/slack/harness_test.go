package slack_test

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"text/template"
	"time"

	slackadapter "github.com/waymark-org/waymark/adapters/slack"
	"github.com/waymark-org/waymark/adapters/slack/slackfake"
	"github.com/waymark-org/waymark/assistant"
	"github.com/waymark-org/waymark/internal/adapterkit"
	"github.com/waymark-org/waymark/internal/faultproxy"
	"github.com/waymark-org/waymark/internal/obs"
	"github.com/waymark-org/waymark/internal/secrets"
	"github.com/waymark-org/waymark/internal/serve"
	"github.com/waymark-org/waymark/internal/store"
	"github.com/waymark-org/waymark/internal/store/storetest"
)

func TestMain(m *testing.M) { storetest.Main(m) }

const signingSecret = "8f742231b10e8888abcd99yyyzzz85a5"

// harness is `waymark serve` running in-process against a fake Slack.
type harness struct {
	t      testing.TB
	fake   *slackfake.Server
	db     *store.DB
	keys   *secrets.KeyRing
	base   string
	client *http.Client
	logs   *syncBuffer
	// proxy is between serve and PostgreSQL when options.viaProxy is set.
	proxy   *faultproxy.Proxy
	metrics *obs.Metrics
	// sent is every message text and response_url this test sent to
	// serve; none may appear in its logs (see scanLogs).
	mu   sync.Mutex
	sent []string
	// stop stops serve and returns what Run returned; Cleanup calls it
	// if the test did not.
	stop func() error
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

type options struct {
	botToken, appToken string
	level              slog.Level
	workers, queue     int
	// viaProxy runs serve on PostgreSQL through a fault proxy; the
	// harness's own handle (h.db) connects directly.
	viaProxy bool
	grace    time.Duration
	dbTimes  store.Timeouts
	// newBot, if set, builds the core (the contract tests wrap it to see
	// each request).
	newBot func(*store.DB) (*assistant.Assistant, error)
}

func start(t testing.TB, dialect string, opts ...func(*options, *slackfake.Server)) *harness {
	t.Helper()
	fake := slackfake.New()
	t.Cleanup(fake.Stop)
	o := options{level: slog.LevelDebug}
	for _, f := range opts {
		f(&o, fake)
	}
	key, err := secrets.NewKey("k1")
	if err != nil {
		t.Fatal(err)
	}
	keys, err := secrets.Parse(key)
	if err != nil {
		t.Fatal(err)
	}
	var (
		db    *store.DB
		dsn   string
		proxy *faultproxy.Proxy
	)
	if o.viaProxy {
		direct := storetest.DSN(t, store.Postgres)
		u, err := url.Parse(direct)
		if err != nil {
			t.Fatal(err)
		}
		if proxy, err = faultproxy.Listen(u.Host); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { proxy.Close() })
		u.Host = proxy.Addr()
		dsn = u.String()
		if db, err = store.Open(context.Background(), direct, storetest.Logger(t)); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
	} else {
		db = storetest.Open(t, dialect)
	}
	if o.grace == 0 {
		o.grace = 10 * time.Second
	}
	metrics := obs.New()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	logs := &syncBuffer{}
	log := slog.New(slog.NewTextHandler(io.MultiWriter(logs, testLog{t}), &slog.HandlerOptions{Level: o.level}))
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	base := "http://" + l.Addr().String()
	go func() {
		setup, err := slackadapter.ServeConfig{
			SigningSecret: signingSecret, ClientID: "123.456", ClientSecret: "client-secret-xyz",
			SecretKeys: key, PublicURL: base, APIURL: fake.GetAPIURL(),
			AuthorizeURL: "https://slack.example/oauth/v2/authorize",
			BotToken:     o.botToken, AppToken: o.appToken,
			Retry:   slackadapter.RetryPolicy{Base: time.Millisecond, Max: 5 * time.Millisecond},
			Workers: o.workers,
			Queue:   o.queue,
		}.Setup()
		if err != nil {
			done <- err
			return
		}
		cfg := serve.Config{
			DB: db, Listener: l, Logger: log,
			Adapters:      []adapterkit.Setup{setup},
			ShutdownGrace: o.grace,
			DBTimeouts:    o.dbTimes,
			Metrics:       metrics,
			NewBot:        o.newBot,
		}
		if o.viaProxy {
			cfg.DB, cfg.DSN = nil, dsn
		}
		done <- serve.Run(ctx, cfg)
	}()
	var (
		stopOnce sync.Once
		stopErr  error
	)
	stop := func() error {
		stopOnce.Do(func() {
			cancel()
			select {
			case stopErr = <-done:
			case <-time.After(30 * time.Second):
				stopErr = errors.New("serve did not stop within 30 s")
			}
		})
		return stopErr
	}
	var h *harness
	t.Cleanup(func() {
		if err := stop(); err != nil {
			t.Errorf("serve: %v", err)
		}
		h.scanLogs()
	})
	jar, _ := cookiejar.New(nil)
	h = &harness{t: t, fake: fake, db: db, keys: keys, base: base, logs: logs, proxy: proxy, stop: stop, metrics: metrics,
		client: &http.Client{Jar: jar, Timeout: 10 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
	h.waitHealthy()
	return h
}

type testLog struct{ t testing.TB }

func (w testLog) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimRight(string(p), "\n"))
	return len(p), nil
}

// metric is one value from serve's metrics, e.g.
// "waymark_events_total,outcome=duplicate,platform=slack".
func (h *harness) metric(name string) float64 {
	h.t.Helper()
	got, err := h.metrics.Gather()
	if err != nil {
		h.t.Fatal(err)
	}
	return got[name]
}

// note records what a request carried that must never be logged: the
// message text and the response_url (which holds a one-time token).
func (h *harness) note(p post) {
	var texts []string
	if vals, err := url.ParseQuery(p.body); err == nil && strings.HasPrefix(p.contentType, "application/x-www-form-urlencoded") {
		texts = append(texts, vals.Get("text"), vals.Get("response_url"))
		if payload := vals.Get("payload"); payload != "" {
			var cb struct {
				ResponseURL string `json:"response_url"`
			}
			_ = json.Unmarshal([]byte(payload), &cb)
			texts = append(texts, cb.ResponseURL)
		}
	} else {
		var ev struct {
			Event struct {
				Text string `json:"text"`
			} `json:"event"`
		}
		_ = json.Unmarshal([]byte(p.body), &ev)
		texts = append(texts, ev.Event.Text)
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	for _, s := range texts {
		// Short texts ("help") are words any log may hold.
		if s = strings.TrimSpace(s); len(s) >= 12 {
			h.sent = append(h.sent, s)
		}
	}
}

// scanLogs fails the test if serve logged a token, a secret, a
// response_url, a message it was sent or a reply it posted. Every test
// that starts serve runs it, so the whole end-to-end suite is scanned.
func (h *harness) scanLogs() {
	logs := h.logs.String()
	forbidden := []string{"xoxb-", "xoxp-", "xapp-", signingSecret, "client-secret-xyz", "/response/", "hooks.slack.com"}
	h.mu.Lock()
	forbidden = append(forbidden, h.sent...)
	h.mu.Unlock()
	for _, p := range h.fake.Posts() {
		// A line of each reply is enough to recognise it.
		if line, _, _ := strings.Cut(strings.TrimSpace(p.Text), "\n"); len(line) >= 20 {
			forbidden = append(forbidden, line)
		}
	}
	for _, ws := range []slackfake.Workspace{team1, team2} {
		forbidden = append(forbidden, ws.Token)
	}
	for _, line := range strings.Split(logs, "\n") {
		for _, f := range forbidden {
			if strings.Contains(line, f) {
				h.t.Errorf("a log line holds %q:\n%s", f, line)
			}
		}
	}
}

func (h *harness) waitHealthy() {
	h.t.Helper()
	// Starting serve builds the core (knowledge base, search index, crisis
	// screen): 4 to 12 s under -race on a loaded two-core machine, measured
	// before and after the adapter seam, so 10 s was too tight.
	deadline := time.Now().Add(30 * time.Second)
	for {
		resp, err := h.client.Get(h.base + "/healthz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return
			}
		}
		if time.Now().After(deadline) {
			h.t.Fatalf("serve never became healthy: %v", err)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// fixture fills a testdata template.
func fixture(t testing.TB, name string, data map[string]any) string {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	tpl, err := template.New(name).Funcs(template.FuncMap{"query": url.QueryEscape}).Parse(string(raw))
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := tpl.Execute(&b, data); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// sign computes Slack's v0 signature as Slack does.
func sign(secret string, ts int64, body string) string {
	mac := hmac.New(sha256.New, []byte(secret))
	fmt.Fprintf(mac, "v0:%d:%s", ts, body)
	return "v0=" + hex.EncodeToString(mac.Sum(nil))
}

type post struct {
	path, body, contentType string
	ts                      int64
	secret                  string
	retry                   int
}

func (h *harness) send(p post) *http.Response {
	h.t.Helper()
	if p.ts == 0 {
		p.ts = time.Now().Unix()
	}
	if p.secret == "" {
		p.secret = signingSecret
	}
	if p.contentType == "" {
		p.contentType = "application/json"
	}
	h.note(p)
	req, err := http.NewRequest(http.MethodPost, h.base+p.path, strings.NewReader(p.body))
	if err != nil {
		h.t.Fatal(err)
	}
	req.Header.Set("Content-Type", p.contentType)
	req.Header.Set("X-Slack-Request-Timestamp", strconv.FormatInt(p.ts, 10))
	req.Header.Set("X-Slack-Signature", sign(p.secret, p.ts, p.body))
	if p.retry > 0 {
		req.Header.Set("X-Slack-Retry-Num", strconv.Itoa(p.retry))
		req.Header.Set("X-Slack-Retry-Reason", "http_timeout")
	}
	resp, err := h.client.Do(req)
	if err != nil {
		h.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	resp.Body = io.NopCloser(bytes.NewReader(b))
	return resp
}

func (h *harness) event(name string, data map[string]any) *http.Response {
	h.t.Helper()
	resp := h.send(post{path: "/slack/events", body: fixture(h.t, name, data)})
	if resp.StatusCode != http.StatusOK {
		h.t.Fatalf("event %s: status %d", name, resp.StatusCode)
	}
	return resp
}

func (h *harness) command(data map[string]any) {
	h.t.Helper()
	resp := h.send(post{path: "/slack/commands", body: strings.TrimSpace(fixture(h.t, "slash_command.txt", data)), contentType: "application/x-www-form-urlencoded"})
	if resp.StatusCode != http.StatusOK {
		h.t.Fatalf("command: status %d", resp.StatusCode)
	}
}

func (h *harness) click(data map[string]any) {
	h.t.Helper()
	body := "payload=" + url.QueryEscape(fixture(h.t, "block_actions.json", data))
	resp := h.send(post{path: "/slack/interactions", body: body, contentType: "application/x-www-form-urlencoded"})
	if resp.StatusCode != http.StatusOK {
		h.t.Fatalf("click: status %d", resp.StatusCode)
	}
}

// install runs the OAuth flow as a browser and Slack would.
func (h *harness) install(ws slackfake.Workspace) {
	h.t.Helper()
	resp, err := h.client.Get(h.base + "/slack/install")
	if err != nil {
		h.t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusFound {
		h.t.Fatalf("install: status %d", resp.StatusCode)
	}
	loc, err := url.Parse(resp.Header.Get("Location"))
	if err != nil {
		h.t.Fatal(err)
	}
	if got := loc.Query().Get("redirect_uri"); got != h.base+"/slack/oauth/callback" {
		h.t.Fatalf("redirect_uri = %q", got)
	}
	code := "code-" + ws.ID
	h.fake.AddOAuthCode(code, ws)
	resp, err = h.client.Get(h.base + "/slack/oauth/callback?code=" + code + "&state=" + url.QueryEscape(loc.Query().Get("state")))
	if err != nil {
		h.t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		h.t.Fatalf("oauth callback: status %d: %s", resp.StatusCode, body)
	}
}

func (h *harness) wait(pred func([]slackfake.Post) bool) []slackfake.Post {
	h.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	ps, err := h.fake.WaitPosts(ctx, pred)
	if err != nil {
		for _, p := range ps {
			h.t.Logf("post: %+v", p)
		}
		h.t.Fatal(err)
	}
	return ps
}

func where(ps []slackfake.Post, keep func(slackfake.Post) bool) []slackfake.Post {
	var out []slackfake.Post
	for _, p := range ps {
		if keep(p) {
			out = append(out, p)
		}
	}
	return out
}

func has(keep func(slackfake.Post) bool) func([]slackfake.Post) bool {
	return func(ps []slackfake.Post) bool { return len(where(ps, keep)) > 0 }
}

var errNoPost = errors.New("no post")

func one(t *testing.T, ps []slackfake.Post, keep func(slackfake.Post) bool) slackfake.Post {
	t.Helper()
	got := where(ps, keep)
	if len(got) != 1 {
		t.Fatalf("%d matching posts, want 1: %+v (%v)", len(got), got, errNoPost)
	}
	return got[0]
}

var (
	team1 = slackfake.Workspace{ID: "T0001AAAA", Name: "Riverside Peer Support", BotUserID: "UBOT0001", Token: "xoxb-1111-secret-token-aaaa", Admins: []string{"UADMIN01"}}
	team2 = slackfake.Workspace{ID: "T0002BBBB", Name: "Hillside Hearing Voices", BotUserID: "UBOT0002", Token: "xoxb-2222-secret-token-bbbb", Admins: []string{"UADMIN02"}}
)
