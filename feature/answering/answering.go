// Package answering answers organisers' questions from the knowledge base:
// it reads a message as a question, searches the group's entries, decides
// with the fitted confidence model whether to answer, answer tentatively or
// say honestly that it does not know, and keeps unanswered questions for
// moderators without any trace of who asked. It also adds `/waymark ask`
// and the buttons under an answer.
package answering

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/waymark-org/waymark/bot"
	"github.com/waymark-org/waymark/knowledge"
	"github.com/waymark-org/waymark/safety"
)

// Entries is the knowledge base as each group sees it (feature/library).
type Entries interface {
	Index(ctx context.Context, t *bot.Tenant) *knowledge.Index
	// Lookup is an entry and the layer it comes from, read together.
	Lookup(ctx context.Context, t *bot.Tenant, id string) (*knowledge.Entry, bot.Layer)
}

// Commands is the core's command registry: a command typed without
// /waymark ("deadline list") is run as one, and "help" asked in words
// gets the same list.
type Commands interface {
	HasCommand(name string) bool
	RunCommand(ctx context.Context, req bot.Request) bot.Reply
	Help() bot.Reply
}

// Store keeps the questions Waymark could not answer.
type Store interface {
	RecordUnanswered(ctx context.Context, tenantID int64, question string, at time.Time) error
}

// Config is what Answering is built from. Entries, Store, Safeguard,
// Screener, Lines and Commands are required; the rest default.
type Config struct {
	Entries Entries
	Store   Store
	// Safeguard screens a question asked with /waymark ask again on its
	// own, and gives the crisis reply when it is risky.
	Safeguard bot.Safeguard
	// Screener takes idioms of stress out before searching; the same
	// screen Safeguard uses.
	Screener *safety.Screener
	// Lines hold the reply to a medical question.
	Lines    *knowledge.Crisis
	Commands Commands
	// Confidence decides when a hit is answered; the zero value loads the
	// fitted model in confidence.json.
	Confidence Confidence
	// Gazetteer maps places to nations; nil loads the built-in one.
	Gazetteer *knowledge.Gazetteer
	Now       func() time.Time
	Logger    *slog.Logger
}

// Answering is safe for concurrent use.
type Answering struct {
	entries    Entries
	store      Store
	safeguard  bot.Safeguard
	screener   *safety.Screener
	lines      *knowledge.Crisis
	commands   Commands
	confidence Confidence
	gazetteer  *knowledge.Gazetteer
	now        func() time.Time
	log        *slog.Logger
}

// New builds Answering, loading the fitted confidence model and the
// gazetteer where the config leaves them out.
func New(cfg Config) (*Answering, error) {
	if cfg.Entries == nil || cfg.Store == nil || cfg.Safeguard == nil || cfg.Screener == nil || cfg.Lines == nil || cfg.Commands == nil {
		return nil, errors.New("new answering: entries, store, safeguard, screener, lines and commands are required")
	}
	a := &Answering{
		entries:    cfg.Entries,
		store:      cfg.Store,
		safeguard:  cfg.Safeguard,
		screener:   cfg.Screener,
		lines:      cfg.Lines,
		commands:   cfg.Commands,
		confidence: cfg.Confidence,
		gazetteer:  cfg.Gazetteer,
		now:        cfg.Now,
		log:        cfg.Logger,
	}
	var err error
	if a.confidence.Weights == nil {
		if a.confidence, err = DefaultConfidence(); err != nil {
			return nil, err
		}
	}
	if a.gazetteer == nil {
		if a.gazetteer, err = knowledge.DefaultGazetteer(); err != nil {
			return nil, err
		}
	}
	if a.now == nil {
		a.now = time.Now
	}
	if a.log == nil {
		a.log = slog.Default()
	}
	return a, nil
}

// Registrar is the part of the core answering registers on.
type Registrar interface {
	Register(bot.Command) error
	RegisterAction(prefix string, fn bot.ActionFunc) error
	HandleQuestions(bot.Answerer)
}

// Register adds /waymark ask, the "entry." buttons, and makes answering
// the core's answerer of every message that is not a command.
func (a *Answering) Register(r Registrar) error {
	if err := r.Register(bot.Command{Name: "ask", Summary: "ask a question about running your group", Usage: "/waymark ask <question>",
		Run: func(ctx context.Context, req bot.Request, args []string) bot.Reply {
			return a.Ask(ctx, req, strings.Join(args, " "))
		}}); err != nil {
		return err
	}
	if err := r.RegisterAction("entry.", a.action); err != nil {
		return err
	}
	r.HandleQuestions(a)
	return nil
}

// Answer is bot.Answerer: the core has screened the message and found no
// risk in it.
func (a *Answering) Answer(ctx context.Context, req bot.Request, v safety.Verdict) bot.Reply {
	return a.ask(ctx, req, req.Text, v)
}

// ShowEntry is the reply for one entry as the group sees it, as
// `kb show` and the "show" button give it.
func (a *Answering) ShowEntry(ctx context.Context, req bot.Request, id string) bot.Reply {
	e, _ := a.entries.Lookup(ctx, req.Tenant, id)
	if e == nil {
		return bot.ErrorReply(fmt.Sprintf("There is no entry %q. Try /waymark kb list.", id))
	}
	return a.withLayer(ctx, req.Tenant, a.answer([]knowledge.Hit{{Entry: e}}, req.Jurisdiction(), ""))
}

// action answers the buttons under an answer: related entries, and one of
// the entries a tentative answer offered.
func (a *Answering) action(ctx context.Context, req bot.Request, action, value string) bot.Reply {
	switch action {
	case bot.ActionRelated:
		e, _ := a.entries.Lookup(ctx, req.Tenant, value)
		if e == nil {
			return bot.ErrorReply("That entry is no longer in the knowledge base.")
		}
		hits := a.entries.Index(ctx, req.Tenant).Search(e.Title+" "+strings.Join(e.Tags, " "), knowledge.SearchOptions{Jurisdiction: req.Jurisdiction(), Limit: 5})
		var sb strings.Builder
		sb.WriteString("Related entries:")
		for _, h := range hits {
			if h.Entry.ID != e.ID {
				fmt.Fprintf(&sb, "\n- %s (/waymark kb show %s)", h.Entry.Title, h.Entry.ID)
			}
		}
		return bot.PrivateInfo(sb.String())
	case bot.ActionShow:
		return a.ShowEntry(ctx, req, value)
	}
	return bot.ErrorReply("That button is no longer available.")
}
