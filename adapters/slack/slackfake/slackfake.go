// Package slackfake is a local stand-in for Slack's Web API, for tests and
// the load benchmark. It is slack-go's slacktest server with the methods
// Waymark uses added (oauth.v2.access, chat.postMessage, chat.postEphemeral,
// chat.update, views.open, users.info, conversations.open, auth.test, a
// response_url sink and a Socket Mode websocket), recording every call.
package slackfake

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"

	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gorilla/websocket"
	"github.com/slack-go/slack/slacktest"
)

// Post is one message the fake received.
type Post struct {
	Method       string // chat.postMessage, chat.postEphemeral, chat.update, response_url, views.open
	Team         string // from the token; "" for response_url posts
	Token        string
	Channel      string
	User         string
	ThreadTS     string
	Text         string
	Blocks       string // JSON
	ResponseType string // response_url posts only
	// TriggerID and View (JSON) are set on views.open only.
	TriggerID string
	View      string
}

// Workspace is a team the fake knows.
type Workspace struct {
	ID, Name, BotUserID, Token string
	Admins                     []string
}

// Server is the fake Slack.
type Server struct {
	*slacktest.Server

	mu      sync.Mutex
	posts   []Post
	byToken map[string]Workspace
	codes   map[string]Workspace // OAuth code → workspace it installs
	seq     atomic.Int64

	// FailNext makes the next n chat.postMessage calls fail: with 429 and
	// Retry-After when RateLimit is set, else with 500.
	failNext  atomic.Int64
	rateLimit atomic.Bool
	// failViews makes views.open answer expired_trigger_id while > 0.
	failViews atomic.Int64

	// Socket Mode: envelopes to send after hello, and acks received.
	socketEnvelopes chan string
	Acks            chan string

	// hold, when set, makes posts wait until it is closed (Hold/Release).
	hold atomic.Pointer[chan struct{}]

	counts sync.Map // "channel|thread" → *atomic.Int64, for the benchmark
	total  atomic.Int64
	// Record false keeps only counts (the benchmark's memory stays flat).
	record atomic.Bool
}

// New starts a fake Slack. Stop it with Stop.
func New() *Server {
	s := &Server{
		byToken:         map[string]Workspace{},
		codes:           map[string]Workspace{},
		socketEnvelopes: make(chan string, 16),
		Acks:            make(chan string, 16),
	}
	s.record.Store(true)
	s.Server = slacktest.NewTestServer(func(c slacktest.Customize) {
		c.Handle("/chat.postMessage", s.chat("chat.postMessage"))
		c.Handle("/chat.postEphemeral", s.chat("chat.postEphemeral"))
		c.Handle("/chat.update", s.chat("chat.update"))
		c.Handle("/views.open", s.viewsOpen)
		c.Handle("/oauth.v2.access", s.oauth)
		c.Handle("/users.info", s.usersInfo)
		c.Handle("/conversations.open", s.conversationsOpen)
		c.Handle("/auth.test", s.authTest)
		c.Handle("/response/", s.response)
		c.Handle("/apps.connections.open", s.connectionsOpen)
		c.Handle("/socket", s.socket)
	})
	s.Start()
	return s
}

// Record sets whether posts are kept (true, the default) or only counted.
func (s *Server) Record(on bool) { s.record.Store(on) }

// AddWorkspace makes the fake know a team and its bot token.
func (s *Server) AddWorkspace(w Workspace) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.byToken[w.Token] = w
}

// AddOAuthCode makes oauth.v2.access with code install w.
func (s *Server) AddOAuthCode(code string, w Workspace) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.codes[code] = w
}

// FailNext makes the next n chat.postMessage calls fail; with rateLimited
// they answer 429 with Retry-After: 0, otherwise 500.
func (s *Server) FailNext(n int64, rateLimited bool) {
	s.rateLimit.Store(rateLimited)
	s.failNext.Store(n)
}

// FailViews makes the next n views.open calls fail as Slack does when a
// trigger is more than three seconds old.
func (s *Server) FailViews(n int64) { s.failViews.Store(n) }

// Hold makes every post (chat.* and response_url) wait until Release: a
// Slack that has stopped answering, so the replies back up.
func (s *Server) Hold() {
	ch := make(chan struct{})
	s.hold.Store(&ch)
}

// Release lets held posts through.
func (s *Server) Release() {
	if ch := s.hold.Swap(nil); ch != nil {
		close(*ch)
	}
}

// wait blocks while posts are held; false if the caller went away.
func (s *Server) wait(r *http.Request) bool {
	ch := s.hold.Load()
	if ch == nil {
		return true
	}
	select {
	case <-*ch:
		return true
	case <-r.Context().Done():
		return false
	}
}

// ResponseURL is a response_url that posts back to this fake.
func (s *Server) ResponseURL(id string) string {
	return s.GetAPIURL() + "response/" + url.PathEscape(id)
}

