package library_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/waymark-org/waymark/assistant"
	"github.com/waymark-org/waymark/assistant/assistanttest"
	"github.com/waymark-org/waymark/bot"
	"github.com/waymark-org/waymark/feature/library"
	"github.com/waymark-org/waymark/internal/store/storetest"
)

// withShort returns a built-in entry's source with its short answer
// replaced, so an answer shows which layer's text it used.
func withShort(t *testing.T, id, short string) string {
	t.Helper()
	for _, e := range assistanttest.Base(t) {
		if e.ID == id {
			c := *e
			c.Body = short + "\n\n" + c.Detail()
			src, err := c.Marshal()
			if err != nil {
				t.Fatal(err)
			}
			return string(src)
		}
	}
	t.Fatalf("no built-in entry %s", id)
	return ""
}

// TestAnswersPreferGroupThenNetworkThenBuiltIn runs two cores on one
// database, as two replicas: an edit published through one is answered
// from by the other on the very next question, with no cache to wait out.
func TestAnswersPreferGroupThenNetworkThenBuiltIn(t *testing.T) {
	for _, dialect := range storetest.Dialects(t) {
		t.Run(dialect, func(t *testing.T) {
			ctx := context.Background()
			db := storetest.Open(t, dialect)
			base := assistanttest.Base(t)
			replica1, err := assistant.New(assistant.Config{Store: db, Base: base})
			if err != nil {
				t.Fatal(err)
			}
			replica2, err := assistant.New(assistant.Config{Store: db, Base: base})
			if err != nil {
				t.Fatal(err)
			}
			tn, err := db.EnsureTenant(ctx, "slack", "T1", "Group one")
			if err != nil {
				t.Fatal(err)
			}
			other, err := db.EnsureTenant(ctx, "slack", "T2", "Group two")
			if err != nil {
				t.Fatal(err)
			}
			const id = "governance/agm-quorum-and-minutes"
			ask := func(b *assistant.Assistant, tn *bot.Tenant) bot.Reply {
				t.Helper()
				r := b.Handle(ctx, bot.Request{Tenant: tn, UserID: "U1", Text: "do we legally have to have an annual general meeting?"})
				if r.EntryID != id {
					t.Fatalf("answered from %q: %s", r.EntryID, r.Text)
				}
				return r
			}
			if r := ask(replica2, tn); r.Layer != bot.LayerBuiltIn {
				t.Errorf("before any edit: layer %q", r.Layer)
			}
			if _, err := db.SaveEntryVersion(ctx, bot.NewEntryVersion{Scope: bot.NetworkScope(), EntryID: id, Source: withShort(t, id, "NETWORK TEXT about AGMs."), By: "N1", Publish: true}); err != nil {
				t.Fatal(err)
			}
			r := ask(replica2, tn)
			if r.Layer != bot.LayerNetwork || !strings.Contains(r.Text, "NETWORK TEXT") || !strings.Contains(r.Text, "your network's entry") {
				t.Errorf("after a network edit: layer %q, text %q", r.Layer, r.Text)
			}
			if _, err := replica1.Library.RevertEntry(ctx, bot.NetworkScope(), id, 1, "N1", false); err != nil {
				t.Fatal(err)
			}
			if _, err := db.SaveEntryVersion(ctx, bot.NewEntryVersion{Scope: bot.GroupScope(tn.ID), EntryID: id, Source: withShort(t, id, "GROUP TEXT about AGMs."), By: "U1", Publish: true}); err != nil {
				t.Fatal(err)
			}
			r = ask(replica2, tn)
			if r.Layer != bot.LayerGroup || !strings.Contains(r.Text, "GROUP TEXT") || !strings.Contains(r.Text, "your group's own entry") {
				t.Errorf("after a group edit: layer %q, text %q", r.Layer, r.Text)
			}
			// The other group sees the network's text, never this group's.
			r = ask(replica2, other)
			if r.Layer != bot.LayerNetwork || strings.Contains(r.Text, "GROUP TEXT") {
				t.Errorf("another group: layer %q, text %q", r.Layer, r.Text)
			}
			// A draft changes nothing in answers.
			if _, err := db.SaveEntryVersion(ctx, bot.NewEntryVersion{Scope: bot.GroupScope(tn.ID), EntryID: id, Source: withShort(t, id, "DRAFT TEXT."), By: "U1"}); err != nil {
				t.Fatal(err)
			}
			if r := ask(replica2, tn); strings.Contains(r.Text, "DRAFT TEXT") {
				t.Errorf("a draft was answered from: %q", r.Text)
			}
			// Reviewing sets the reviewed date as a new version.
			v, err := replica1.Library.ReviewEntry(ctx, bot.GroupScope(tn.ID), id, "U2")
			if err != nil || v.Action != bot.ActionReview || !strings.Contains(v.Source, "GROUP TEXT") {
				t.Fatalf("review = %+v, %v", v, err)
			}
			if _, err := replica1.Library.ReviewEntry(ctx, bot.GroupScope(other.ID), id, "U2"); err == nil {
				t.Error("reviewing an entry the group does not have succeeded")
			}
		})
	}
}

// An answer from an entry past its review date says so.
func TestAnswersFromOverdueEntriesSaySo(t *testing.T) {
	db := storetest.Open(t, "sqlite")
	ctx := context.Background()
	later := mustDate(t, "2031-01-01")
	b, err := assistant.New(assistant.Config{Store: db, Base: assistanttest.Base(t), Now: func() time.Time { return later }})
	if err != nil {
		t.Fatal(err)
	}
	tn, err := db.EnsureTenant(ctx, "slack", "T1", "Group one")
	if err != nil {
		t.Fatal(err)
	}
	r := b.Handle(ctx, bot.Request{Tenant: tn, Text: "do we legally have to have an annual general meeting?"})
	if !strings.Contains(r.Text, "was due to be checked again on") || !strings.HasSuffix(r.Text, bot.Disclaimer) {
		t.Errorf("overdue answer: %q", r.Text)
	}
}

func TestMarkReviewedSource(t *testing.T) {
	day := mustDate(t, "2026-12-07")
	got, err := library.MarkReviewedSource("---\nid: a/b\nreviewed: 2025-01-01\n---\nreviewed: not this\n", day)
	if err != nil || got != "---\nid: a/b\nreviewed: 2026-12-07\n---\nreviewed: not this\n" {
		t.Errorf("got %q, %v", got, err)
	}
	got, err = library.MarkReviewedSource("---\nid: a/b\n---\nbody\n", day)
	if err != nil || got != "---\nid: a/b\nreviewed: 2026-12-07\n---\nbody\n" {
		t.Errorf("without a reviewed line: got %q, %v", got, err)
	}
	if _, err := library.MarkReviewedSource("no front matter", day); err == nil {
		t.Error("no error without front matter")
	}
}

func mustDate(t *testing.T, s string) time.Time {
	t.Helper()
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}
