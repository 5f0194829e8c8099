package bot

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/waymark-org/waymark/knowledge"
	"github.com/waymark-org/waymark/safety"
)

// MaxMessageRunes is the longest message Waymark reads. Longer ones are
// refused with a clear message rather than cut silently.
const MaxMessageRunes = 4000

// Config is what a Bot is built from. Store is required; the rest default.
type Config struct {
	Store    Store
	Notifier Notifier
	// Base is the network-wide knowledge base; nil loads the embedded one.
	Base     []*knowledge.Entry
	Synonyms *knowledge.Synonyms
	// Learned is the search's learned layer; nil loads the embedded one
	// when Base is nil too (it was trained on the embedded base, and
	// means little for another).
	Learned *knowledge.Learned
	Crisis  *knowledge.Crisis
	// Screener is the crisis screen; nil uses the one trained on the
	// embedded corpus.
	Screener *safety.Screener
	// Confidence decides when a hit is answered; the zero value loads the
	// fitted model in confidence.json.
	Confidence Confidence
	// Gazetteer maps places to nations; nil loads the built-in one.
	Gazetteer *knowledge.Gazetteer
	Now       func() time.Time
	Logger    *slog.Logger
	// LocalCacheTTL bounds how stale another replica's kb edits may look
	// when the store cannot say whether they changed (see layered).
	LocalCacheTTL time.Duration
	// AlertRetry says how a failed safeguarding alert is retried.
	AlertRetry AlertRetry
}

// Bot is the platform-neutral core. It is safe for concurrent use.
type Bot struct {
	store      Store
	notifier   Notifier
	base       []*knowledge.Entry
	baseIndex  *knowledge.Index
	synonyms   *knowledge.Synonyms
	learned    *knowledge.Learned
	crisis     *knowledge.Crisis
	screener   *safety.Screener
	alerts     alerter
	confidence Confidence
	gazetteer  *knowledge.Gazetteer
	now        func() time.Time
	log        *slog.Logger
	cacheTTL   time.Duration
	commands   map[string]command
	personal   []PersonalData
	actions    map[string]ActionFunc // button handlers by action prefix, see RegisterAction
	console    consoleAccess         // sign-in links to the moderators' console; see EnableConsole

	mu     sync.Mutex
	tenant map[int64]*tenantIndex
}

// tenantIndex is the search index of one tenant that has entries of its
// own: the base with the tenant's entries on top.
type tenantIndex struct {
	index   *knowledge.Index
	builtAt time.Time
	// stamp is the store's entry stamp the index was built at (see
	// EntryVersions.EntryStamp); layers names the non-built-in entries.
	stamp   int64
	stamped bool
	layers  map[string]Layer
}

// New builds a Bot, loading the embedded knowledge base, synonyms and
// crisis signposting where the config leaves them out.
func New(cfg Config) (*Bot, error) {
	if cfg.Store == nil {
		return nil, fmt.Errorf("new bot: a store is required")
	}
	b := &Bot{
		store:      cfg.Store,
		notifier:   cfg.Notifier,
		base:       cfg.Base,
		synonyms:   cfg.Synonyms,
		learned:    cfg.Learned,
		crisis:     cfg.Crisis,
		screener:   cfg.Screener,
		alerts:     alerter{retry: cfg.AlertRetry},
		confidence: cfg.Confidence,
		gazetteer:  cfg.Gazetteer,
		now:        cfg.Now,
		log:        cfg.Logger,
		cacheTTL:   cfg.LocalCacheTTL,
		tenant:     map[int64]*tenantIndex{},
	}
	var err error
	if b.base == nil {
		if b.base, err = knowledge.LoadBase(); err != nil {
			return nil, fmt.Errorf("load knowledge base: %w", err)
		}
		if b.learned == nil {
			if b.learned, err = knowledge.DefaultLearned(); err != nil {
				return nil, err
			}
		}
	}
	if b.synonyms == nil {
		if b.synonyms, err = knowledge.DefaultSynonyms(); err != nil {
			return nil, err
		}
	}
	if b.crisis == nil {
		if b.crisis, err = knowledge.DefaultCrisis(); err != nil {
			return nil, err
		}
	}
	if b.screener == nil {
		if b.screener, err = safety.Default(); err != nil {
			return nil, fmt.Errorf("crisis screen: %w", err)
		}
	}
	if b.confidence.Weights == nil {
		if b.confidence, err = DefaultConfidence(); err != nil {
			return nil, err
		}
	}
	if b.gazetteer == nil {
		if b.gazetteer, err = knowledge.DefaultGazetteer(); err != nil {
			return nil, err
		}
	}
	if b.now == nil {
		b.now = time.Now
	}
	if b.log == nil {
		b.log = slog.Default()
	}
	if b.cacheTTL == 0 {
		b.cacheTTL = time.Minute
	}
	b.baseIndex = knowledge.BuildWith(b.base, b.synonyms, b.learned)
	b.commands = b.builtinCommands()
	return b, nil
}

// SetNotifier attaches the notifier once the adapters exist; adapters need
// the bot and the bot needs them, so one of the two is set late.
func (b *Bot) SetNotifier(n Notifier) { b.notifier = n }

// Handle answers one request. It never returns an error: anything that
// goes wrong becomes a reply the user can act on, and is logged.
//
// The crisis screen reads the whole message first, whatever its length and
// whether or not it is a command: a person in crisis may well type it
// after /waymark ask, or at the end of a long message. Its reply depends on
// nothing that can fail or wait.
func (b *Bot) Handle(ctx context.Context, req Request) Reply {
	// NUL bytes and control characters are dropped at the edge, so both
	// databases keep the same text and nothing downstream trips on them.
	text := strings.TrimSpace(CleanText(req.Text))
	verdict := b.screener.Screen(text)
	if verdict.Risky() {
		return b.crisisReply(ctx, req, verdict)
	}
	if n := len([]rune(text)); n > MaxMessageRunes {
		return errorReply(fmt.Sprintf("That message is %d characters long; I can read up to %d. Please send a shorter question.", n, MaxMessageRunes))
	}
	if !req.Command {
		if rest, ok := cutCommandPrefix(text); ok {
			req.Command, text = true, rest
		}
	}
	req.Text = text
	if req.Command {
		return b.runCommand(ctx, req)
	}
	// The verdict is passed on rather than screened again.
	return b.ask(ctx, req, text, verdict)
}

// Screen is the crisis screen's verdict on a message.
func (b *Bot) Screen(text string) safety.Verdict { return b.screener.Screen(text) }

// cutCommandPrefix recognises "/waymark ..." typed as plain text.
func cutCommandPrefix(text string) (string, bool) {
	lower := strings.ToLower(text)
	for _, p := range []string{"/waymark ", "!waymark "} {
		if strings.HasPrefix(lower, p) {
			return strings.TrimSpace(text[len(p):]), true
		}
	}
	if lower == "/waymark" || lower == "!waymark" {
		return "help", true
	}
	return "", false
}

func errorReply(msg string) Reply {
	return Reply{Kind: KindError, Text: msg, Private: true}
}

func infoReply(text string) Reply {
	return Reply{Kind: KindInfo, Text: text}
}

func (b *Bot) jurisdiction(req Request) string {
	if req.Tenant != nil {
		return req.Tenant.Jurisdiction
	}
	return ""
}

func tenantID(req Request) int64 {
	if req.Tenant == nil {
		return 0
	}
	return req.Tenant.ID
}
