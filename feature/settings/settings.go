// Package settings is a group's settings and each person's privacy:
// /waymark settings (time zone, nation, safeguarding lead, reminder hour,
// moderators), /waymark forget-me, which asks every feature to forget the
// person through the core's personal-data hooks, and the anonymous
// helpful/not-helpful buttons under an answer.
package settings

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/waymark-org/waymark/bot"
	"github.com/waymark-org/waymark/knowledge"
)

// Store is what settings and forget-me change directly.
type Store interface {
	// ChangeTenant applies change to the row as it is in the database now
	// (see bot.Store).
	ChangeTenant(ctx context.Context, id int64, change func(t *bot.Tenant) error) (*bot.Tenant, error)
	ForgetTraces(ctx context.Context, tenantID int64, userID string) (bot.Traces, error)
}

// FeedbackRecorder stores anonymous helpful/not-helpful votes per entry.
type FeedbackRecorder interface {
	RecordFeedback(ctx context.Context, tenantID int64, entryID string, helpful bool, at time.Time) error
}

// Forgetter asks every feature to forget a person: the core's
// personal-data hooks (bot.Bot.ForgetUser).
type Forgetter interface {
	ForgetUser(ctx context.Context, tenantID int64, userID string) (bot.Forgotten, error)
}

// Config is what Settings is built from. Store, Notifier and Forget are
// required; without Feedback, votes are thanked for and not kept.
type Config struct {
	Store    Store
	Feedback FeedbackRecorder
	// Notifier tells moderators when forget-me leaves no safeguarding lead.
	Notifier bot.Notifier
	Forget   Forgetter
	Now      func() time.Time
	Logger   *slog.Logger
}

// Settings is safe for concurrent use.
type Settings struct {
	store    Store
	feedback FeedbackRecorder
	notifier bot.Notifier
	forget   Forgetter
	now      func() time.Time
	log      *slog.Logger
}

// New builds Settings.
func New(cfg Config) (*Settings, error) {
	if cfg.Store == nil || cfg.Notifier == nil || cfg.Forget == nil {
		return nil, errors.New("new settings: store, notifier and forget are required")
	}
	s := &Settings{store: cfg.Store, feedback: cfg.Feedback, notifier: cfg.Notifier, forget: cfg.Forget, now: cfg.Now, log: cfg.Logger}
	if s.now == nil {
		s.now = time.Now
	}
	if s.log == nil {
		s.log = slog.Default()
	}
	return s, nil
}

// Registrar is the part of the core settings registers on.
type Registrar interface {
	Register(bot.Command) error
	RegisterAction(prefix string, fn bot.ActionFunc) error
}

// Register adds /waymark settings, /waymark forget-me and the feedback
// buttons.
func (s *Settings) Register(r Registrar) error {
	for _, c := range []bot.Command{
		{Name: "settings", Summary: "your group's time zone, nation, safeguarding lead and moderators", Usage: "/waymark settings [timezone <zone> | jurisdiction <nation> | safeguarding-lead <user|none> | moderators add|remove <user> | digest on|off | approval on|off]", Run: s.settingsCommand},
		{Name: "forget-me", Summary: "delete what Waymark holds about you", Usage: "/waymark forget-me", Run: s.forgetMe},
	} {
		if err := r.Register(c); err != nil {
			return err
		}
	}
	return r.RegisterAction("feedback.", s.feedbackAction)
}

// feedbackAction keeps an anonymous vote on an answer.
func (s *Settings) feedbackAction(ctx context.Context, req bot.Request, action, value string) bot.Reply {
	if action != bot.ActionHelpful && action != bot.ActionNotHelpful {
		return bot.ErrorReply("That button is no longer available.")
	}
	if s.feedback != nil && req.Tenant != nil {
		if err := s.feedback.RecordFeedback(ctx, req.Tenant.ID, value, action == bot.ActionHelpful, s.now().UTC()); err != nil {
			s.log.ErrorContext(ctx, "record feedback", "tenant", req.Tenant.ID, "err", err)
		}
	}
	return bot.PrivateInfo("Thanks for letting us know. Feedback is anonymous and helps moderators keep entries right.")
}

