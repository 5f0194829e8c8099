package moderation

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/waymark-org/waymark/bot"
	"github.com/waymark-org/waymark/knowledge"
)

// Form and field ids of the chat editor. The form's Value is
// "<entry id>@<version>": the group's latest version when the form was
// opened, so a save over someone else's newer one is refused.
//
// The source is split in two fields, front matter and body: a whole
// entry is longer than one field holds on either platform (the built-in
// ones run to 3,500 to 5,000 characters against Slack's 3,000 and
// Discord's 4,000), while each half nearly always fits.
const (
	formKBEdit = "kb.edit"
	fieldFront = "front"
	fieldBody  = "body"
)

// editForm answers `kb edit <id>` where the platform can open a form: the
// group's copy of the entry (or the copy it is answered from), as its
// Markdown source, in a form. A source whose halves do not fit goes to
// the console instead, saying why.
func (m *Moderation) editForm(ctx context.Context, req bot.Request, id string) bot.Reply {
	src, base, err := m.editSource(ctx, req.Tenant, id)
	if errors.Is(err, bot.ErrNotFound) {
		return bot.ErrorReply(fmt.Sprintf("There is no entry %q. Start a new one in the console: /waymark console.", id))
	}
	if err != nil {
		m.log.ErrorContext(ctx, "kb edit: load entry", "tenant", req.Tenant.ID, "entry", id, "err", err)
		return bot.ErrorReply("I couldn't load that entry just now. Please try again in a minute.")
	}
	const console = " so edit it in the console with this link. It works once, for 10 minutes, and only for you."
	front, body, ok := splitSource(src)
	if !ok {
		return m.consoleLink(ctx, req, m.editPath(id), fmt.Sprintf("Your group's latest version of %s has no front matter a form can show,%s", id, console))
	}
	for _, part := range []struct{ name, text string }{{"front matter", front}, {"body", body}} {
		if n := utf8.RuneCountInString(part.text); n > req.FormFieldMax {
			return m.consoleLink(ctx, req, m.editPath(id),
				fmt.Sprintf("The %s of %s is %d characters long, more than a form here can hold (%d),%s", part.name, id, n, req.FormFieldMax, console))
		}
	}
	r := bot.PrivateInfo(fmt.Sprintf("I couldn't open the editor for %s here. Edit it in the console instead: /waymark console.", id))
	r.Form = &bot.Form{
		ID:     formKBEdit,
		Value:  id + "@" + strconv.Itoa(base),
		Title:  "Edit an entry",
		Submit: "Publish",
		Fields: []bot.FormField{
			{ID: fieldFront, Label: "Front matter (YAML)", Value: front, Multiline: true, MaxLength: req.FormFieldMax},
			{ID: fieldBody, Label: "Body (Markdown)", Value: body, Multiline: true, MaxLength: req.FormFieldMax},
		},
	}
	return r
}

// splitSource cuts an entry file into its front matter and body, without
// the --- lines; joinSource puts them back.
func splitSource(src string) (front, body string, ok bool) {
	rest, ok := strings.CutPrefix(src, "---\n")
	if !ok {
		return "", "", false
	}
	if strings.HasPrefix(rest, "---\n") {
		return "", strings.TrimSpace(rest[4:]), true
	}
	front, body, ok = strings.Cut(rest, "\n---\n")
	if !ok {
		return "", "", false
	}
	return strings.TrimSpace(front), strings.TrimSpace(body), true
}

// joinSource is the entry file a form's two fields make. The platforms
// trim or keep trailing newlines as they like; a file ends with one.
func joinSource(front, body string) string {
	return "---\n" + strings.TrimSpace(front) + "\n---\n" + strings.TrimSpace(body) + "\n"
}

// editSource is the text a moderator edits: the group layer's latest
// version, as the console opens it, or else the entry the group is
// answered from. base is the group layer's latest version number, 0 when
// the group has none.
func (m *Moderation) editSource(ctx context.Context, t *bot.Tenant, id string) (src string, base int, err error) {
	hist, err := m.store.EntryHistory(ctx, bot.GroupScope(t.ID), id)
	if err != nil {
		return "", 0, fmt.Errorf("history of %s: %w", id, err)
	}
	if len(hist) > 0 {
		base = hist[0].Version
		if hist[0].State != bot.StateDeleted {
			return hist[0].Source, base, nil
		}
	}
	e, _ := m.entries.Lookup(ctx, t, id)
	if e == nil {
		return "", 0, bot.ErrNotFound
	}
	data, err := e.Marshal()
	if err != nil {
		return "", 0, err
	}
	return string(data), base, nil
}

