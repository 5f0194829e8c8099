package bot

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
)

// ConsoleLinker makes single-use sign-in links to the moderators' console
// (internal/console implements it). via is how the user qualified as a
// moderator of t; next is a console path to open after signing in, or "".
type ConsoleLinker interface {
	SignInLink(ctx context.Context, t *Tenant, userID string, via ModeratorVia, next string) (string, error)
}

// ModeratorVia is how someone qualified as a group's moderator when they
// asked for a console link. The console keeps it with the session and
// checks it again on every request where it can.
type ModeratorVia string

const (
	// ViaPlatform: a platform admin (a Slack workspace admin, Discord
	// Manage Server), known only from the request made in chat, so it
	// cannot be checked again later.
	ViaPlatform ModeratorVia = "platform"
	// ViaSettings: named in the group's settings moderators list, which
	// can be (and is) checked again on every console request.
	ViaSettings ModeratorVia = "settings"
	// ViaLocal: the person running this computer's own Waymark
	// (`waymark console`); like a platform admin, nothing to check again.
	ViaLocal ModeratorVia = "local"
)

// moderatorVia is how a request's user is a moderator, and false if they
// are not. A platform admin counts as such even when also on the list:
// removing them from the list does not make them less of an admin.
func moderatorVia(req Request) (ModeratorVia, bool) {
	if req.Moderator {
		return ViaPlatform, true
	}
	if req.Tenant != nil && req.UserID != "" && slices.Contains(req.Tenant.Settings.Moderators, req.UserID) {
		return ViaSettings, true
	}
	return "", false
}

type consoleAccess struct {
	links  ConsoleLinker
	prefix string
}

// EnableConsole adds `/waymark console`, which sends a moderator a private
// sign-in link, and lets `kb edit` link to the editor. prefix is where the
// console is mounted (/console). Call it before the bot serves.
func (b *Bot) EnableConsole(l ConsoleLinker, prefix string) {
	b.console = consoleAccess{links: l, prefix: strings.TrimRight(prefix, "/")}
	b.Register("console", "a private, single-use link to the moderators' console", "/waymark console", true, b.consoleCommand)
}

func (b *Bot) consoleCommand(ctx context.Context, req Request, _ []string) Reply {
	return b.consoleLink(ctx, req, "", "Here is your sign-in link to the moderators' console. It works once, for 10 minutes, and only for you: please don't share it.")
}

func (b *Bot) consoleLink(ctx context.Context, req Request, next, lead string) Reply {
	if b.console.links == nil {
		return errorReply("The moderators' console is not running for this Waymark. Run `waymark console` on the computer Waymark runs on.")
	}
	if req.Tenant == nil || req.UserID == "" {
		return errorReply("I can't tell who you are here, so I can't make you a sign-in link.")
	}
	via, ok := moderatorVia(req)
	if !ok {
		return errorReply("Only moderators can do that. Ask a workspace admin to add you with /waymark settings moderators add.")
	}
	link, err := b.console.links.SignInLink(ctx, req.Tenant, req.UserID, via, next)
	if err != nil {
		// The link itself is never logged: it is as good as a password
		// for ten minutes.
		b.log.WarnContext(ctx, "console sign-in link", "tenant", req.Tenant.ID, "err", err)
		return errorReply("I couldn't make a sign-in link just now. If you asked for several in the last few minutes, wait ten minutes and try again.")
	}
	r := infoReply(lead + "\n" + link)
	r.Private = true
	return r
}

const kbModUsage = "Usage: /waymark kb edit <id> | kb history <id> | kb revert <id> <version> | kb review <id>"

// kbModerate runs the moderators' kb commands on the group's own layer;
// the network's entries are edited in the console by network moderators.
func (b *Bot) kbModerate(ctx context.Context, req Request, args []string) Reply {
	if !b.isModerator(req) {
		return errorReply("Only moderators can change entries. Ask a workspace admin to add you with /waymark settings moderators add.")
	}
	if req.Tenant == nil {
		return errorReply("Entries are kept per group; there is no group here.")
	}
	sub := strings.ToLower(args[0])
	if (sub == "revert" && len(args) != 3) || (sub != "revert" && len(args) != 2) {
		return errorReply(kbModUsage)
	}
	id, scope := args[1], GroupScope(req.Tenant.ID)
	vs, err := b.versions()
	if err != nil {
		return errorReply("This Waymark keeps no entry history.")
	}
	fail := func(what string, err error) Reply {
		b.log.ErrorContext(ctx, "kb "+what, "tenant", req.Tenant.ID, "entry", id, "err", err)
		return errorReply("Something went wrong and nothing was changed. Please try again in a minute.")
	}
	switch sub {
	case "edit":
		if b.Entry(ctx, req.Tenant, id) == nil {
			return errorReply(fmt.Sprintf("There is no entry %q. Start a new one in the console: /waymark console.", id))
		}
		return b.consoleLink(ctx, req, b.console.prefix+"/edit?"+url.Values{"id": {id}}.Encode(),
			fmt.Sprintf("Edit %s in the console with this link. It works once, for 10 minutes, and only for you.", id))
	case "history":
		h, err := vs.EntryHistory(ctx, scope, id)
		if err != nil {
			return fail("history", err)
		}
		if len(h) == 0 {
			return infoReply(fmt.Sprintf("Your group has not changed %s; it comes from the %s entries.", id, layerName(b.EntryLayer(ctx, req.Tenant, id))))
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
		return infoReply(sb.String())
	case "revert":
		n, err := strconv.Atoi(args[2])
		if err != nil || n < 1 {
			return errorReply(kbModUsage)
		}
		v, err := b.RevertEntry(ctx, scope, id, n, req.UserID)
		if errors.Is(err, ErrNotFound) {
			return errorReply(fmt.Sprintf("Your group has no version %d of %s. See /waymark kb history %s.", n, id, id))
		}
		if err != nil {
			return fail("revert", err)
		}
		return infoReply(fmt.Sprintf("Done: %s is back to version %d's text, saved as version %d. Answers use it now.", id, n, v.Version))
	case "review":
		v, err := b.ReviewEntry(ctx, scope, id, req.UserID)
		if errors.Is(err, ErrNotFound) {
			layer := b.EntryLayer(ctx, req.Tenant, id)
			if layer == "" {
				return errorReply(fmt.Sprintf("There is no entry %q.", id))
			}
			return errorReply(fmt.Sprintf("%s comes from the %s entries, which their own moderators review. To keep your own copy, edit it: /waymark kb edit %s.", id, layerName(layer), id))
		}
		if err != nil {
			return fail("review", err)
		}
		return infoReply(fmt.Sprintf("Marked %s reviewed today (version %d).", id, v.Version))
	}
	return errorReply(kbModUsage)
}

func layerName(l Layer) string {
	switch l {
	case LayerNetwork:
		return "network's"
	case LayerGroup:
		return "group's own"
	}
	return "built-in"
}
