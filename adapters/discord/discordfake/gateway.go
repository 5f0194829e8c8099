package discordfake

import (
	"encoding/json"
	"errors"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gorilla/websocket"
)

// HeartbeatInterval is what HELLO asks for: short, so tests see
// heartbeats and their ACKs.
const HeartbeatInterval = 500 * time.Millisecond

// gateway is the fake's websocket side: one session per shard, as
// Discord keeps; a second IDENTIFY for a shard replaces the first.
type gateway struct {
	mu       sync.Mutex
	sessions map[int]*session // by shard
	ready    chan struct{}    // closed once a session is identified or resumed

	Identifies atomic.Int64
	Resumes    atomic.Int64
	Heartbeats atomic.Int64
	byShard    map[int]int // IDENTIFYs per shard
}

type session struct {
	conn    *websocket.Conn
	writeMu sync.Mutex
	seq     int64
	id      string
	shard   int
}

func (g *gateway) init() {
	g.ready = make(chan struct{})
	g.sessions = map[int]*session{}
	g.byShard = map[int]int{}
}

func (g *gateway) closeAll() {
	g.mu.Lock()
	defer g.mu.Unlock()
	for k, ss := range g.sessions {
		ss.conn.Close()
		delete(g.sessions, k)
	}
}

var upgrader = websocket.Upgrader{CheckOrigin: func(*http.Request) bool { return true }}

type frame struct {
	Op int             `json:"op"`
	D  json.RawMessage `json:"d,omitempty"`
	S  int64           `json:"s,omitempty"`
	T  string          `json:"t,omitempty"`
}

func (s *Server) socket(w http.ResponseWriter, r *http.Request) {
	if s.down.Load() {
		http.Error(w, "unavailable", http.StatusServiceUnavailable)
		return
	}
	c, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	g := &s.gw
	ss := &session{conn: c}
	write := func(v any) error {
		ss.writeMu.Lock()
		defer ss.writeMu.Unlock()
		_ = c.SetWriteDeadline(time.Now().Add(5 * time.Second))
		return c.WriteJSON(v)
	}
	if err := write(map[string]any{"op": 10, "d": map[string]any{"heartbeat_interval": HeartbeatInterval.Milliseconds()}}); err != nil {
		c.Close()
		return
	}
	var first frame
	if err := c.ReadJSON(&first); err != nil {
		c.Close()
		return
	}
	var d struct {
		SessionID string  `json:"session_id"`
		Shard     *[2]int `json:"shard"`
	}
	_ = json.Unmarshal(first.D, &d)
	switch first.Op {
	case 2: // IDENTIFY
		if d.Shard != nil {
			ss.shard = d.Shard[0]
		}
		ss.id = "session-" + s.id()
		g.mu.Lock()
		if old := g.sessions[ss.shard]; old != nil {
			old.conn.Close()
		}
		g.sessions[ss.shard] = ss
		g.byShard[ss.shard]++
		g.mu.Unlock()
		g.Identifies.Add(1)
		s.send(ss, "READY", map[string]any{
			"v": 10, "session_id": ss.id, "resume_gateway_url": "ws" + s.http.URL[4:] + "/gateway/",
			"user":   map[string]any{"id": s.BotUserID, "username": "Waymark", "bot": true},
			"guilds": []any{}, "application": map[string]any{"id": s.AppID},
		})
	case 6: // RESUME
		g.mu.Lock()
		var old *session
		for _, o := range g.sessions {
			if o.id == d.SessionID {
				old = o
			}
		}
		if old != nil {
			ss.id, ss.shard, ss.seq = old.id, old.shard, old.seq
			g.sessions[ss.shard] = ss
		}
		g.mu.Unlock()
		if old == nil {
			// Op 9: invalid session, not resumable; the client identifies.
			_ = write(map[string]any{"op": 9, "d": false})
			break
		}
		g.Resumes.Add(1)
		s.send(ss, "RESUMED", map[string]any{})
	default:
		c.Close()
		return
	}
	g.mu.Lock()
	select {
	case <-g.ready:
	default:
		close(g.ready)
	}
	g.mu.Unlock()
	// Heartbeats get ACKs until the connection ends.
	for {
		var f frame
		if err := c.ReadJSON(&f); err != nil {
			// The session stays for a RESUME; a dispatch to it fails
			// meanwhile.
			return
		}
		if f.Op == 1 {
			g.Heartbeats.Add(1)
			_ = write(map[string]any{"op": 11})
		}
	}
}

