package bot

import (
	"context"
	"fmt"
	"strings"
)

// Form asks the platform to open a form (a Slack modal, a Discord modal)
// for the person who asked. It is platform-neutral: an adapter that can
// open forms says so in Request.FormFieldMax, and renders this its own
// way. A feature sets it only when the request says forms can be opened,
// and sets Reply.Text too: what the person reads if the platform fails to
// open the form after all (a Slack trigger expires in three seconds).
type Form struct {
	// ID routes the submission back to the feature that registered its
	// prefix (see RegisterForm), as Button.Action does for clicks.
	ID string
	// Value travels with the form and comes back with the submission,
	// e.g. the entry id. Keep ID and Value under 90 bytes together:
	// Discord carries both in a custom_id of at most 100.
	Value string
	// Title is shown at the top; platforms cut it short (Slack: 24).
	Title string
	// Submit labels the submit button, where the platform has one.
	Submit string
	Fields []FormField
}

// FormField is one text field of a form.
type FormField struct {
	// ID names the field's value in the submission.
	ID string
	// Label is short: Discord allows 45 characters.
	Label string
	// Value prefills the field.
	Value     string
	Multiline bool
	// MaxLength is the most characters the field takes; never more than
	// the request's FormFieldMax.
	MaxLength int
}

// Longest text a form field holds on each platform that has forms.
const (
	FormFieldMaxSlack   = 3000 // plain_text_input max_length
	FormFieldMaxDiscord = 4000 // text input max_length
)

// FormSubmission is what a person sent from a form.
type FormSubmission struct {
	// Form and Value are the Form's ID and Value, as the platform
	// returned them: a forged submission can put anything here, so a
	// handler checks who is submitting and what, as for a command.
	Form   string
	Value  string
	Fields map[string]string
}

// FormFunc handles a feature's form submission. A refusal that is about
// what was typed sets Reply.FieldErrors, so platforms that can show it in
// the form keep the form open.
type FormFunc func(ctx context.Context, req Request, sub FormSubmission) Reply

// RegisterForm routes submissions of forms whose ID starts with prefix
// (such as "kb.") to a feature. It must be called before the bot serves.
func (b *Bot) RegisterForm(prefix string, fn FormFunc) error {
	if prefix == "" || fn == nil {
		return fmt.Errorf("register form %q: a prefix and a func are required", prefix)
	}
	for p := range b.forms {
		if strings.HasPrefix(p, prefix) || strings.HasPrefix(prefix, p) {
			return fmt.Errorf("register form %q: overlaps %q", prefix, p)
		}
	}
	b.forms[prefix] = fn
	return nil
}

// Submit handles a form submission. Unlike a message it is not read by
// the crisis screen: it is a moderator's edit to an entry, whose subject
// is often crisis and safeguarding, not something a person is telling
// Waymark about themselves.
func (b *Bot) Submit(ctx context.Context, req Request, sub FormSubmission) Reply {
	req = cleanRequest(req)
	sub.Form, sub.Value = CleanText(sub.Form), CleanText(sub.Value)
	fields := make(map[string]string, len(sub.Fields))
	for k, v := range sub.Fields {
		fields[CleanText(k)] = CleanText(strings.ReplaceAll(v, "\r\n", "\n"))
	}
	sub.Fields = fields
	for prefix, fn := range b.forms {
		if strings.HasPrefix(sub.Form, prefix) {
			return fn(ctx, req, sub)
		}
	}
	return ErrorReply("That form is no longer available.")
}
