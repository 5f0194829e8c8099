package bot

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/waymark-org/waymark/knowledge"
)

// Button actions, the same on every platform.
const (
	ActionHelpful    = "feedback.helpful"
	ActionNotHelpful = "feedback.not_helpful"
	ActionRelated    = "entry.related"
	ActionShow       = "entry.show"
)

// command is one /waymark sub-command. args are the words after its name.
type command struct {
	summary   string
	usage     string
	moderator bool
	run       func(ctx context.Context, req Request, args []string) Reply
}

func (b *Bot) builtinCommands() map[string]command {
	return map[string]command{
		"help": {summary: "what Waymark can do", usage: "/waymark help", run: func(context.Context, Request, []string) Reply { return b.help() }},
		"ask": {summary: "ask a question about running your group", usage: "/waymark ask <question>",
			run: func(ctx context.Context, req Request, args []string) Reply {
				return b.Ask(ctx, req, strings.Join(args, " "))
			}},
		"kb":        {summary: "browse the knowledge base; moderators see gaps", usage: "/waymark kb show <id> | kb list [topic] | kb gaps | kb edit|history|review <id> | kb revert <id> <version>", run: b.kbCommand},
		"settings":  {summary: "your group's time zone, nation, safeguarding lead and moderators", usage: "/waymark settings [timezone <zone> | jurisdiction <nation> | safeguarding-lead <user|none> | moderators add|remove <user> | digest on|off]", run: b.settingsCommand},
		"forget-me": {summary: "delete what Waymark holds about you", usage: "/waymark forget-me", run: b.forgetMe},
	}
}

// Register adds a feature's command (deadlines, check-ins). It must be
// called before the bot serves requests.
func (b *Bot) Register(name, summary, usage string, moderator bool, run func(ctx context.Context, req Request, args []string) Reply) {
	b.commands[name] = command{summary: summary, usage: usage, moderator: moderator, run: run}
}

func (b *Bot) runCommand(ctx context.Context, req Request) Reply {
	req = cleanRequest(req)
	args, err := SplitArgs(req.Text)
	if err != nil {
		return errorReply(fmt.Sprintf("I couldn't read that command: %v. Try /waymark help.", err))
	}
	if len(args) == 0 {
		return b.help()
	}
	name := strings.ToLower(args[0])
	cmd, ok := b.commands[name]
	if !ok {
		// Anything that is not a command is most likely a question typed
		// after /waymark; answering it is kinder than an error.
		if strings.HasSuffix(req.Text, "?") || len(args) > 3 {
			return b.Ask(ctx, req, req.Text)
		}
		return errorReply(fmt.Sprintf("I don't know the command %q. Type /waymark help to see the commands, or just ask your question.", args[0]))
	}
	if cmd.moderator && !b.isModerator(req) {
		return errorReply("Only moderators can do that. Ask a workspace admin to add you with /waymark settings moderators add.")
	}
	return cmd.run(ctx, req, args[1:])
}

func (b *Bot) isModerator(req Request) bool {
	if req.Moderator {
		return true
	}
	if req.Tenant == nil {
		return false
	}
	for _, m := range req.Tenant.Settings.Moderators {
		if m == req.UserID {
			return true
		}
	}
	return false
}

// SplitArgs splits a command line into words, keeping "quoted phrases"
// and 'single-quoted phrases' whole.
func SplitArgs(s string) ([]string, error) {
	var out []string
	var cur strings.Builder
	var quote rune
	inWord := false
	for _, r := range s {
		switch {
		case quote != 0 && r == quote:
			quote = 0
		case quote != 0:
			cur.WriteRune(r)
		case r == '"' || r == '“' || r == '”':
			quote, inWord = '"', true
			if r == '“' {
				quote = '”'
			}
		case r == ' ' || r == '\t' || r == '\n':
			if inWord {
				out = append(out, cur.String())
				cur.Reset()
				inWord = false
			}
		default:
			cur.WriteRune(r)
			inWord = true
		}
	}
	if quote != 0 {
		return nil, errors.New("a quotation mark is not closed")
	}
	if inWord {
		out = append(out, cur.String())
	}
	return out, nil
}

func (b *Bot) help() Reply {
	names := make([]string, 0, len(b.commands))
	for n := range b.commands {
		names = append(names, n)
	}
	sort.Strings(names)
	var sb strings.Builder
	sb.WriteString("I'm Waymark. I answer questions about running a user-led group (governance, safeguarding, funding and commissioning, and looking after yourself) from a checked, sourced knowledge base. Just ask, for example \"Do we need to register as a charity?\"\n\nCommands:")
	for _, n := range names {
		c := b.commands[n]
		note := ""
		if c.moderator {
			note = " (moderators)"
		}
		fmt.Fprintf(&sb, "\n- %s: %s%s", c.usage, c.summary, note)
	}
	sb.WriteString("\n\nIf you or someone else is in danger, call 999. Samaritans are there any time on 116 123.")
	return infoReply(sb.String())
}

