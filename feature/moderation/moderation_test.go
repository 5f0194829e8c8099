package moderation_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/waymark-org/waymark/assistant"
	"github.com/waymark-org/waymark/assistant/assistanttest"
	"github.com/waymark-org/waymark/bot"
	"github.com/waymark-org/waymark/internal/store"
	"github.com/waymark-org/waymark/internal/store/storetest"
	"github.com/waymark-org/waymark/knowledge"
)

// fakeLinks records the links asked for.
type fakeLinks struct {
	next []string
	via  []bot.ModeratorVia
}

func (f *fakeLinks) SignInLink(_ context.Context, t *bot.Tenant, user string, via bot.ModeratorVia, next string) (string, error) {
	f.next = append(f.next, next)
	f.via = append(f.via, via)
	return "https://waymark.example/console/signin?t=secret-for-" + user, nil
}

// consoleBot is a whole Waymark on db whose console links are recorded.
func consoleBot(t *testing.T, db *store.DB) (*assistant.Assistant, *fakeLinks) {
	t.Helper()
	b, err := assistant.New(assistant.Config{Store: db, Base: assistanttest.Base(t)})
	if err != nil {
		t.Fatal(err)
	}
	links := &fakeLinks{}
	if err := b.EnableConsole(links, "/console"); err != nil {
		t.Fatal(err)
	}
	return b, links
}

func TestModeratorChatCommands(t *testing.T) {
	for _, dialect := range storetest.Dialects(t) {
		t.Run(dialect, func(t *testing.T) {
			ctx := context.Background()
			db := storetest.Open(t, dialect)
			b, links := consoleBot(t, db)
			tn, err := db.EnsureTenant(ctx, "slack", "T1", "Group one")
			if err != nil {
				t.Fatal(err)
			}
			const id = "governance/agm-quorum-and-minutes"
			run := func(mod bool, text string) bot.Reply {
				t.Helper()
				return b.Handle(ctx, bot.Request{Tenant: tn, UserID: "U1", Moderator: mod, Command: true, Text: text})
			}
			for _, cmd := range []string{"console", "kb edit " + id, "kb history " + id, "kb revert " + id + " 1", "kb review " + id} {
				if r := run(false, cmd); r.Kind != bot.KindError || !strings.Contains(r.Text, "Only moderators") {
					t.Errorf("%q by a non-moderator: %q", cmd, r.Text)
				}
			}
			if len(links.next) != 0 {
				t.Fatalf("a non-moderator got a link: %v", links.next)
			}
			r := run(true, "console")
			if !r.Private || !strings.Contains(r.Text, "signin?t=secret-for-U1") || !strings.Contains(r.Text, "works once, for 10 minutes") {
				t.Errorf("console link: %+v", r)
			}
			r = run(true, "kb edit "+id)
			if !r.Private || len(links.next) != 2 || links.next[1] != "/console/edit?id=governance%2Fagm-quorum-and-minutes" {
				t.Errorf("kb edit: %+v, next %v", r, links.next)
			}
			// A moderator by the group's settings list gets a link that
			// says so, for the console to check again.
			tn.Settings.Moderators = []string{"U1"}
			if r := run(false, "console"); !r.Private {
				t.Errorf("console link for a listed moderator: %+v", r)
			}
			tn.Settings.Moderators = nil
			if want := []bot.ModeratorVia{bot.ViaPlatform, bot.ViaPlatform, bot.ViaSettings}; !slices.Equal(links.via, want) {
				t.Errorf("links made via %v; want %v", links.via, want)
			}
			if r := run(true, "kb review "+id); r.Kind != bot.KindError || !strings.Contains(r.Text, "built-in") {
				t.Errorf("reviewing a built-in entry: %q", r.Text)
			}
			var src string
			for _, e := range assistanttest.Base(t) {
				if e.ID == id {
					c := *e
					c.Body = "OUR OWN TEXT.\n\n" + e.Detail()
					out, _ := c.Marshal()
					src = string(out)
				}
			}
			if _, err := db.SaveEntryVersion(ctx, bot.NewEntryVersion{Scope: bot.GroupScope(tn.ID), EntryID: id, Source: src, By: "U2", Action: bot.ActionPublish, Publish: true}); err != nil {
				t.Fatal(err)
			}
			if r := run(true, "kb review "+id); r.Kind != bot.KindInfo || !strings.Contains(r.Text, "version 2") {
				t.Errorf("kb review: %q", r.Text)
			}
			r = run(true, "kb history "+id)
			if !strings.Contains(r.Text, "- 2: review (published) by U1") || !strings.Contains(r.Text, "- 1: publish (published) by U2") {
				t.Errorf("kb history: %q", r.Text)
			}
			if r := run(true, "kb revert "+id+" 7"); r.Kind != bot.KindError || !strings.Contains(r.Text, "no version 7") {
				t.Errorf("revert to a missing version: %q", r.Text)
			}
			if r := run(true, "kb revert "+id+" 1"); !strings.Contains(r.Text, "saved as version 3") {
				t.Errorf("kb revert: %q", r.Text)
			}
			e := b.Entry(ctx, tn, id)
			if e == nil || e.Reviewed == "" || !strings.Contains(e.Body, "OUR OWN TEXT") {
				t.Errorf("entry after revert: %+v", e)
			}
			if got, _ := knowledge.Parse("x.md", []byte(src)); got.Reviewed != e.Reviewed {
				t.Errorf("revert did not restore version 1's reviewed date: %q, want %q", e.Reviewed, got.Reviewed)
			}
		})
	}
}
