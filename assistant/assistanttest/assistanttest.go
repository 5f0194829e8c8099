// Package assistanttest builds a whole Waymark over a real test database
// for the tests of features that are easiest to check end to end: a
// question in, a reply and what was stored or sent out.
package assistanttest

import (
	"context"
	"testing"

	"github.com/waymark-org/waymark/assistant"
	"github.com/waymark-org/waymark/bot"
	"github.com/waymark-org/waymark/bot/bottest"
	"github.com/waymark-org/waymark/feature/scheduling"
	"github.com/waymark-org/waymark/internal/store"
	"github.com/waymark-org/waymark/internal/store/storetest"
	"github.com/waymark-org/waymark/knowledge"
)

// Fixture is Waymark on a fresh database of one dialect.
type Fixture struct {
	DB  *store.DB
	Bot *assistant.Assistant
	// Sent records what the bot sent itself (alerts, reminders).
	Sent *bottest.Notifier
}

// New builds Waymark on a fresh database; cfg's Store, and its Notifier
// and Logger when unset, are filled in.
func New(t testing.TB, dialect string, cfg assistant.Config) *Fixture {
	t.Helper()
	db := storetest.Open(t, dialect)
	n := &bottest.Notifier{}
	cfg.Store = db
	if cfg.Notifier == nil {
		cfg.Notifier = n
	}
	if cfg.Logger == nil {
		cfg.Logger = storetest.Logger(t)
	}
	b, err := assistant.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return &Fixture{DB: db, Bot: b, Sent: n}
}

// Tenant installs a Slack workspace id, with its nation set when one is
// given.
func (f *Fixture) Tenant(t testing.TB, id, jurisdiction string) *bot.Tenant {
	t.Helper()
	ctx := context.Background()
	tn, err := f.DB.EnsureTenant(ctx, "slack", id, "Group "+id)
	if err != nil {
		t.Fatal(err)
	}
	if jurisdiction != "" {
		tn.Jurisdiction = jurisdiction
		if err := f.DB.UpdateTenant(ctx, tn); err != nil {
			t.Fatal(err)
		}
	}
	return tn
}

// Ask says text in channel C1 as user.
func (f *Fixture) Ask(tn *bot.Tenant, user, text string) bot.Reply {
	return f.Bot.Handle(context.Background(), bot.Request{Tenant: tn, UserID: user, ChannelID: "C1", Text: text})
}

// Schedule enables scheduling on a, failing the test if it cannot.
func Schedule(t testing.TB, a *assistant.Assistant, s scheduling.Store) *scheduling.Scheduling {
	t.Helper()
	sc, err := a.EnableScheduling(s)
	if err != nil {
		t.Fatal(err)
	}
	return sc
}

// Base is the built-in knowledge base, loaded afresh: a test may change
// its entries without touching another test's.
func Base(t testing.TB) []*knowledge.Entry {
	t.Helper()
	base, err := knowledge.LoadBase()
	if err != nil {
		t.Fatal(err)
	}
	return base
}
