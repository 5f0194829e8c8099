package moderation_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/waymark-org/waymark/bot"
	"github.com/waymark-org/waymark/internal/store"
	"github.com/waymark-org/waymark/internal/store/storetest"
)

// TestChatEditsWaitForApproval: with the group's approval setting on, a kb
// edit form and a kb revert save pending versions that answers ignore
// until another moderator approves; the author cannot approve their own.
func TestChatEditsWaitForApproval(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		b, _ := consoleBot(t, db)
		tn := storetest.Tenant(t, db, "slack", "T1")
		const id = "funding/gift-aid-small-donations-scheme" // its front matter fits a form
		say := func(user, text string) bot.Reply {
			t.Helper()
			return b.Handle(ctx, bot.Request{Tenant: tn, UserID: user, Moderator: true, Command: true, Text: text, FormFieldMax: bot.FormFieldMaxSlack})
		}
		if r := say("U1", "settings approval on"); !strings.Contains(r.Text, "Second moderator's approval: on") {
			t.Fatalf("settings approval on: %q", r.Text)
		}
		body := func() string {
			t.Helper()
			e := b.Entry(ctx, tn, id)
			if e == nil {
				t.Fatal("no entry")
			}
			return e.Body
		}
		before := body()

		form := say("U1", "kb edit "+id).Form
		if form == nil {
			t.Fatal("kb edit opened no form")
		}
		r := b.Submit(ctx, bot.Request{Tenant: tn, UserID: "U1", Moderator: true}, bot.FormSubmission{Form: "kb.edit", Value: form.Value,
			Fields: map[string]string{"front": form.Fields[0].Value, "body": "OUR GROUP'S OWN WORDING. " + form.Fields[1].Value}})
		if r.Kind != bot.KindInfo || !strings.Contains(r.Text, "waiting for another moderator") {
			t.Fatalf("edit with approval on: %+v", r)
		}
		if body() != before {
			t.Fatal("a pending edit changed the entry")
		}
		if r := say("U1", "kb history "+id); !strings.Contains(r.Text, "- 1: edit (pending) by U1") {
			t.Errorf("kb history: %q", r.Text)
		}

		if _, err := b.Library.DecideEntry(ctx, bot.GroupScope(tn.ID), id, 1, "U1", true); !errors.Is(err, bot.ErrOwnApproval) {
			t.Errorf("author's approval: %v", err)
		}
		if _, err := b.Library.DecideEntry(ctx, bot.GroupScope(tn.ID), id, 1, "U2", true); err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(body(), "OUR GROUP'S OWN WORDING.") {
			t.Fatalf("after approval: %q", body())
		}

		// kb revert to the pending (now approved) version 1 waits too.
		if r := say("U1", "kb revert "+id+" 1"); !strings.Contains(r.Text, "waiting for another moderator") {
			t.Errorf("kb revert with approval on: %q", r.Text)
		}
		if h, err := db.EntryHistory(ctx, bot.GroupScope(tn.ID), id); err != nil || h[0].State != bot.StatePending || h[0].Action != bot.ActionRevert {
			t.Errorf("after kb revert: %+v, %v", h, err)
		}
	})
}
