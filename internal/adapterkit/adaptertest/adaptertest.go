// Package adaptertest is the contract every platform adapter meets, as
// tests both the Slack and the Discord adapter run against their fakes:
// one reply per retried event, crisis replies private, the moderator flag
// on button clicks and commands, personal data private, and an uninstall
// that leads to the group's data being deleted.
package adaptertest

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/waymark-org/waymark/assistant"
	"github.com/waymark-org/waymark/bot"
	"github.com/waymark-org/waymark/internal/store"
	"github.com/waymark-org/waymark/knowledge"
)

// Delivery is one message that reached the platform.
type Delivery struct {
	Text string
	// Private is true when only the person it is for can see it: an
	// ephemeral message or reply, or a DM.
	Private bool
}

// Platform drives one adapter through its platform's fake. Every user id
// is a member of the one workspace or guild the platform was set up with.
type Platform interface {
	// Ask sends text in a channel as user, as a mention; sending the
	// same id again is the platform delivering the same event again.
	Ask(t *testing.T, id, user, text string)
	// Command runs "/waymark <text>" in a channel as user.
	Command(t *testing.T, user, text string)
	// Click presses a button as user in a channel.
	Click(t *testing.T, user, action, value string)
	// Uninstall removes the app from the workspace or guild.
	Uninstall(t *testing.T)
	// Deliveries is everything that has reached the platform so far.
	Deliveries() []Delivery
}

// Env is one adapter set up for a contract case: its platform fake, the
// core it was given (a Recorder), its database, and who is who.
type Env struct {
	Platform Platform
	Core     *Recorder
	DB       *store.DB
	// TenantID is the workspace's or guild's tenant.
	TenantID int64
	// Admin has the platform's moderator rights (a Slack admin, Manage
	// Server on Discord); Member has none.
	Admin, Member string
}

// Recorder is the real core that remembers each request it is handed, so
// a contract can check what the adapter told the core.
type Recorder struct {
	*assistant.Assistant
	mu   sync.Mutex
	seen []Seen
}

// Seen is one request the core was handed; Action is set for a click.
type Seen struct {
	Req    bot.Request
	Action string
}

// NewRecorder wraps a core.
func NewRecorder(a *assistant.Assistant) *Recorder { return &Recorder{Assistant: a} }

// Handle records req and answers it.
func (r *Recorder) Handle(ctx context.Context, req bot.Request) bot.Reply {
	r.record(Seen{Req: req})
	return r.Assistant.Handle(ctx, req)
}

// Action records the click and answers it.
func (r *Recorder) Action(ctx context.Context, req bot.Request, action, value string) bot.Reply {
	r.record(Seen{Req: req, Action: action})
	return r.Assistant.Action(ctx, req, action, value)
}

// Entry is the core's.
func (r *Recorder) Entry(ctx context.Context, t *bot.Tenant, id string) *knowledge.Entry {
	return r.Assistant.Entry(ctx, t, id)
}

func (r *Recorder) record(s Seen) {
	r.mu.Lock()
	defer r.mu.Unlock()
	// The tenant pointer is the adapter's; a copy keeps the record still.
	if s.Req.Tenant != nil {
		t := *s.Req.Tenant
		s.Req.Tenant = &t
	}
	r.seen = append(r.seen, s)
}

// Seen is every request so far.
func (r *Recorder) Seen() []Seen {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]Seen(nil), r.seen...)
}

// Question is one the knowledge base answers confidently.
const Question = "Do we need to register as a charity?"

// Crisis is a message the crisis screen must catch.
const Crisis = "I can't go on any more, I want to end my life tonight"

// EntryID is an entry of the built-in knowledge base, for clicks.
const EntryID = "governance/register-a-charity-england-wales"

// Run runs the contract; setup builds a fresh adapter for each case.
func Run(t *testing.T, setup func(t *testing.T) Env) {
	t.Run("one reply per retried event", func(t *testing.T) {
		e := setup(t)
		e.Platform.Ask(t, "retried-1", e.Member, Question)
		e.Platform.Ask(t, "retried-1", e.Member, Question)
		e.Platform.Ask(t, "retried-1", e.Member, Question)
		waitFor(t, "a reply", func() bool { return len(e.Platform.Deliveries()) > 0 })
		// Time for a second reply to show up if one were coming.
		time.Sleep(300 * time.Millisecond)
		if got := e.Platform.Deliveries(); len(got) != 1 {
			t.Fatalf("%d replies to one event delivered three times, want 1: %+v", len(got), got)
		}
		if n := handled(e.Core, Question); n != 1 {
			t.Errorf("the core answered the event %d times, want 1", n)
		}
	})
	t.Run("crisis replies are private", func(t *testing.T) {
		e := setup(t)
		e.Platform.Ask(t, "crisis-1", e.Member, Crisis)
		e.Platform.Command(t, e.Member, "ask "+Crisis)
		waitFor(t, "two crisis replies", func() bool { return len(e.Platform.Deliveries()) >= 2 })
		for _, d := range e.Platform.Deliveries() {
			if !d.Private {
				t.Errorf("a crisis reply was posted where others can see it: %.80q", d.Text)
			}
		}
	})
	t.Run("moderator flag on commands and clicks", func(t *testing.T) {
		e := setup(t)
		e.Platform.Command(t, e.Admin, "help")
		e.Platform.Command(t, e.Member, "help")
		e.Platform.Click(t, e.Admin, bot.ActionHelpful, EntryID)
		e.Platform.Click(t, e.Member, bot.ActionHelpful, EntryID)
		waitFor(t, "four requests", func() bool { return len(e.Core.Seen()) >= 4 })
		for _, s := range e.Core.Seen() {
			what := "command"
			if s.Action != "" {
				what = "click"
			}
			if want := s.Req.UserID == e.Admin; s.Req.Moderator != want {
				t.Errorf("%s by %s: Moderator = %v, want %v", what, s.Req.UserID, s.Req.Moderator, want)
			}
		}
	})
	t.Run("personal data is private", func(t *testing.T) {
		e := setup(t)
		e.Platform.Command(t, e.Member, "forget-me")
		e.Platform.Command(t, e.Member, "checkin history")
		waitFor(t, "two replies", func() bool { return len(e.Platform.Deliveries()) >= 2 })
		for _, d := range e.Platform.Deliveries() {
			if !d.Private {
				t.Errorf("a reply about one person's data was posted where others can see it: %.80q", d.Text)
			}
		}
	})
	t.Run("uninstall leads to deletion", func(t *testing.T) {
		e := setup(t)
		ctx := context.Background()
		e.Platform.Uninstall(t)
		waitFor(t, "the tenant to be deactivated", func() bool {
			tn, err := e.DB.Tenant(ctx, e.TenantID)
			return err == nil && !tn.Active
		})
		// The retention sweep deletes it once the retention has passed.
		if _, err := e.DB.PurgeInactiveTenants(ctx, time.Now().Add(time.Minute)); err != nil {
			t.Fatal(err)
		}
		if _, err := e.DB.Tenant(ctx, e.TenantID); !errors.Is(err, bot.ErrNotFound) {
			t.Errorf("tenant after the retention sweep: %v, want not found", err)
		}
	})
}

// handled counts the requests the core was handed with text containing s.
func handled(r *Recorder, s string) int {
	n := 0
	for _, seen := range r.Seen() {
		if strings.Contains(seen.Req.Text, s) {
			n++
		}
	}
	return n
}

func waitFor(t *testing.T, what string, ok func() bool) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for !ok() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}
