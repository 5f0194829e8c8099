package moderation_test

import (
	"context"
	"strings"
	"testing"

	"github.com/waymark-org/waymark/bot"
	"github.com/waymark-org/waymark/internal/store"
	"github.com/waymark-org/waymark/internal/store/storetest"
)

// TestKBEditForm: where the platform can open a form, kb edit opens one
// with the entry's source; a submission is linted as kb lint lints, saved
// as a new published version by the moderator, and refused to anyone
// else.
func TestKBEditForm(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		b, links := consoleBot(t, db)
		tn := storetest.Tenant(t, db, "slack", "T1")
		// An entry whose front matter fits a Slack form field; most
		// entries' front matter, with their many alternative questions,
		// no longer does, and those go to the console (tested below).
		const id = "funding/gift-aid-small-donations-scheme"
		submitFields := func(mod bool, user, value, front, body string) bot.Reply {
			t.Helper()
			return b.Submit(ctx, bot.Request{Tenant: tn, UserID: user, Moderator: mod},
				bot.FormSubmission{Form: "kb.edit", Value: value, Fields: map[string]string{"front": front, "body": body}})
		}
		cmd := func(mod bool, max int) bot.Reply {
			t.Helper()
			return b.Handle(ctx, bot.Request{Tenant: tn, UserID: "U1", Moderator: mod, Command: true, Text: "kb edit " + id, FormFieldMax: max})
		}

		r := cmd(false, bot.FormFieldMaxSlack)
		if r.Form != nil || !strings.Contains(r.Text, "Only moderators") {
			t.Fatalf("kb edit by a non-moderator: %+v", r)
		}
		r = cmd(true, bot.FormFieldMaxSlack)
		if r.Form == nil || len(r.Form.Fields) != 2 || !r.Private {
			t.Fatalf("kb edit with forms: %+v", r)
		}
		f := r.Form
		front, body := f.Fields[0], f.Fields[1]
		if front.ID != "front" || !strings.Contains(front.Value, "id: "+id) || strings.Contains(front.Value, "---") || body.ID != "body" || body.Value == "" {
			t.Fatalf("form fields: %+v", f.Fields)
		}
		for _, fl := range f.Fields {
			if fl.MaxLength != bot.FormFieldMaxSlack || !fl.Multiline {
				t.Errorf("form field: %+v", fl)
			}
		}
		if len(links.next) != 0 {
			t.Errorf("a form and a console link: %v", links.next)
		}
		// Too long for the form: the console, and why.
		if r := cmd(true, 100); r.Form != nil || !strings.Contains(r.Text, "more than a form here can hold (100)") || len(links.next) != 1 {
			t.Errorf("kb edit of a long entry: %+v", r)
		}
		// No forms (the terminal): the console link, as before.
		if r := cmd(true, 0); r.Form != nil || len(links.next) != 2 || links.next[1] != "/console/edit?id=funding%2Fgift-aid-small-donations-scheme" {
			t.Errorf("kb edit without forms: %+v, %v", r, links.next)
		}

		edited := "OUR GROUP'S OWN WORDING. " + body.Value
		submit := func(mod bool, user, value, text string) bot.Reply {
			t.Helper()
			return submitFields(mod, user, value, front.Value, text)
		}
		for _, c := range []struct {
			name, user, value, front, body, want string
			mod                                  bool
			// field is where the error shows in the form, "" if not there.
			field string
		}{
			{"a forged submission by a non-moderator", "U9", f.Value, front.Value, edited, "Only moderators", false, ""},
			{"a body too short", "U1", f.Value, front.Value, "Too short.", "body has 2 words; want 120 to 450", true, "body"},
			{"an id changed", "U1", f.Value, strings.Replace(front.Value, "id: "+id, "id: governance/other", 1), edited, `does not match the file path; want "` + id + `"`, true, "front"},
			{"front matter that is not YAML", "U1", f.Value, "title: [unclosed", edited, "funding/gift-aid-small-donations-scheme.md:1: error:", true, "front"},
			{"an entry that does not exist", "U1", "governance/no-such-entry@0", front.Value, edited, "out of date", true, ""},
			{"a value that is not ours", "U1", "nonsense", front.Value, edited, "out of date", true, ""},
			{"another form", "U1", f.Value, front.Value, edited, "out of date", true, ""},
		} {
			var r bot.Reply
			if c.name == "another form" {
				r = b.Submit(ctx, bot.Request{Tenant: tn, UserID: "U1", Moderator: true}, bot.FormSubmission{Form: "nope.edit", Value: f.Value})
				c.want = "no longer available"
			} else {
				r = submitFields(c.mod, c.user, c.value, c.front, c.body)
			}
			if r.Kind != bot.KindError || !strings.Contains(r.Text, c.want) || (c.field != "" && !strings.Contains(r.FieldErrors[c.field], c.want)) || (c.field == "" && len(r.FieldErrors) > 0) {
				t.Errorf("%s: %+v", c.name, r)
			}
			if h, err := db.EntryHistory(ctx, bot.GroupScope(tn.ID), id); err != nil || len(h) != 0 {
				t.Fatalf("%s saved something: %+v, %v", c.name, h, err)
			}
		}

		r = submit(true, "U1", f.Value, edited)
		if r.Kind != bot.KindInfo || !r.Private || !strings.Contains(r.Text, "version 1") {
			t.Fatalf("a good edit: %+v", r)
		}
		if e := b.Entry(ctx, tn, id); e == nil || !strings.HasPrefix(e.Body, "OUR GROUP'S OWN WORDING.") {
			t.Errorf("entry after the edit: %+v", e)
		}
		if r := b.Handle(ctx, bot.Request{Tenant: tn, UserID: "U1", Moderator: true, Command: true, Text: "kb history " + id}); !strings.Contains(r.Text, "- 1: edit (published) by U1") {
			t.Errorf("kb history: %q", r.Text)
		}
		// The same form sent again is now out of date.
		if r := submit(true, "U1", f.Value, edited); !strings.Contains(r.Text, "Someone saved") || r.FieldErrors["body"] == "" {
			t.Errorf("a stale edit: %+v", r)
		}
		// A reopened form starts from the group's own version.
		if r := cmd(true, bot.FormFieldMaxSlack); r.Form == nil || r.Form.Value != id+"@1" || !strings.HasPrefix(r.Form.Fields[1].Value, "OUR GROUP'S OWN WORDING.") {
			t.Errorf("reopened form: %+v", r.Form)
		}
	})
}