func (s *Settings) settingsCommand(ctx context.Context, req bot.Request, args []string) bot.Reply {
	t := req.Tenant
	if t == nil {
		return bot.ErrorReply("Settings belong to a group; there is no group here.")
	}
	if len(args) == 0 {
		return bot.InfoReply(describeSettings(t))
	}
	if !req.IsModerator() {
		return bot.ErrorReply("Only moderators can change settings. You can see them with /waymark settings.")
	}
	// Each change touches only its own setting, applied to the row as it
	// is in the database now: the copy in req.Tenant may be stale (read
	// before another change, here or on another replica), and saving it
	// whole would undo that change.
	var change func(t *bot.Tenant)
	key := strings.ToLower(args[0])
	val := strings.Join(args[1:], " ")
	switch key {
	case "timezone", "time-zone", "tz":
		if val == "" {
			return bot.ErrorReply("Usage: /waymark settings timezone Europe/London")
		}
		if _, err := time.LoadLocation(val); err != nil || !strings.Contains(val, "/") && val != "UTC" {
			return bot.ErrorReply(fmt.Sprintf("%q is not a time zone I know. Use a name like Europe/London.", val))
		}
		change = func(t *bot.Tenant) { t.Timezone = val }
	case "jurisdiction", "nation":
		j := strings.ReplaceAll(strings.ToLower(val), " ", "-")
		if !slices.Contains(knowledge.Jurisdictions, j) {
			return bot.ErrorReply(fmt.Sprintf("Choose one of: %s.", strings.Join(knowledge.Jurisdictions, ", ")))
		}
		change = func(t *bot.Tenant) { t.Jurisdiction = j }
	case "safeguarding-lead", "lead":
		if val == "" {
			return bot.ErrorReply("Usage: /waymark settings safeguarding-lead <user> (or none)")
		}
		lead := ""
		if !strings.EqualFold(val, "none") {
			lead = bot.ParseUserRef(val)
		}
		change = func(t *bot.Tenant) { t.Settings.SafeguardingLead = lead }
	case "reminder-hour":
		h, err := strconv.Atoi(val)
		if err != nil || h < 0 || h > 23 {
			return bot.ErrorReply("Usage: /waymark settings reminder-hour 9 (a whole hour from 0 to 23)")
		}
		change = func(t *bot.Tenant) { t.Settings.ReminderHour = &h }
	case "digest":
		on := strings.EqualFold(val, "on")
		if !on && !strings.EqualFold(val, "off") {
			return bot.ErrorReply("Usage: /waymark settings digest on|off (the moderators' weekly digest)")
		}
		change = func(t *bot.Tenant) { t.Settings.DigestOff = !on }
	case "approval":
		on := strings.EqualFold(val, "on")
		if !on && !strings.EqualFold(val, "off") {
			return bot.ErrorReply("Usage: /waymark settings approval on|off (whether a second moderator must approve a publish)")
		}
		change = func(t *bot.Tenant) { t.Settings.Approval = on }
	case "moderators":
		if len(args) != 3 || (args[1] != "add" && args[1] != "remove") {
			return bot.ErrorReply("Usage: /waymark settings moderators add|remove <user>")
		}
		user, add := bot.ParseUserRef(args[2]), args[1] == "add"
		change = func(t *bot.Tenant) {
			t.Settings.Moderators = slices.DeleteFunc(t.Settings.Moderators, func(m string) bool { return m == user })
			if add {
				t.Settings.Moderators = append(t.Settings.Moderators, user)
			}
		}
	default:
		return bot.ErrorReply(fmt.Sprintf("I don't know the setting %q. Settings are timezone, jurisdiction, safeguarding-lead, reminder-hour, moderators, digest and approval.", args[0]))
	}
	updated, err := s.store.ChangeTenant(ctx, t.ID, func(t *bot.Tenant) error { change(t); return nil })
	if err != nil {
		s.log.ErrorContext(ctx, "update settings", "tenant", t.ID, "err", err)
		return bot.ErrorReply("I couldn't save that setting just now; nothing was changed. Please try again.")
	}
	*req.Tenant = *updated
	return bot.InfoReply("Saved.\n\n" + describeSettings(updated))
}

func describeSettings(t *bot.Tenant) string {
	lead := t.Settings.SafeguardingLead
	if lead == "" {
		lead = "not set (crisis alerts go nowhere until you set one)"
	}
	hour := 9
	if t.Settings.ReminderHour != nil {
		hour = *t.Settings.ReminderHour
	}
	mods := "workspace admins only"
	if len(t.Settings.Moderators) > 0 {
		mods = "workspace admins and " + strings.Join(t.Settings.Moderators, ", ")
	}
	digest := "on (to the moderators listed)"
	if t.Settings.DigestOff {
		digest = "off"
	}
	approval := "off (a moderator's publish is used at once)"
	if t.Settings.Approval {
		approval = "on (a second moderator approves each publish)"
	}
	return fmt.Sprintf("Settings for %s:\n- Time zone: %s\n- Nation: %s\n- Safeguarding lead: %s\n- Reminder hour: %02d:00\n- Moderators: %s\n- Moderators' weekly digest: %s\n- Second moderator's approval: %s",
		t.Name, t.Location().String(), knowledge.JurisdictionName(t.Jurisdiction), lead, hour, mods, digest, approval)
}