// Posts returns what was posted so far.
func (s *Server) Posts() []Post {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Post(nil), s.posts...)
}

// WaitPosts polls until pred holds for the posts or the deadline passes.
func (s *Server) WaitPosts(ctx context.Context, pred func([]Post) bool) ([]Post, error) {
	tick := time.NewTicker(5 * time.Millisecond)
	defer tick.Stop()
	for {
		ps := s.Posts()
		if pred(ps) {
			return ps, nil
		}
		select {
		case <-ctx.Done():
			return ps, fmt.Errorf("waiting for slack posts: %w", ctx.Err())
		case <-tick.C:
		}
	}
}

// Total is the number of messages posted.
func (s *Server) Total() int64 { return s.total.Load() }

// Replies counts the replies posted to one channel and thread of a team
// (kept when Record is off too).
func (s *Server) Replies(team, channel, thread string) int64 {
	if v, ok := s.counts.Load(team + "|" + channel + "|" + thread); ok {
		return v.(*atomic.Int64).Load()
	}
	return 0
}

// Duplicates counts replies beyond the first to the same channel+thread.
func (s *Server) Duplicates() int64 {
	var d int64
	s.counts.Range(func(_, v any) bool {
		if n := v.(*atomic.Int64).Load(); n > 1 {
			d += n - 1
		}
		return true
	})
	return d
}

func (s *Server) workspace(r *http.Request) (Workspace, string, bool) {
	token := strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
	if token == "" {
		token = r.FormValue("token")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	w, ok := s.byToken[token]
	return w, token, ok
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(v)
}

func (s *Server) ok(body string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if _, _, ok := s.workspace(r); !ok {
			writeJSON(w, map[string]any{"ok": false, "error": "invalid_auth"})
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, body)
	}
}

func (s *Server) chat(method string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if !s.wait(r) {
			return
		}
		if method == "chat.postMessage" {
			if n := s.failNext.Add(-1); n >= 0 {
				if s.rateLimit.Load() {
					w.Header().Set("Retry-After", "0")
					http.Error(w, "rate limited", http.StatusTooManyRequests)
				} else {
					http.Error(w, "unavailable", http.StatusInternalServerError)
				}
				return
			} else {
				s.failNext.Store(-1)
			}
		}
		ws, token, ok := s.workspace(r)
		if !ok {
			writeJSON(w, map[string]any{"ok": false, "error": "invalid_auth"})
			return
		}
		p := Post{Method: method, Team: ws.ID, Token: token, Channel: r.FormValue("channel"), User: r.FormValue("user"),
			ThreadTS: r.FormValue("thread_ts"), Text: r.FormValue("text"), Blocks: r.FormValue("blocks")}
		s.observe(p)
		ts := fmt.Sprintf("%d.%06d", time.Now().Unix(), s.seq.Add(1)%1_000_000)
		writeJSON(w, map[string]any{"ok": true, "channel": p.Channel, "ts": ts, "message_ts": ts})
	}
}

// viewsOpen records a modal opened with a trigger (slack-go sends JSON).
func (s *Server) viewsOpen(w http.ResponseWriter, r *http.Request) {
	ws, token, ok := s.workspace(r)
	if !ok {
		writeJSON(w, map[string]any{"ok": false, "error": "invalid_auth"})
		return
	}
	var req struct {
		TriggerID string          `json:"trigger_id"`
		View      json.RawMessage `json:"view"`
	}
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil || req.TriggerID == "" || len(req.View) == 0 {
		writeJSON(w, map[string]any{"ok": false, "error": "invalid_arguments"})
		return
	}
	if s.failViews.Add(-1) >= 0 {
		writeJSON(w, map[string]any{"ok": false, "error": "expired_trigger_id"})
		return
	}
	s.failViews.Store(0)
	s.observe(Post{Method: "views.open", Team: ws.ID, Token: token, TriggerID: req.TriggerID, View: string(req.View)})
	writeJSON(w, map[string]any{"ok": true, "view": map[string]any{"id": fmt.Sprintf("V%d", s.seq.Add(1))}})
}

func (s *Server) observe(p Post) {
	s.total.Add(1)
	key := p.Team + "|" + p.Channel + "|" + p.ThreadTS
	v, _ := s.counts.LoadOrStore(key, new(atomic.Int64))
	v.(*atomic.Int64).Add(1)
	if s.record.Load() {
		s.mu.Lock()
		s.posts = append(s.posts, p)
		s.mu.Unlock()
	}
}