// submitForm takes a submitted edit. Everything is checked again here, as
// if the form had never been opened: the submitter must moderate the
// group now, and the entry is saved only in their own group's layer.
func (m *Moderation) submitForm(ctx context.Context, req bot.Request, sub bot.FormSubmission) bot.Reply {
	if sub.Form != formKBEdit {
		return bot.ErrorReply("That form is no longer available.")
	}
	if !req.IsModerator() {
		return bot.ErrorReply("Only moderators can change entries; nothing was saved.")
	}
	if req.Tenant == nil {
		return bot.ErrorReply("Entries are kept per group; there is no group here.")
	}
	id, v, ok := strings.Cut(sub.Value, "@")
	base, err := strconv.Atoi(v)
	if !ok || err != nil || base < 0 || m.layer(ctx, req.Tenant, id) == "" {
		return bot.ErrorReply("That form is out of date; nothing was saved. Open the entry again with /waymark kb edit <id>.")
	}
	front := sub.Fields[fieldFront]
	src := joinSource(front, sub.Fields[fieldBody])
	_, probs := knowledge.Linter{Now: m.now()}.File(id+".md", []byte(src))
	if knowledge.HasErrors(probs) {
		// Lines from the body's first on are the body's to fix: the
		// file without a body is its lines up to the body's first.
		bodyLine := strings.Count(joinSource(front, ""), "\n")
		return refuseEdit("Nothing was saved. Fix these first (the checks of waymark kb lint):", probs, bodyLine)
	}
	scope := bot.GroupScope(req.Tenant.ID)
	hist, err := m.store.EntryHistory(ctx, scope, id)
	if err != nil {
		m.log.ErrorContext(ctx, "kb edit: history", "tenant", req.Tenant.ID, "entry", id, "err", err)
		return bot.ErrorReply("Something went wrong and nothing was saved. Please try again in a minute.")
	}
	if latest := latestVersion(hist); latest != base {
		// Saving over a version this moderator never saw would undo
		// someone else's change without a word.
		r := bot.ErrorReply(fmt.Sprintf("Someone saved %s (version %d) since you opened it, so nothing was saved. Copy your text, then open it again with /waymark kb edit %s.", id, latest, id))
		r.FieldErrors = map[string]string{fieldBody: r.Text}
		return r
	}
	pending := req.Tenant.NeedsApproval(scope)
	saved, err := m.entries.SaveEntry(ctx, bot.NewEntryVersion{Scope: scope, EntryID: id, Source: src, By: req.UserID, Action: bot.ActionEdit, Publish: true, Pending: pending})
	if err != nil {
		m.log.ErrorContext(ctx, "kb edit: save", "tenant", req.Tenant.ID, "entry", id, "err", err)
		return bot.ErrorReply("Something went wrong and nothing was saved. Please try again in a minute.")
	}
	m.log.InfoContext(ctx, "kb edit: entry saved from chat", "tenant", req.Tenant.ID, "entry", id, "version", saved.Version)
	var sb strings.Builder
	if pending {
		fmt.Fprintf(&sb, "Saved %s as version %d, waiting for another moderator to approve it in the console (your group's approval setting). Answers keep the current text until then.", id, saved.Version)
	} else {
		fmt.Fprintf(&sb, "Published %s as version %d of your group's own copy. Answers use it now. See /waymark kb history %s; undo with /waymark kb revert %s <version>.", id, saved.Version, id, id)
	}
	if len(probs) > 0 {
		sb.WriteString("\n\nWorth a look (warnings, not errors):")
		for _, p := range probs {
			sb.WriteString("\n- " + p.String())
		}
	}
	return bot.PrivateInfo(sb.String())
}

// refuseEdit lists lint errors in the reply, and against the field each
// is in: the body from line bodyLine of the file, else the front matter.
func refuseEdit(lead string, probs []knowledge.Problem, bodyLine int) bot.Reply {
	var all []string
	byField := map[string][]string{}
	for _, p := range probs {
		if p.Severity != knowledge.SevError {
			continue
		}
		all = append(all, p.String())
		field := fieldFront
		if p.Line >= bodyLine {
			field = fieldBody
		}
		byField[field] = append(byField[field], p.String())
	}
	r := bot.ErrorReply(lead + "\n- " + strings.Join(all, "\n- "))
	r.FieldErrors = map[string]string{}
	for f, lines := range byField {
		r.FieldErrors[f] = strings.Join(lines, "\n")
	}
	return r
}

func latestVersion(hist []bot.EntryVersion) int {
	if len(hist) == 0 {
		return 0
	}
	return hist[0].Version
}
