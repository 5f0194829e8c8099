// Package discordfake is a fake Discord on 127.0.0.1 that speaks the wire
// protocols the real discordgo client uses: the REST API (messages, DMs,
// interaction follow-ups, command registration, rate limits with 429 and
// retry_after) and the gateway websocket (HELLO, IDENTIFY, READY,
// heartbeats and their ACKs, dispatches, RESUME after a dropped
// connection). It also signs interactions with an Ed25519 key, as Discord
// does, so tests send what Discord would send.
//
// The adapter reaches it through Client(), whose transport sends every
// request for discord.com to the fake: discordgo's endpoint variables are
// left alone, so nothing global changes and tests can run in parallel.
package discordfake

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Post is one message the fake received.
type Post struct {
	// Kind is "channel" (a channel message), "dm" (in a DM channel),
	// "followup" (POST to the interaction webhook), "edit" (PATCH of the
	// original response) or "delete" (of the original response).
	Kind      string
	ChannelID string
	// Recipient is the user of a DM channel.
	Recipient string
	// ReplyTo is the message a channel message replies to.
	ReplyTo string
	// Token is the interaction token of follow-ups and edits.
	Token string
	Flags int
	Body  Message
}

// Message is the part of a message body the tests look at.
type Message struct {
	Content    string            `json:"content"`
	Embeds     []Embed           `json:"embeds"`
	Components []json.RawMessage `json:"components"`
	Flags      int               `json:"flags"`
	Reference  *struct {
		MessageID string `json:"message_id"`
	} `json:"message_reference"`
}

// Embed is a message embed.
type Embed struct {
	Title       string `json:"title"`
	Description string `json:"description"`
	Fields      []struct {
		Name  string `json:"name"`
		Value string `json:"value"`
	} `json:"fields"`
	Footer *struct {
		Text string `json:"text"`
	} `json:"footer"`
}

// Text is everything a person reads in the message.
func (m Message) Text() string {
	parts := []string{m.Content}
	for _, e := range m.Embeds {
		parts = append(parts, e.Title, e.Description)
		for _, f := range e.Fields {
			parts = append(parts, f.Name, f.Value)
		}
		if e.Footer != nil {
			parts = append(parts, e.Footer.Text)
		}
	}
	return strings.TrimSpace(strings.Join(parts, "\n"))
}

// Server is the fake Discord.
type Server struct {
	http *httptest.Server
	// AppID and BotUserID are the application's.
	AppID, BotUserID string
	// Public and private halves of the application's signing key.
	Public  ed25519.PublicKey
	private ed25519.PrivateKey

	mu       sync.Mutex
	posts    []Post
	dms      map[string]string // DM channel id → user id
	commands map[string]json.RawMessage
	wait     chan struct{} // closed and replaced on every post

	seq         atomic.Int64
	rateLimited atomic.Int64 // next n message posts get 429
	failNext    atomic.Int64 // next n message posts get 500
	down        atomic.Bool  // the gateway refuses connections
	webhookWait atomic.Int64 // each webhook request takes this long (ns)

	gw gateway
}

// New starts a fake Discord. Stop it with Close.
func New() *Server {
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		panic(err)
	}
	s := &Server{
		AppID: "100000000000000001", BotUserID: "100000000000000002",
		Public: pub, private: priv,
		dms: map[string]string{}, commands: map[string]json.RawMessage{},
		wait: make(chan struct{}),
	}
	s.gw.init()
	mux := http.NewServeMux()
	mux.HandleFunc("GET /api/v9/gateway", s.gateway)
	mux.HandleFunc("GET /api/v9/gateway/bot", s.gateway)
	mux.HandleFunc("GET /gateway/", s.socket)
	mux.HandleFunc("POST /api/v9/channels/{channel}/messages", s.message)
	mux.HandleFunc("POST /api/v9/users/@me/channels", s.openDM)
	mux.HandleFunc("PUT /api/v9/applications/{app}/commands", s.overwrite)
	mux.HandleFunc("PUT /api/v9/applications/{app}/guilds/{guild}/commands", s.overwrite)
	mux.HandleFunc("POST /api/v9/webhooks/{app}/{token}", s.webhook("followup"))
	mux.HandleFunc("PATCH /api/v9/webhooks/{app}/{token}/messages/{msg}", s.webhook("edit"))
	mux.HandleFunc("DELETE /api/v9/webhooks/{app}/{token}/messages/{msg}", s.webhook("delete"))
	s.http = httptest.NewServer(mux)
	return s
}