func (b *Bot) kbCommand(ctx context.Context, req Request, args []string) Reply {
	if len(args) == 0 {
		return errorReply("Usage: /waymark kb show <id> | kb list [topic] | kb gaps")
	}
	switch strings.ToLower(args[0]) {
	case "show":
		if len(args) != 2 {
			return errorReply("Usage: /waymark kb show <id>, for example /waymark kb show governance/trustee-duties")
		}
		return b.showEntry(ctx, req, args[1])
	case "list":
		return b.listEntries(ctx, req, args[1:])
	case "gaps":
		if !b.isModerator(req) {
			return errorReply("Only moderators can see unanswered questions.")
		}
		return b.gaps(ctx, req)
	case "edit", "history", "revert", "review":
		return b.kbModerate(ctx, req, args)
	}
	return errorReply(fmt.Sprintf("I don't know kb %q. Usage: /waymark kb show <id> | kb list [topic] | kb gaps", args[0]))
}

func (b *Bot) showEntry(ctx context.Context, req Request, id string) Reply {
	e := b.Entry(ctx, req.Tenant, id)
	if e == nil {
		return errorReply(fmt.Sprintf("There is no entry %q. Try /waymark kb list.", id))
	}
	return b.withLayer(ctx, req.Tenant, b.answer([]knowledge.Hit{{Entry: e}}, b.jurisdiction(req), ""))
}

