// Package moderation is what moderators do in chat: browse the knowledge
// base (kb show, kb list), read the questions Waymark could not answer
// (kb gaps), look after their group's own entries (kb edit, history,
// revert, review), and get a private sign-in link to the console.
package moderation

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/waymark-org/waymark/bot"
	"github.com/waymark-org/waymark/knowledge"
)

// Entries is the knowledge base as each group sees it, and the changes a
// moderator makes to it (feature/library).
type Entries interface {
	Entries(ctx context.Context, t *bot.Tenant) []*knowledge.Entry
	Lookup(ctx context.Context, t *bot.Tenant, id string) (*knowledge.Entry, bot.Layer)
	SaveEntry(ctx context.Context, v bot.NewEntryVersion) (bot.EntryVersion, error)
	RevertEntry(ctx context.Context, s bot.EntryScope, entryID string, version int, by string, pending bool) (bot.EntryVersion, error)
	ReviewEntry(ctx context.Context, s bot.EntryScope, entryID, by string) (bot.EntryVersion, error)
}

// Shower renders one entry as an answer (feature/answering).
type Shower interface {
	ShowEntry(ctx context.Context, req bot.Request, id string) bot.Reply
}

// Store is what moderation reads directly: the gaps log and history.
type Store interface {
	UnansweredQuestions(ctx context.Context, tenantID int64, limit int) ([]bot.Unanswered, error)
	EntryHistory(ctx context.Context, s bot.EntryScope, entryID string) ([]bot.EntryVersion, error)
}

// ConsoleLinker makes single-use sign-in links to the moderators' console
// (internal/console implements it). via is how the user qualified as a
// moderator of t; next is a console path to open after signing in, or "".
type ConsoleLinker interface {
	SignInLink(ctx context.Context, t *bot.Tenant, userID string, via bot.ModeratorVia, next string) (string, error)
}

// Config is what Moderation is built from; all but Logger are required.
type Config struct {
	Entries Entries
	Show    Shower
	Store   Store
	Logger  *slog.Logger
	// Now is the clock edits are linted against; nil means time.Now.
	Now func() time.Time
}

// Moderation is safe for concurrent use once registered.
type Moderation struct {
	entries Entries
	show    Shower
	store   Store
	log     *slog.Logger
	now     func() time.Time
	// links and prefix are the console's, once EnableConsole is called.
	links  ConsoleLinker
	prefix string
}

// New builds Moderation.
func New(cfg Config) (*Moderation, error) {
	if cfg.Entries == nil || cfg.Show == nil || cfg.Store == nil {
		return nil, errors.New("new moderation: entries, show and store are required")
	}
	m := &Moderation{entries: cfg.Entries, show: cfg.Show, store: cfg.Store, log: cfg.Logger, now: cfg.Now}
	if m.log == nil {
		m.log = slog.Default()
	}
	if m.now == nil {
		m.now = time.Now
	}
	return m, nil
}

// Registrar is the part of the core moderation registers on.
type Registrar interface {
	Register(bot.Command) error
	RegisterForm(prefix string, fn bot.FormFunc) error
}

const kbUsage = "/waymark kb show <id> | kb list [topic] | kb gaps | kb edit|history|review <id> | kb revert <id> <version>"

// Register adds /waymark kb, and the form kb edit opens where the
// platform has forms.
func (m *Moderation) Register(r Registrar) error {
	if err := r.Register(bot.Command{Name: "kb", Summary: "browse the knowledge base; moderators see gaps", Usage: kbUsage, Run: m.kbCommand}); err != nil {
		return err
	}
	return r.RegisterForm("kb.", m.submitForm)
}

// layer is the layer the group's answers take an entry from, "" when
// there is no such entry.
func (m *Moderation) layer(ctx context.Context, t *bot.Tenant, id string) bot.Layer {
	_, l := m.entries.Lookup(ctx, t, id)
	return l
}

func (m *Moderation) kbCommand(ctx context.Context, req bot.Request, args []string) bot.Reply {
	if len(args) == 0 {
		return bot.ErrorReply("Usage: /waymark kb show <id> | kb list [topic] | kb gaps")
	}
	switch strings.ToLower(args[0]) {
	case "show":
		if len(args) != 2 {
			return bot.ErrorReply("Usage: /waymark kb show <id>, for example /waymark kb show governance/trustee-duties")
		}
		return m.show.ShowEntry(ctx, req, args[1])
	case "list":
		return m.listEntries(ctx, req, args[1:])
	case "gaps":
		if !req.IsModerator() {
			return bot.ErrorReply("Only moderators can see unanswered questions.")
		}
		return m.gaps(ctx, req)
	case "edit", "history", "revert", "review":
		return m.kbModerate(ctx, req, args)
	}
	return bot.ErrorReply(fmt.Sprintf("I don't know kb %q. Usage: /waymark kb show <id> | kb list [topic] | kb gaps", args[0]))
}

