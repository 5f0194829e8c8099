// Package bottest holds the stand-ins every feature's tests and the
// adapters' contract tests share: a notifier that records what the bot
// sends (and can fail or hang like a platform), a clock that tests move by
// hand, and a safeguard that flags a fixed word. One copy here replaces
// the copies each test package used to keep.
package bottest

import (
	"context"
	"errors"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/waymark-org/waymark/bot"
	"github.com/waymark-org/waymark/safety"
)

// Sent is one message the notifier was asked to deliver.
type Sent struct {
	Tenant *bot.Tenant
	// To is the channel for a post, the user for a direct message.
	To     string
	Direct bool
	Reply  bot.Reply
	// At is when it was sent by the notifier's Now, if it has one: the
	// scheduling tests' clock.
	At time.Time
}

// Notifier records messages the bot starts itself. It stands in for a
// chat platform, which is outside the system under test. The zero value
// records and succeeds; Fail and Hang make it behave like a platform that
// is down or not answering.
type Notifier struct {
	// Fail, when set, is returned by every call (after recording it).
	Fail error
	// Hang blocks every call until its context ends.
	Hang bool
	// FailTo and PanicTo fail or panic delivery to one channel or user
	// only, as a platform does for a deleted channel, or an SDK with a bug.
	FailTo  map[string]error
	PanicTo map[string]bool
	// Now, when set, stamps each message with the time it was sent.
	Now func() time.Time

	entered                chan struct{}
	enteredOnce, closeOnce sync.Once

	calls atomic.Int32
	mu    sync.Mutex
	sent  []Sent
}

var _ bot.Notifier = (*Notifier)(nil)

// ErrPlatform is a ready-made Fail.
var ErrPlatform = errors.New("platform unavailable")

// PostChannel records a post to a channel.
func (n *Notifier) PostChannel(ctx context.Context, t *bot.Tenant, channelID string, r bot.Reply) error {
	return n.deliver(ctx, Sent{Tenant: copyTenant(t), To: channelID, Reply: r})
}

// DirectMessage records a private message.
func (n *Notifier) DirectMessage(ctx context.Context, t *bot.Tenant, userID string, r bot.Reply) error {
	return n.deliver(ctx, Sent{Tenant: copyTenant(t), To: userID, Direct: true, Reply: r})
}

func (n *Notifier) deliver(ctx context.Context, s Sent) error {
	n.calls.Add(1)
	n.enteredOnce.Do(n.initEntered)
	n.closeOnce.Do(func() { close(n.entered) })
	if err := n.FailTo[s.To]; err != nil {
		return err
	}
	if n.PanicTo[s.To] {
		panic("notifier bug: nil map in " + s.To)
	}
	if n.Now != nil {
		s.At = n.Now()
	}
	if n.Hang {
		<-ctx.Done()
		return ctx.Err()
	}
	if n.Fail != nil {
		return n.Fail
	}
	n.mu.Lock()
	defer n.mu.Unlock()
	n.sent = append(n.sent, s)
	return nil
}

func (n *Notifier) initEntered() { n.entered = make(chan struct{}) }

// Entered is closed once the first delivery has been attempted: a test
// whose notifier hangs waits on it to know a send is under way.
func (n *Notifier) Entered() <-chan struct{} {
	n.enteredOnce.Do(n.initEntered)
	return n.entered
}

// Calls is how many deliveries were attempted, failed ones included.
func (n *Notifier) Calls() int { return int(n.calls.Load()) }

// Sent is every message delivered, in order.
func (n *Notifier) Sent() []Sent {
	n.mu.Lock()
	defer n.mu.Unlock()
	return append([]Sent(nil), n.sent...)
}

// DMs is the direct messages delivered to one user, in order.
func (n *Notifier) DMs(user string) []bot.Reply {
	var out []bot.Reply
	for _, s := range n.Sent() {
		if s.Direct && s.To == user {
			out = append(out, s.Reply)
		}
	}
	return out
}

// Posts is the channel posts delivered, in order.
func (n *Notifier) Posts() []bot.Reply {
	var out []bot.Reply
	for _, s := range n.Sent() {
		if !s.Direct {
			out = append(out, s.Reply)
		}
	}
	return out
}

// Reset forgets what was sent.
func (n *Notifier) Reset() {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.sent = nil
}

// A tenant is copied as it was when sent: the caller may change its own.
func copyTenant(t *bot.Tenant) *bot.Tenant {
	if t == nil {
		return nil
	}
	c := *t
	return &c
}

// Clock is a clock tests move by hand; safe for concurrent use.
type Clock struct {
	mu  sync.Mutex
	now time.Time
}

// NewClock starts a clock at t.
func NewClock(t time.Time) *Clock { return &Clock{now: t} }

// Now is the clock's time; pass c.Now as a Config's Now.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Set moves the clock to t.
func (c *Clock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = t
}

// Add moves the clock on by d.
func (c *Clock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// Safeguard flags any message containing Word (default "CRISIS") as a
// crisis and answers it with a fixed crisis reply, for tests of the core
// that must not depend on the real screen's model.
type Safeguard struct {
	Word string
	// Screened counts the messages screened.
	Screened atomic.Int32
}

var _ bot.Safeguard = (*Safeguard)(nil)

// Screen flags the word.
func (s *Safeguard) Screen(text string) safety.Verdict {
	s.Screened.Add(1)
	w := s.Word
	if w == "" {
		w = "CRISIS"
	}
	if strings.Contains(text, w) {
		return safety.Verdict{Level: safety.Crisis}
	}
	return safety.Verdict{}
}

// CrisisReply is a fixed private crisis reply.
func (s *Safeguard) CrisisReply(context.Context, bot.Request, safety.Verdict) bot.Reply {
	return bot.Reply{Kind: bot.KindCrisis, Level: bot.LevelCrisis, Text: "Call 999.", Private: true}
}

// Tenant is a tenant for tests that need no store.
func Tenant(id int64, jurisdiction string) *bot.Tenant {
	return &bot.Tenant{ID: id, Platform: "slack", Name: "Group", Jurisdiction: jurisdiction, Active: true}
}