func (b *Bot) listEntries(ctx context.Context, req Request, args []string) Reply {
	topic := ""
	if len(args) > 0 {
		topic = strings.ToLower(args[0])
		if !contains(knowledge.Topics, topic) {
			return errorReply(fmt.Sprintf("Unknown topic %q; topics are %s.", topic, strings.Join(knowledge.Topics, ", ")))
		}
	}
	var sb strings.Builder
	n := 0
	for _, e := range b.indexFor(ctx, req.Tenant).Entries() {
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
	return infoReply(fmt.Sprintf("%d entries:%s\n\nShow one with /waymark kb show <id>.", n, sb.String()))
}

func (b *Bot) gaps(ctx context.Context, req Request) Reply {
	if req.Tenant == nil {
		return errorReply("Unanswered questions are kept per group; there is no group here.")
	}
	qs, err := b.store.UnansweredQuestions(ctx, req.Tenant.ID, 20)
	if err != nil {
		b.log.ErrorContext(ctx, "list unanswered questions", "tenant", req.Tenant.ID, "err", err)
		return errorReply("I couldn't load the unanswered questions just now. Please try again in a minute.")
	}
	if len(qs) == 0 {
		return infoReply("No unanswered questions so far.")
	}
	var sb strings.Builder
	sb.WriteString("Questions I couldn't answer, most asked first (no names are kept):")
	for _, q := range qs {
		fmt.Fprintf(&sb, "\n- %q: asked %d time%s, last %s", q.Question, q.Count, plural(q.Count), q.LastSeen.Format("2 Jan 2006"))
	}
	return infoReply(sb.String())
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

func (b *Bot) settingsCommand(ctx context.Context, req Request, args []string) Reply {
	t := req.Tenant
	if t == nil {
		return errorReply("Settings belong to a group; there is no group here.")
	}
	if len(args) == 0 {
		return infoReply(describeSettings(t))
	}
	if !b.isModerator(req) {
		return errorReply("Only moderators can change settings. You can see them with /waymark settings.")
	}
	// Each change touches only its own setting, applied to the row as it
	// is in the database now: the copy in req.Tenant may be stale (read
	// before another change, here or on another replica), and saving it
	// whole would undo that change.
	var change func(t *Tenant)
	key := strings.ToLower(args[0])
	val := strings.Join(args[1:], " ")
	switch key {
	case "timezone", "time-zone", "tz":
		if val == "" {
			return errorReply("Usage: /waymark settings timezone Europe/London")
		}
		if _, err := time.LoadLocation(val); err != nil || !strings.Contains(val, "/") && val != "UTC" {
			return errorReply(fmt.Sprintf("%q is not a time zone I know. Use a name like Europe/London.", val))
		}
		change = func(t *Tenant) { t.Timezone = val }
	case "jurisdiction", "nation":
		j := strings.ReplaceAll(strings.ToLower(val), " ", "-")
		if !contains(knowledge.Jurisdictions, j) {
			return errorReply(fmt.Sprintf("Choose one of: %s.", strings.Join(knowledge.Jurisdictions, ", ")))
		}
		change = func(t *Tenant) { t.Jurisdiction = j }
	case "safeguarding-lead", "lead":
		if val == "" {
			return errorReply("Usage: /waymark settings safeguarding-lead <user> (or none)")
		}
		lead := ""
		if !strings.EqualFold(val, "none") {
			lead = cleanUserRef(val)
		}
		change = func(t *Tenant) { t.Settings.SafeguardingLead = lead }
	case "reminder-hour":
		h, err := strconv.Atoi(val)
		if err != nil || h < 0 || h > 23 {
			return errorReply("Usage: /waymark settings reminder-hour 9 (a whole hour from 0 to 23)")
		}
		change = func(t *Tenant) { t.Settings.ReminderHour = &h }
	case "digest":
		on := strings.EqualFold(val, "on")
		if !on && !strings.EqualFold(val, "off") {
			return errorReply("Usage: /waymark settings digest on|off (the moderators' weekly digest)")
		}
		change = func(t *Tenant) { t.Settings.DigestOff = !on }
	case "moderators":
		if len(args) != 3 || (args[1] != "add" && args[1] != "remove") {
			return errorReply("Usage: /waymark settings moderators add|remove <user>")
		}
		user, add := cleanUserRef(args[2]), args[1] == "add"
		change = func(t *Tenant) {
			t.Settings.Moderators = slices.DeleteFunc(t.Settings.Moderators, func(m string) bool { return m == user })
			if add {
				t.Settings.Moderators = append(t.Settings.Moderators, user)
			}
		}
	default:
		return errorReply(fmt.Sprintf("I don't know the setting %q. Settings are timezone, jurisdiction, safeguarding-lead, reminder-hour, moderators and digest.", args[0]))
	}
	updated, err := b.store.ChangeTenant(ctx, t.ID, func(t *Tenant) error { change(t); return nil })
	if err != nil {
		b.log.ErrorContext(ctx, "update settings", "tenant", t.ID, "err", err)
		return errorReply("I couldn't save that setting just now; nothing was changed. Please try again.")
	}
	*req.Tenant = *updated
	return infoReply("Saved.\n\n" + describeSettings(updated))
}

// cleanUserRef accepts a bare id or a platform mention (<@U123>, <@!123>).
func cleanUserRef(s string) string {
	s = strings.TrimSpace(s)
	s = strings.TrimPrefix(s, "<@")
	s = strings.TrimPrefix(s, "!")
	s = strings.TrimSuffix(s, ">")
	if i := strings.IndexByte(s, '|'); i >= 0 {
		s = s[:i]
	}
	return strings.TrimPrefix(s, "@")
}

func describeSettings(t *Tenant) string {
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
	return fmt.Sprintf("Settings for %s:\n- Time zone: %s\n- Nation: %s\n- Safeguarding lead: %s\n- Reminder hour: %02d:00\n- Moderators: %s\n- Moderators' weekly digest: %s",
		t.Name, t.Location().String(), knowledge.JurisdictionName(t.Jurisdiction), lead, hour, mods, digest)
}

// Forgotten is what a feature did with a person's data on forget-me, in
// plain words for the person.
type Forgotten struct {
	// Deleted: "3 check-ins and your check-in settings".
	Deleted []string
	// Kept says what stays and why: "the deadline you added (AGM), without
	// your name: it is the group's".
	Kept []string
}

// PersonalData is implemented by features that keep data about a person
// (check-ins, deadlines they own); forget-me asks each to delete it.
type PersonalData interface {
	// ForgetUser deletes everything about the user in the tenant, or
	// takes their id off what must stay, and says which.
	ForgetUser(ctx context.Context, tenantID int64, userID string) (Forgotten, error)
}

// AddPersonalData registers a feature's personal data for forget-me.
func (b *Bot) AddPersonalData(p PersonalData) { b.personal = append(b.personal, p) }

// forgetMe deletes or unlinks everything Waymark holds about the person in
// this group, and says exactly what went and what was kept and why: the
// features' data (check-ins, deadlines), their id in the settings
// (safeguarding lead, moderators), as the installer and as the author of
// knowledge entries. A check that no table holds their id afterwards is
// in internal/jobs/forget_test.go.
func (b *Bot) forgetMe(ctx context.Context, req Request, _ []string) Reply {
	if req.Tenant == nil || req.UserID == "" {
		return errorReply("I can't tell who you are here, so there is nothing to forget.")
	}
	fail := func(what string, err error) Reply {
		b.log.ErrorContext(ctx, "forget user", "tenant", req.Tenant.ID, "step", what, "err", err)
		return errorReply("Something went wrong while deleting your data, so I stopped. Please try again; if it keeps failing, tell a moderator.")
	}
	var all Forgotten
	for _, p := range b.personal {
		f, err := p.ForgetUser(ctx, req.Tenant.ID, req.UserID)
		if err != nil {
			return fail("feature data", err)
		}
		all.Deleted = append(all.Deleted, f.Deleted...)
		all.Kept = append(all.Kept, f.Kept...)
	}
	var removed []string
	var wasLead bool
	updated, err := b.store.ChangeTenant(ctx, req.Tenant.ID, func(t *Tenant) error {
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
		if n := b.tellLeadUnset(ctx, updated, req.UserID); n > 0 {
			lead += fmt.Sprintf("I've told the %d moderator%s listed in the settings that the lead is no longer set, without saying why", n, plural(n))
		} else {
			lead += "No moderators are listed in the settings for me to tell, so please let your workspace admins know"
		}
		removed = append([]string{lead}, removed...)
	}
	traces, err := b.store.ForgetTraces(ctx, req.Tenant.ID, req.UserID)
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
	r := infoReply(sb.String())
	r.Private = true
	return r
}

// tellLeadUnset tells the moderators listed in the settings, other than
// the person leaving, that the group has no safeguarding lead now, and
// returns how many it told. Who asked to be forgotten is not said.
// Workspace admins who are moderators only through the platform are not
// listed anywhere Waymark can read; the settings show the lead unset.
func (b *Bot) tellLeadUnset(ctx context.Context, t *Tenant, leaving string) int {
	if b.notifier == nil {
		return 0
	}
	told := 0
	msg := Reply{Kind: KindInfo, Private: true, Text: "Waymark: the group's safeguarding lead is no longer set, so crisis alerts go to no one until a moderator names a new lead with /waymark settings safeguarding-lead @name."}
	for _, m := range t.Settings.Moderators {
		if m == leaving {
			continue
		}
		if err := b.notifier.DirectMessage(ctx, t, m, msg); err != nil {
			b.log.WarnContext(ctx, "tell a moderator the safeguarding lead is unset", "tenant", t.ID, "err", err)
			continue
		}
		told++
	}
	return told
}

// ActionFunc handles a feature's button click.
type ActionFunc func(ctx context.Context, req Request, action, value string) Reply

// RegisterAction routes button actions starting with prefix (such as
// "checkin.") to a feature. It must be called before the bot serves.
func (b *Bot) RegisterAction(prefix string, fn ActionFunc) {
	if b.actions == nil {
		b.actions = map[string]ActionFunc{}
	}
	b.actions[prefix] = fn
}

// Action handles a button click.
func (b *Bot) Action(ctx context.Context, req Request, action, value string) Reply {
	req, value = cleanRequest(req), CleanText(value)
	for prefix, fn := range b.actions {
		if strings.HasPrefix(action, prefix) {
			return fn(ctx, req, action, value)
		}
	}
	switch action {
	case ActionHelpful, ActionNotHelpful:
		if fr, ok := b.store.(FeedbackRecorder); ok && req.Tenant != nil {
			if err := fr.RecordFeedback(ctx, req.Tenant.ID, value, action == ActionHelpful, b.now().UTC()); err != nil {
				b.log.ErrorContext(ctx, "record feedback", "tenant", req.Tenant.ID, "err", err)
			}
		}
		r := infoReply("Thanks for letting us know. Feedback is anonymous and helps moderators keep entries right.")
		r.Private = true
		return r
	case ActionRelated:
		e := b.Entry(ctx, req.Tenant, value)
		if e == nil {
			return errorReply("That entry is no longer in the knowledge base.")
		}
		hits := b.indexFor(ctx, req.Tenant).Search(e.Title+" "+strings.Join(e.Tags, " "), knowledge.SearchOptions{Jurisdiction: b.jurisdiction(req), Limit: 5})
		var sb strings.Builder
		sb.WriteString("Related entries:")
		for _, h := range hits {
			if h.Entry.ID != e.ID {
				fmt.Fprintf(&sb, "\n- %s (/waymark kb show %s)", h.Entry.Title, h.Entry.ID)
			}
		}
		r := infoReply(sb.String())
		r.Private = true
		return r
	case ActionShow:
		return b.showEntry(ctx, req, value)
	}
	return errorReply("That button is no longer available.")
}

// FeedbackRecorder stores anonymous helpful/not-helpful votes per entry.
type FeedbackRecorder interface {
	RecordFeedback(ctx context.Context, tenantID int64, entryID string, helpful bool, at time.Time) error
}