// errNoSession means no gateway session is connected for the shard.
var errNoSession = errors.New("no gateway session connected")

// Dispatch sends an event (op 0) to shard 0's session.
func (s *Server) Dispatch(event string, data any) error { return s.DispatchShard(0, event, data) }

// DispatchShard sends an event to one shard's session.
func (s *Server) DispatchShard(shard int, event string, data any) error {
	s.gw.mu.Lock()
	ss := s.gw.sessions[shard]
	s.gw.mu.Unlock()
	if ss == nil {
		return errNoSession
	}
	return s.send(ss, event, data)
}

func (s *Server) send(ss *session, event string, data any) error {
	raw, err := json.Marshal(data)
	if err != nil {
		return err
	}
	ss.writeMu.Lock()
	defer ss.writeMu.Unlock()
	s.gw.mu.Lock()
	ss.seq++
	seq := ss.seq
	s.gw.mu.Unlock()
	_ = ss.conn.SetWriteDeadline(time.Now().Add(5 * time.Second))
	return ss.conn.WriteJSON(frame{Op: 0, D: raw, S: seq, T: event})
}

// WaitSession waits until a session has identified (or resumed).
func (s *Server) WaitSession(timeout time.Duration) bool {
	s.gw.mu.Lock()
	ready := s.gw.ready
	s.gw.mu.Unlock()
	select {
	case <-ready:
		return true
	case <-time.After(timeout):
		return false
	}
}

// Drop closes shard 0's connection without a close frame, as a network
// failure would; discordgo reconnects and resumes.
func (s *Server) Drop() {
	s.gw.mu.Lock()
	defer s.gw.mu.Unlock()
	if ss := s.gw.sessions[0]; ss != nil {
		ss.conn.UnderlyingConn().Close()
	}
}

// SetDown makes the gateway unreachable (true) or reachable again.
func (s *Server) SetDown(down bool) { s.down.Store(down) }

// Identifies, Resumes and Heartbeats count what sessions sent.
func (s *Server) Identifies() int64 { return s.gw.Identifies.Load() }
func (s *Server) Resumes() int64    { return s.gw.Resumes.Load() }
func (s *Server) Heartbeats() int64 { return s.gw.Heartbeats.Load() }

// ShardIdentifies is how many times each shard has identified.
func (s *Server) ShardIdentifies() map[int]int {
	s.gw.mu.Lock()
	defer s.gw.mu.Unlock()
	out := map[int]int{}
	for k, v := range s.gw.byShard {
		out[k] = v
	}
	return out
}

// Guild is what GUILD_CREATE carries: a server with its owner, roles and
// channels (discordgo's state computes permissions from them).
func Guild(id, name, ownerID string, channels ...string) map[string]any {
	chs := []map[string]any{}
	for _, c := range channels {
		chs = append(chs, map[string]any{"id": c, "type": 0, "guild_id": id, "name": "general"})
	}
	return map[string]any{
		"id": id, "name": name, "owner_id": ownerID, "member_count": 3,
		"roles": []map[string]any{
			// @everyone: may talk, may not manage the server.
			{"id": id, "name": "@everyone", "permissions": "68608", "position": 0},
			{"id": ModRole, "name": "Organisers", "permissions": "32", "position": 1},
		},
		"channels": chs,
	}
}

// ModRole is the role with Manage Server in Guild's servers.
const ModRole = "300000000000000001"

// MessageCreate is a message in a channel (guildID "" for a DM) from
// user, holding roles, mentioning the bot when mention is set.
func (s *Server) MessageCreate(id, guildID, channelID, userID string, roles []string, text string, mention bool) map[string]any {
	m := map[string]any{
		"id": id, "channel_id": channelID, "content": text, "type": 0,
		"author":    map[string]any{"id": userID, "username": "member-" + userID},
		"mentions":  []any{},
		"timestamp": time.Now().UTC().Format(time.RFC3339),
	}
	if mention {
		m["mentions"] = []any{map[string]any{"id": s.BotUserID, "username": "Waymark", "bot": true}}
	}
	if guildID != "" {
		m["guild_id"] = guildID
		if roles == nil {
			roles = []string{}
		}
		m["member"] = map[string]any{"roles": roles}
	}
	return m
}