func (m *Moderation) listEntries(ctx context.Context, req bot.Request, args []string) bot.Reply {
	topic := ""
	if len(args) > 0 {
		topic = strings.ToLower(args[0])
		if !slices.Contains(knowledge.Topics, topic) {
			return bot.ErrorReply(fmt.Sprintf("Unknown topic %q; topics are %s.", topic, strings.Join(knowledge.Topics, ", ")))
		}
	}
	var sb strings.Builder
	n := 0
	for _, e := range m.entries.Entries(ctx, req.Tenant) {
		if topic != "" && e.Topic != topic {
			continue
		}
		local := ""
		if e.Local {
			local = " (your group's own)"
		}
		fmt.Fprintf(&sb, "\n- %s: %s%s", e.ID, e.Title, local)
		n++
	}
	return bot.InfoReply(fmt.Sprintf("%d entries:%s\n\nShow one with /waymark kb show <id>.", n, sb.String()))
}

func (m *Moderation) gaps(ctx context.Context, req bot.Request) bot.Reply {
	if req.Tenant == nil {
		return bot.ErrorReply("Unanswered questions are kept per group; there is no group here.")
	}
	qs, err := m.store.UnansweredQuestions(ctx, req.Tenant.ID, 20)
	if err != nil {
		m.log.ErrorContext(ctx, "list unanswered questions", "tenant", req.Tenant.ID, "err", err)
		return bot.ErrorReply("I couldn't load the unanswered questions just now. Please try again in a minute.")
	}
	if len(qs) == 0 {
		return bot.InfoReply("No unanswered questions so far.")
	}
	var sb strings.Builder
	sb.WriteString("Questions I couldn't answer, most asked first (no names are kept):")
	for _, q := range qs {
		fmt.Fprintf(&sb, "\n- %q: asked %d time%s, last %s", q.Question, q.Count, plural(q.Count), q.LastSeen.Format("2 Jan 2006"))
	}
	return bot.InfoReply(sb.String())
}

// EnableConsole adds `/waymark console`, which sends a moderator a private
// sign-in link, and lets `kb edit` link to the editor. prefix is where the
// console is mounted (/console). Call it before the bot serves.
func (m *Moderation) EnableConsole(r Registrar, l ConsoleLinker, prefix string) error {
	m.links, m.prefix = l, strings.TrimRight(prefix, "/")
	return r.Register(bot.Command{Name: "console", Summary: "a private, single-use link to the moderators' console", Usage: "/waymark console", Moderator: true, Run: m.consoleCommand})
}

func (m *Moderation) consoleCommand(ctx context.Context, req bot.Request, _ []string) bot.Reply {
	return m.consoleLink(ctx, req, "", "Here is your sign-in link to the moderators' console. It works once, for 10 minutes, and only for you: please don't share it.")
}

func (m *Moderation) consoleLink(ctx context.Context, req bot.Request, next, lead string) bot.Reply {
	if m.links == nil {
		return bot.ErrorReply("The moderators' console is not running for this Waymark. Run `waymark console` on the computer Waymark runs on.")
	}
	if req.Tenant == nil || req.UserID == "" {
		return bot.ErrorReply("I can't tell who you are here, so I can't make you a sign-in link.")
	}
	via, ok := req.ModeratorVia()
	if !ok {
		return bot.ErrorReply("Only moderators can do that. Ask a workspace admin to add you with /waymark settings moderators add.")
	}
	link, err := m.links.SignInLink(ctx, req.Tenant, req.UserID, via, next)
	if err != nil {
		// The link itself is never logged: it is as good as a password
		// for ten minutes.
		m.log.WarnContext(ctx, "console sign-in link", "tenant", req.Tenant.ID, "err", err)
		return bot.ErrorReply("I couldn't make a sign-in link just now. If you asked for several in the last few minutes, wait ten minutes and try again.")
	}
	r := bot.InfoReply(lead + "\n" + link)
	r.Private = true
	return r
}

const kbModUsage = "Usage: /waymark kb edit <id> | kb history <id> | kb revert <id> <version> | kb review <id>"

