package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/waymark-org/waymark/safety"
)

// MaxMessageRunes is the longest message Waymark reads. Longer ones are
// refused with a clear message rather than cut silently.
const MaxMessageRunes = 4000

// Safeguard is the crisis path: the screen that reads every message, and
// the reply with the numbers for a message it finds risky. Handle runs it
// before anything else, so it is the one thing a Bot cannot be built
// without (feature/crisis is Waymark's).
type Safeguard interface {
	Screen(text string) safety.Verdict
	// CrisisReply signposts at once. It must not wait on anything that
	// can fail or hang: a lead's alert goes out in the background.
	CrisisReply(ctx context.Context, req Request, v safety.Verdict) Reply
}

// Answerer answers a message that is not a command, after the screen has
// found no risk in it; v is the screen's verdict, passed on rather than
// screened again.
type Answerer interface {
	Answer(ctx context.Context, req Request, v safety.Verdict) Reply
}

// Config is what a Bot is built from. Safeguard is required.
type Config struct {
	Safeguard Safeguard
	// Notifier delivers messages the features start themselves; it may be
	// attached later with SetNotifier.
	Notifier Notifier
	Now      func() time.Time
	Logger   *slog.Logger
}

// Bot hosts the features: it screens every message, routes commands and
// button clicks to the feature that registered them, and hands the rest
// to the answerer. It is safe for concurrent use once it serves.
type Bot struct {
	safeguard Safeguard
	notifier  Notifier
	now       func() time.Time
	log       *slog.Logger

	answerer Answerer
	commands map[string]Command
	actions  map[string]ActionFunc // by action prefix, see RegisterAction
	forms    map[string]FormFunc   // by form id prefix, see RegisterForm
	personal []PersonalData
}

// ErrNoSafeguard is returned by New without a crisis path: no message may
// ever skip the screen.
var ErrNoSafeguard = errors.New("new bot: a crisis safeguard is required")

// New builds a Bot with no features but help. Register features on it
// before it serves.
func New(cfg Config) (*Bot, error) {
	if cfg.Safeguard == nil {
		return nil, ErrNoSafeguard
	}
	b := &Bot{
		safeguard: cfg.Safeguard,
		notifier:  cfg.Notifier,
		now:       cfg.Now,
		log:       cfg.Logger,
		commands:  map[string]Command{},
		actions:   map[string]ActionFunc{},
		forms:     map[string]FormFunc{},
	}
	if b.now == nil {
		b.now = time.Now
	}
	if b.log == nil {
		b.log = slog.Default()
	}
	b.commands["help"] = Command{Name: "help", Summary: "what Waymark can do", Usage: "/waymark help",
		Run: func(context.Context, Request, []string) Reply { return b.Help() }}
	return b, nil
}

// SetNotifier attaches the notifier once the adapters exist; adapters need
// the bot and the bot needs them, so one of the two is set late.
func (b *Bot) SetNotifier(n Notifier) { b.notifier = n }

// Notifier is the notifier features deliver through. It forwards to
// whichever is attached when a message goes out, so a feature built before
// the adapters still reaches them; ErrNoNotifier while none is.
func (b *Bot) Notifier() Notifier { return forwarder{b} }

type forwarder struct{ b *Bot }

func (f forwarder) PostChannel(ctx context.Context, t *Tenant, channelID string, r Reply) error {
	if f.b.notifier == nil {
		return ErrNoNotifier
	}
	return f.b.notifier.PostChannel(ctx, t, channelID, r)
}

func (f forwarder) DirectMessage(ctx context.Context, t *Tenant, userID string, r Reply) error {
	if f.b.notifier == nil {
		return ErrNoNotifier
	}
	return f.b.notifier.DirectMessage(ctx, t, userID, r)
}

// Now is the bot's clock, which features share so tests can move it.
func (b *Bot) Now() time.Time { return b.now() }

// Logger is the bot's logger, for features built from it.
func (b *Bot) Logger() *slog.Logger { return b.log }

// HandleQuestions makes a the answerer of every message that is not a
// command. Without one, such messages get a reply saying so.
func (b *Bot) HandleQuestions(a Answerer) { b.answerer = a }

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
	verdict := b.safeguard.Screen(text)
	if verdict.Risky() {
		return b.safeguard.CrisisReply(ctx, req, verdict)
	}
	if n := len([]rune(text)); n > MaxMessageRunes {
		return ErrorReply(fmt.Sprintf("That message is %d characters long; I can read up to %d. Please send a shorter question.", n, MaxMessageRunes))
	}
	if !req.Command {
		if rest, ok := cutCommandPrefix(text); ok {
			req.Command, text = true, rest
		}
	}
	req.Text = text
	if req.Command {
		return b.RunCommand(ctx, req)
	}
	return b.answer(ctx, req, verdict)
}

func (b *Bot) answer(ctx context.Context, req Request, v safety.Verdict) Reply {
	if b.answerer == nil {
		return ErrorReply("This Waymark answers commands only. Type /waymark help to see them.")
	}
	return b.answerer.Answer(ctx, req, v)
}

// Screen is the crisis screen's verdict on a message.
func (b *Bot) Screen(text string) safety.Verdict { return b.safeguard.Screen(text) }

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