// Close stops the fake and its gateway connections.
func (s *Server) Close() {
	s.gw.closeAll()
	s.http.CloseClientConnections()
	s.http.Close()
}

// URL is the fake's base URL.
func (s *Server) URL() string { return s.http.URL }

// Client is an HTTP client whose requests for discord.com reach the fake.
func (s *Server) Client() *http.Client { return ClientFor(s.http.URL) }

// ClientFor is Client for a fake at base, for another process (a load
// run's serve).
func ClientFor(base string) *http.Client {
	target, _ := url.Parse(base)
	return &http.Client{Timeout: 10 * time.Second, Transport: rewrite{to: target, next: http.DefaultTransport}}
}

type rewrite struct {
	to   *url.URL
	next http.RoundTripper
}

func (r rewrite) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.URL.Host == "discord.com" {
		req = req.Clone(req.Context())
		req.URL.Scheme, req.URL.Host = r.to.Scheme, r.to.Host
	}
	return r.next.RoundTrip(req)
}

// RateLimitNext makes the next n message posts answer 429 with a short
// retry_after, as a Discord bucket does.
func (s *Server) RateLimitNext(n int64) { s.rateLimited.Store(n) }

// SetWebhookDelay makes every interaction webhook request (follow-ups,
// edits, deletions) take d, as a round trip to Discord does.
func (s *Server) SetWebhookDelay(d time.Duration) { s.webhookWait.Store(int64(d)) }

// FailNext makes the next n message posts fail with 500.
func (s *Server) FailNext(n int64) { s.failNext.Store(n) }

// Posts is every message received so far.
func (s *Server) Posts() []Post {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Post(nil), s.posts...)
}

// WaitPosts waits until pred holds of the posts, up to timeout.
func (s *Server) WaitPosts(timeout time.Duration, pred func([]Post) bool) ([]Post, bool) {
	deadline := time.After(timeout)
	for {
		s.mu.Lock()
		ps := append([]Post(nil), s.posts...)
		w := s.wait
		s.mu.Unlock()
		if pred(ps) {
			return ps, true
		}
		select {
		case <-w:
		case <-deadline:
			return ps, false
		}
	}
}

// Commands is the last bulk overwrite, by "global" or guild id.
func (s *Server) Commands(scope string) json.RawMessage {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.commands[scope]
}

func (s *Server) record(p Post) {
	s.mu.Lock()
	s.posts = append(s.posts, p)
	close(s.wait)
	s.wait = make(chan struct{})
	s.mu.Unlock()
}

func (s *Server) id() string { return strconv.FormatInt(200000000000000000+s.seq.Add(1), 10) }

func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	_ = json.NewEncoder(w).Encode(v)
}

func (s *Server) authorised(w http.ResponseWriter, r *http.Request) bool {
	if !strings.HasPrefix(r.Header.Get("Authorization"), "Bot ") {
		writeJSON(w, http.StatusUnauthorized, map[string]any{"message": "401: Unauthorized", "code": 0})
		return false
	}
	return true
}

func (s *Server) gateway(w http.ResponseWriter, r *http.Request) {
	if s.down.Load() {
		writeJSON(w, http.StatusBadGateway, map[string]any{"message": "gateway unavailable"})
		return
	}
	ws := "ws" + strings.TrimPrefix(s.http.URL, "http") + "/gateway/"
	writeJSON(w, http.StatusOK, map[string]any{"url": ws, "shards": 1, "session_start_limit": map[string]int{"total": 1000, "remaining": 1000, "reset_after": 0, "max_concurrency": 1}})
}