// kbModerate runs the moderators' kb commands on the group's own layer;
// the network's entries are edited in the console by network moderators.
func (m *Moderation) kbModerate(ctx context.Context, req bot.Request, args []string) bot.Reply {
	if !req.IsModerator() {
		return bot.ErrorReply("Only moderators can change entries. Ask a workspace admin to add you with /waymark settings moderators add.")
	}
	if req.Tenant == nil {
		return bot.ErrorReply("Entries are kept per group; there is no group here.")
	}
	sub := strings.ToLower(args[0])
	if (sub == "revert" && len(args) != 3) || (sub != "revert" && len(args) != 2) {
		return bot.ErrorReply(kbModUsage)
	}
	id, scope := args[1], bot.GroupScope(req.Tenant.ID)
	fail := func(what string, err error) bot.Reply {
		m.log.ErrorContext(ctx, "kb "+what, "tenant", req.Tenant.ID, "entry", id, "err", err)
		return bot.ErrorReply("Something went wrong and nothing was changed. Please try again in a minute.")
	}
	switch sub {
	case "edit":
		if m.layer(ctx, req.Tenant, id) == "" {
			return bot.ErrorReply(fmt.Sprintf("There is no entry %q. Start a new one in the console: /waymark console.", id))
		}
		if req.CanOpenForm() {
			return m.editForm(ctx, req, id)
		}
		return m.consoleLink(ctx, req, m.editPath(id),
			fmt.Sprintf("Edit %s in the console with this link. It works once, for 10 minutes, and only for you.", id))
	case "history":
		h, err := m.store.EntryHistory(ctx, scope, id)
		if err != nil {
			return fail("history", err)
		}
		if len(h) == 0 {
			return bot.InfoReply(fmt.Sprintf("Your group has not changed %s; it comes from the %s entries.", id, layerName(m.layer(ctx, req.Tenant, id))))
		}
		var sb strings.Builder
		fmt.Fprintf(&sb, "Versions of your group's %s, newest first:", id)
		for i, v := range h {
			if i == 10 {
				fmt.Fprintf(&sb, "\n…and %d older; see them all in the console.", len(h)-10)
				break
			}
			who := v.CreatedBy
			if who == "" {
				who = "someone"
			}
			fmt.Fprintf(&sb, "\n- %d: %s (%s) by %s, %s", v.Version, v.Action, v.State, who, v.CreatedAt.In(req.Tenant.Location()).Format("2 Jan 2006 15:04"))
		}
		sb.WriteString("\n\nRevert with /waymark kb revert " + id + " <version>.")
		return bot.InfoReply(sb.String())
	case "revert":
		n, err := strconv.Atoi(args[2])
		if err != nil || n < 1 {
			return bot.ErrorReply(kbModUsage)
		}
		pending := req.Tenant.NeedsApproval(scope)
		v, err := m.entries.RevertEntry(ctx, scope, id, n, req.UserID, pending)
		if errors.Is(err, bot.ErrNotFound) {
			return bot.ErrorReply(fmt.Sprintf("Your group has no version %d of %s. See /waymark kb history %s.", n, id, id))
		}
		if err != nil {
			return fail("revert", err)
		}
		if pending {
			return bot.InfoReply(fmt.Sprintf("Saved: %s back to version %d's text, as version %d, waiting for another moderator to approve it in the console. Answers keep the current text until then.", id, n, v.Version))
		}
		return bot.InfoReply(fmt.Sprintf("Done: %s is back to version %d's text, saved as version %d. Answers use it now.", id, n, v.Version))
	case "review":
		v, err := m.entries.ReviewEntry(ctx, scope, id, req.UserID)
		if errors.Is(err, bot.ErrNotFound) {
			layer := m.layer(ctx, req.Tenant, id)
			if layer == "" {
				return bot.ErrorReply(fmt.Sprintf("There is no entry %q.", id))
			}
			return bot.ErrorReply(fmt.Sprintf("%s comes from the %s entries, which their own moderators review. To keep your own copy, edit it: /waymark kb edit %s.", id, layerName(layer), id))
		}
		if err != nil {
			return fail("review", err)
		}
		return bot.InfoReply(fmt.Sprintf("Marked %s reviewed today (version %d).", id, v.Version))
	}
	return bot.ErrorReply(kbModUsage)
}

// editPath is the console's editor for an entry of the group.
func (m *Moderation) editPath(id string) string {
	return m.prefix + "/edit?" + url.Values{"id": {id}}.Encode()
}

func layerName(l bot.Layer) string {
	switch l {
	case bot.LayerNetwork:
		return "network's"
	case bot.LayerGroup:
		return "group's own"
	}
	return "built-in"
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