func (s *Server) response(w http.ResponseWriter, r *http.Request) {
	if !s.wait(r) {
		return
	}
	var m struct {
		Text         string          `json:"text"`
		Blocks       json.RawMessage `json:"blocks"`
		ResponseType string          `json:"response_type"`
	}
	if err := json.NewDecoder(r.Body).Decode(&m); err != nil {
		http.Error(w, "bad json", http.StatusBadRequest)
		return
	}
	s.observe(Post{Method: "response_url", Channel: strings.TrimPrefix(r.URL.Path, "/response/"), Text: m.Text, Blocks: string(m.Blocks), ResponseType: m.ResponseType})
	_, _ = io.WriteString(w, "ok")
}

func (s *Server) oauth(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	ws, ok := s.codes[r.FormValue("code")]
	delete(s.codes, r.FormValue("code"))
	if ok {
		s.byToken[ws.Token] = ws
	}
	s.mu.Unlock()
	if !ok {
		writeJSON(w, map[string]any{"ok": false, "error": "invalid_code"})
		return
	}
	// The shape of Slack's documented oauth.v2.access response.
	writeJSON(w, map[string]any{
		"ok": true, "access_token": ws.Token, "token_type": "bot",
		"scope":       "app_mentions:read,chat:write,commands,im:history,im:read,im:write,users:read",
		"bot_user_id": ws.BotUserID, "app_id": "A0WAYMARK",
		"team":       map[string]string{"id": ws.ID, "name": ws.Name},
		"enterprise": nil, "is_enterprise_install": false,
		"authed_user": map[string]string{"id": "U0INSTALLER", "scope": "", "access_token": "", "token_type": ""},
	})
}

func (s *Server) usersInfo(w http.ResponseWriter, r *http.Request) {
	ws, _, ok := s.workspace(r)
	if !ok {
		writeJSON(w, map[string]any{"ok": false, "error": "invalid_auth"})
		return
	}
	id := r.FormValue("user")
	admin := false
	for _, a := range ws.Admins {
		admin = admin || a == id
	}
	writeJSON(w, map[string]any{"ok": true, "user": map[string]any{"id": id, "team_id": ws.ID, "name": strings.ToLower(id), "is_admin": admin, "is_owner": false}})
}

func (s *Server) conversationsOpen(w http.ResponseWriter, r *http.Request) {
	if _, _, ok := s.workspace(r); !ok {
		writeJSON(w, map[string]any{"ok": false, "error": "invalid_auth"})
		return
	}
	users := r.FormValue("users")
	writeJSON(w, map[string]any{"ok": true, "channel": map[string]any{"id": "D" + strings.TrimPrefix(users, "U")}})
}

func (s *Server) authTest(w http.ResponseWriter, r *http.Request) {
	ws, _, ok := s.workspace(r)
	if !ok {
		writeJSON(w, map[string]any{"ok": false, "error": "invalid_auth"})
		return
	}
	writeJSON(w, map[string]any{"ok": true, "url": "https://" + strings.ToLower(ws.ID) + ".slack.com/", "team": ws.Name, "user": "waymark", "team_id": ws.ID, "user_id": ws.BotUserID, "bot_id": "B" + ws.ID})
}

// SendSocketEnvelope queues a Socket Mode envelope (JSON) to send after hello.
func (s *Server) SendSocketEnvelope(envelope string) { s.socketEnvelopes <- envelope }

func (s *Server) connectionsOpen(w http.ResponseWriter, r *http.Request) {
	if !strings.HasPrefix(r.Header.Get("Authorization"), "Bearer xapp-") {
		writeJSON(w, map[string]any{"ok": false, "error": "not_allowed_token_type"})
		return
	}
	writeJSON(w, map[string]any{"ok": true, "url": "ws://" + s.ServerAddr + "/socket"})
}

// Slack's clients send an Origin the fake need not check.
var upgrader = websocket.Upgrader{CheckOrigin: func(*http.Request) bool { return true }}

// socket speaks Slack's Socket Mode: hello, then queued envelopes; every
// ack (a JSON object with envelope_id) is passed to Acks.
func (s *Server) socket(w http.ResponseWriter, r *http.Request) {
	c, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	defer c.Close()
	hello := `{"type":"hello","num_connections":1,"debug_info":{"host":"applink-fake","approximate_connection_time":18060},"connection_info":{"app_id":"A0WAYMARK"}}`
	if err := c.WriteMessage(websocket.TextMessage, []byte(hello)); err != nil {
		return
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			_, msg, err := c.ReadMessage()
			if err != nil {
				return
			}
			var ack struct {
				EnvelopeID string `json:"envelope_id"`
			}
			if json.Unmarshal(msg, &ack) == nil && ack.EnvelopeID != "" {
				select {
				case s.Acks <- ack.EnvelopeID:
				default:
				}
			}
		}
	}()
	for {
		select {
		case env := <-s.socketEnvelopes:
			if err := c.WriteMessage(websocket.TextMessage, []byte(env)); err != nil {
				return
			}
		case <-done:
			return
		case <-r.Context().Done():
			return
		}
	}
}