func (s *Server) message(w http.ResponseWriter, r *http.Request) {
	if !s.authorised(w, r) {
		return
	}
	if s.rateLimited.Add(-1) >= 0 {
		w.Header().Set("Retry-After", "1")
		writeJSON(w, http.StatusTooManyRequests, map[string]any{"message": "You are being rate limited.", "retry_after": 0.05, "global": false})
		return
	}
	if s.failNext.Add(-1) >= 0 {
		writeJSON(w, http.StatusInternalServerError, map[string]any{"message": "500: Internal Server Error", "code": 0})
		return
	}
	var m Message
	if err := json.NewDecoder(io.LimitReader(r.Body, 1<<20)).Decode(&m); err != nil {
		writeJSON(w, http.StatusBadRequest, map[string]any{"message": "bad body"})
		return
	}
	ch := r.PathValue("channel")
	p := Post{Kind: "channel", ChannelID: ch, Body: m, Flags: m.Flags}
	if m.Reference != nil {
		p.ReplyTo = m.Reference.MessageID
	}
	s.mu.Lock()
	if u, ok := s.dms[ch]; ok {
		p.Kind, p.Recipient = "dm", u
	}
	s.mu.Unlock()
	s.record(p)
	writeJSON(w, http.StatusOK, map[string]any{"id": s.id(), "channel_id": ch, "content": m.Content})
}

func (s *Server) openDM(w http.ResponseWriter, r *http.Request) {
	if !s.authorised(w, r) {
		return
	}
	var body struct {
		RecipientID string `json:"recipient_id"`
	}
	_ = json.NewDecoder(r.Body).Decode(&body)
	ch := "dm" + body.RecipientID
	s.mu.Lock()
	s.dms[ch] = body.RecipientID
	s.mu.Unlock()
	writeJSON(w, http.StatusOK, map[string]any{"id": ch, "type": 1, "recipients": []map[string]string{{"id": body.RecipientID}}})
}

func (s *Server) overwrite(w http.ResponseWriter, r *http.Request) {
	if !s.authorised(w, r) {
		return
	}
	if r.PathValue("app") != s.AppID {
		writeJSON(w, http.StatusForbidden, map[string]any{"message": "Missing Access", "code": 50001})
		return
	}
	var cmds []map[string]any
	if err := json.NewDecoder(r.Body).Decode(&cmds); err != nil {
		writeJSON(w, http.StatusBadRequest, map[string]any{"message": "bad body"})
		return
	}
	scope := "global"
	if g := r.PathValue("guild"); g != "" {
		scope = g
	}
	raw, _ := json.Marshal(cmds)
	s.mu.Lock()
	s.commands[scope] = raw
	s.mu.Unlock()
	for _, c := range cmds {
		c["id"], c["application_id"] = s.id(), s.AppID
	}
	writeJSON(w, http.StatusOK, cmds)
}

// webhook records interaction follow-ups, edits and deletions. They need
// no bot token: the interaction token in the path is the credential.
func (s *Server) webhook(kind string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if r.PathValue("app") != s.AppID {
			writeJSON(w, http.StatusNotFound, map[string]any{"message": "Unknown Webhook", "code": 10015})
			return
		}
		time.Sleep(time.Duration(s.webhookWait.Load()))
		p := Post{Kind: kind, Token: r.PathValue("token")}
		if kind != "delete" {
			var m Message
			if err := json.NewDecoder(io.LimitReader(r.Body, 1<<20)).Decode(&m); err != nil {
				writeJSON(w, http.StatusBadRequest, map[string]any{"message": "bad body"})
				return
			}
			p.Body, p.Flags = m, m.Flags
		}
		s.record(p)
		if kind == "delete" {
			w.WriteHeader(http.StatusNoContent)
			return
		}
		writeJSON(w, http.StatusOK, map[string]any{"id": s.id(), "channel_id": "0", "content": p.Body.Content})
	}
}

// Sign signs an interaction body as Discord does: Ed25519 over the
// timestamp followed by the body. It returns the two headers' values.
func (s *Server) Sign(body []byte, at time.Time) (signature, timestamp string) {
	timestamp = strconv.FormatInt(at.Unix(), 10)
	sig := ed25519.Sign(s.private, append([]byte(timestamp), body...))
	return hex.EncodeToString(sig), timestamp
}

// PublicKeyHex is the public key as the developer portal shows it.
func (s *Server) PublicKeyHex() string { return hex.EncodeToString(s.Public) }

// Token makes a fresh interaction token.
func (s *Server) Token() string { return fmt.Sprintf("itoken-%d", s.seq.Add(1)) }