// forgetMe deletes or unlinks everything Waymark holds about the person in
// this group, and says exactly what went and what was kept and why: the
// features' data (check-ins, deadlines), their id in the settings
// (safeguarding lead, moderators), as the installer and as the author of
// knowledge entries. A check that no table holds their id afterwards is
// in internal/jobs/forget_test.go.
func (s *Settings) forgetMe(ctx context.Context, req bot.Request, _ []string) bot.Reply {
	if req.Tenant == nil || req.UserID == "" {
		return bot.ErrorReply("I can't tell who you are here, so there is nothing to forget.")
	}
	fail := func(what string, err error) bot.Reply {
		s.log.ErrorContext(ctx, "forget user", "tenant", req.Tenant.ID, "step", what, "err", err)
		return bot.ErrorReply("Something went wrong while deleting your data, so I stopped. Please try again; if it keeps failing, tell a moderator.")
	}
	all, err := s.forget.ForgetUser(ctx, req.Tenant.ID, req.UserID)
	if err != nil {
		return fail("feature data", err)
	}
	var removed []string
	var wasLead bool
	updated, err := s.store.ChangeTenant(ctx, req.Tenant.ID, func(t *bot.Tenant) error {
		if t.Settings.SafeguardingLead == req.UserID {
			t.Settings.SafeguardingLead, wasLead = "", true
		}
		n := len(t.Settings.Moderators)
		t.Settings.Moderators = slices.DeleteFunc(t.Settings.Moderators, func(m string) bool { return m == req.UserID })
		if len(t.Settings.Moderators) < n {
			removed = append(removed, "the group's list of moderators")
		}
		return nil
	})
	if err != nil {
		return fail("settings", err)
	}
	*req.Tenant = *updated
	if wasLead {
		lead := "the group's settings as its safeguarding lead: crisis alerts now go to no one until a moderator names a new lead. "
		if n := s.tellLeadUnset(ctx, updated, req.UserID); n > 0 {
			lead += fmt.Sprintf("I've told the %d moderator%s listed in the settings that the lead is no longer set, without saying why", n, plural(n))
		} else {
			lead += "No moderators are listed in the settings for me to tell, so please let your workspace admins know"
		}
		removed = append([]string{lead}, removed...)
	}
	traces, err := s.store.ForgetTraces(ctx, req.Tenant.ID, req.UserID)
	if err != nil {
		return fail("traces", err)
	}
	if traces.Installer {
		removed = append(removed, "the record of who installed Waymark here")
	}
	if traces.EntryChanges > 0 {
		removed = append(removed, fmt.Sprintf("%d knowledge entry change%s you made (the entries stay for the group)", traces.EntryChanges, plural(traces.EntryChanges)))
	}

	var sb strings.Builder
	sb.WriteString("Done.")
	list := func(head string, items []string) {
		if len(items) == 0 {
			return
		}
		sb.WriteString("\n" + head)
		for _, it := range items {
			sb.WriteString("\n- " + it + ".")
		}
	}
	list("Deleted:", all.Deleted)
	list("Your user id is no longer in:", removed)
	if len(all.Deleted) == 0 && len(removed) == 0 {
		sb.WriteString(" Waymark held nothing about you in this group.")
	}
	kept := append(all.Kept,
		"unanswered questions and feedback on answers, which were never linked to you, so nothing in them can be found as yours",
		"the messages you sent in the chat itself, which the chat platform keeps, not Waymark: delete them there")
	if req.Moderator {
		kept = append(kept, "your moderator rights as a workspace admin, which come from the platform, not from Waymark")
	}
	list("Kept, and why:", kept)
	r := bot.InfoReply(sb.String())
	r.Private = true
	return r
}

// tellLeadUnset tells the moderators listed in the settings, other than
// the person leaving, that the group has no safeguarding lead now, and
// returns how many it told. Who asked to be forgotten is not said.
// Workspace admins who are moderators only through the platform are not
// listed anywhere Waymark can read; the settings show the lead unset.
func (s *Settings) tellLeadUnset(ctx context.Context, t *bot.Tenant, leaving string) int {
	told := 0
	msg := bot.Reply{Kind: bot.KindInfo, Private: true, Text: "Waymark: the group's safeguarding lead is no longer set, so crisis alerts go to no one until a moderator names a new lead with /waymark settings safeguarding-lead @name."}
	for _, m := range t.Settings.Moderators {
		if m == leaving {
			continue
		}
		err := s.notifier.DirectMessage(ctx, t, m, msg)
		if errors.Is(err, bot.ErrNoNotifier) {
			// No platform attached: no one can be told.
			return 0
		}
		if err != nil {
			s.log.WarnContext(ctx, "tell a moderator the safeguarding lead is unset", "tenant", t.ID, "err", err)
			continue
		}
		told++
	}
	return told
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
