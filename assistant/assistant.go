// Package assistant puts Waymark together: the core (bot) with the crisis
// path it cannot run without, and every feature registered on it. It is
// the one place that knows which features Waymark has; the commands, tests
// and `waymark serve` build Waymark here rather than each wiring the
// features themselves.
package assistant

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/waymark-org/waymark/bot"
	"github.com/waymark-org/waymark/feature/answering"
	"github.com/waymark-org/waymark/feature/crisis"
	"github.com/waymark-org/waymark/feature/library"
	"github.com/waymark-org/waymark/feature/moderation"
	"github.com/waymark-org/waymark/feature/scheduling"
	"github.com/waymark-org/waymark/feature/settings"
	"github.com/waymark-org/waymark/knowledge"
	"github.com/waymark-org/waymark/safety"
)

// Store is everything the features keep; *store.DB implements it.
type Store interface {
	bot.Store
	bot.EntryVersions
	settings.FeedbackRecorder
}

// Config is what Waymark is built from. Store is required; the rest
// default to what is built into the binary.
type Config struct {
	Store    Store
	Notifier bot.Notifier
	// Base is the network-wide knowledge base; nil loads the embedded one.
	Base     []*knowledge.Entry
	Synonyms *knowledge.Synonyms
	// Learned is the search's learned layer; nil loads the embedded one
	// when Base is nil too.
	Learned *knowledge.Learned
	// Crisis holds the support numbers and wording.
	Crisis *knowledge.Crisis
	// Screener is the crisis screen; nil uses the embedded one.
	Screener   *safety.Screener
	Confidence answering.Confidence
	Gazetteer  *knowledge.Gazetteer
	Now        func() time.Time
	Logger     *slog.Logger
	// LocalCacheTTL bounds how stale another replica's kb edits may look
	// when the store cannot say whether they changed.
	LocalCacheTTL time.Duration
	// AlertRetry says how a failed safeguarding alert is retried.
	AlertRetry crisis.AlertRetry
}

// Assistant is Waymark: the core and its features. The features are
// exported for the commands and tools that use one directly (eval uses
// Answering, the console uses Library).
type Assistant struct {
	*bot.Bot
	Crisis     *crisis.Crisis
	Library    *library.Library
	Answering  *answering.Answering
	Moderation *moderation.Moderation
	Settings   *settings.Settings

	store Store
}

// New builds Waymark with every feature but scheduling, which needs a
// scheduling store and a job runner (EnableScheduling).
func New(cfg Config) (*Assistant, error) {
	if cfg.Store == nil {
		return nil, fmt.Errorf("new assistant: a store is required")
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.Screener == nil {
		// The screen loads while the knowledge base is indexed.
		safety.Preload()
	}
	lib, err := library.New(library.Config{Store: cfg.Store, Base: cfg.Base, Synonyms: cfg.Synonyms, Learned: cfg.Learned,
		Now: cfg.Now, Logger: cfg.Logger, LocalCacheTTL: cfg.LocalCacheTTL})
	if err != nil {
		return nil, err
	}
	cr, err := crisis.New(crisis.Config{Screener: cfg.Screener, Lines: cfg.Crisis, Logger: cfg.Logger, AlertRetry: cfg.AlertRetry})
	if err != nil {
		return nil, err
	}
	b, err := bot.New(bot.Config{Safeguard: cr, Notifier: cfg.Notifier, Now: cfg.Now, Logger: cfg.Logger})
	if err != nil {
		return nil, err
	}
	cr.AlertThrough(b.Notifier())
	ans, err := answering.New(answering.Config{Entries: lib, Store: cfg.Store, Safeguard: cr, Screener: cr.Screener(), Lines: cr.Lines(),
		Commands: b, Confidence: cfg.Confidence, Gazetteer: cfg.Gazetteer, Now: cfg.Now, Logger: cfg.Logger})
	if err != nil {
		return nil, err
	}
	mod, err := moderation.New(moderation.Config{Entries: lib, Show: ans, Store: cfg.Store, Logger: cfg.Logger, Now: cfg.Now})
	if err != nil {
		return nil, err
	}
	set, err := settings.New(settings.Config{Store: cfg.Store, Feedback: cfg.Store, Notifier: b.Notifier(), Forget: b, Now: cfg.Now, Logger: cfg.Logger})
	if err != nil {
		return nil, err
	}
	for _, register := range []func() error{
		func() error { return ans.Register(b) },
		func() error { return mod.Register(b) },
		func() error { return set.Register(b) },
	} {
		if err := register(); err != nil {
			return nil, fmt.Errorf("new assistant: %w", err)
		}
	}
	return &Assistant{Bot: b, Crisis: cr, Library: lib, Answering: ans, Moderation: mod, Settings: set, store: cfg.Store}, nil
}

// EnableScheduling adds deadlines, the governance calendar and check-ins,
// and returns the feature whose Deliver and GiveUp the job runner calls.
// Call it once, before Waymark serves.
func (a *Assistant) EnableScheduling(s scheduling.Store) (*scheduling.Scheduling, error) {
	sc, err := scheduling.New(scheduling.Config{Store: s, Notifier: a.Notifier(), Entries: a.Library, Lines: a.Crisis.Lines(),
		Now: a.Now, Logger: a.Logger()})
	if err != nil {
		return nil, err
	}
	if err := sc.Register(a.Bot); err != nil {
		return nil, fmt.Errorf("enable scheduling: %w", err)
	}
	return sc, nil
}

// EnableConsole adds `/waymark console` and lets `kb edit` link to the
// editor; prefix is where the console is mounted.
func (a *Assistant) EnableConsole(l moderation.ConsoleLinker, prefix string) error {
	return a.Moderation.EnableConsole(a.Bot, l, prefix)
}

// Entry finds an entry by id as the tenant sees it.
func (a *Assistant) Entry(ctx context.Context, t *bot.Tenant, id string) *knowledge.Entry {
	return a.Library.Entry(ctx, t, id)
}

// Entries lists every entry the tenant's questions are answered from.
func (a *Assistant) Entries(ctx context.Context, t *bot.Tenant) []*knowledge.Entry {
	return a.Library.Entries(ctx, t)
}

// WaitAlerts waits until every safeguarding alert in flight has been
// delivered or has given up, or ctx ends.
func (a *Assistant) WaitAlerts(ctx context.Context) error { return a.Crisis.WaitAlerts(ctx) }
