package console_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/waymark-org/waymark/bot"
)

// TestApprovalBySecondModerator: with the group's approval setting on, a
// publish from the Edit page waits; its author cannot approve it, another
// group's moderator cannot reach it, another moderator of the group can,
// and only then do answers change. A rejection and a pending revert leave
// answers alone.
func TestApprovalBySecondModerator(t *testing.T) {
	eachDialect(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		if _, err := f.db.ChangeTenant(ctx, f.a.ID, func(tn *bot.Tenant) error { tn.Settings.Approval = true; return nil }); err != nil {
			t.Fatal(err)
		}
		author, other, elsewhere := f.signIn(t, f.a, "U1"), f.signIn(t, f.a, "U2"), f.signIn(t, f.b, "UB")
		ask := func() bot.Reply {
			return f.core.Handle(ctx, bot.Request{Tenant: f.a, UserID: "U9", Text: "do we legally have to have an annual general meeting?"})
		}
		latest := func() bot.EntryVersion {
			t.Helper()
			h, err := f.db.EntryHistory(ctx, bot.GroupScope(f.a.ID), agm)
			if err != nil || len(h) == 0 {
				t.Fatalf("history: %+v, %v", h, err)
			}
			return h[0]
		}

		good := entryForm(t, agm, "OUR GROUP'S AGM RULE: we meet every May.")
		good.Set("action", "publish")
		if code, _ := author.post(t, "/console/edit", good); code != http.StatusSeeOther {
			t.Fatalf("publish: %d", code)
		}
		if v := latest(); v.State != bot.StatePending || v.CreatedBy != "U1" {
			t.Fatalf("published with approval on = %+v; want pending by U1", v)
		}
		if r := ask(); r.Layer != bot.LayerBuiltIn {
			t.Fatalf("a pending publish changed the answer: %q %q", r.Layer, r.Text)
		}

		// Who sees what: the author is told to wait, another moderator
		// gets the buttons, and the other group sees nothing of it.
		pages := []struct {
			name, path string
			u          *user
			want, not  []string
		}{
			{"author's edit page", "/console/edit?id=" + agm, author, []string{"Waiting for approval", "another moderator must approve it", `id="reject-1"`}, []string{`id="approve-1"`}},
			{"other's edit page", "/console/edit?id=" + agm, other, []string{"Waiting for approval", `id="approve-1"`, `id="reject-1"`}, nil},
			{"today", "/console/", other, []string{"Waiting for approval", agm + "</a> — version 1 (publish) by U1"}, nil},
			{"history", "/console/history?id=" + agm + "&layer=group", other, []string{"waiting for approval"}, []string{`id="revert-1"`}},
			{"other group's today", "/console/", elsewhere, nil, []string{"Waiting for approval"}},
			{"other group's edit page", "/console/edit?id=" + agm, elsewhere, nil, []string{"Waiting for approval", "approve-1"}},
		}
		for _, p := range pages {
			code, body := p.u.get(t, p.path)
			if code != http.StatusOK {
				t.Errorf("%s: %d", p.name, code)
			}
			for _, w := range p.want {
				if !strings.Contains(body, w) {
					t.Errorf("%s lacks %q", p.name, w)
				}
			}
			for _, w := range p.not {
				if strings.Contains(body, w) {
					t.Errorf("%s shows %q", p.name, w)
				}
			}
		}

		noToken := *other
		noToken.csrf = ""
		refusals := []struct {
			name string
			u    *user
			form url.Values
			want int
		}{
			{"author approves", author, url.Values{"id": {agm}, "version": {"1"}, "decision": {"approve"}}, http.StatusForbidden},
			{"other group approves", elsewhere, url.Values{"id": {agm}, "version": {"1"}, "decision": {"approve"}}, http.StatusNotFound},
			{"no CSRF token", &noToken, url.Values{"id": {agm}, "version": {"1"}, "decision": {"approve"}}, http.StatusForbidden},
			{"no decision", other, url.Values{"id": {agm}, "version": {"1"}}, http.StatusBadRequest},
		}
		for _, tt := range refusals {
			if code, _ := tt.u.post(t, "/console/decide", tt.form); code != tt.want {
				t.Errorf("%s: %d; want %d", tt.name, code, tt.want)
			}
			if r := ask(); r.Layer != bot.LayerBuiltIn {
				t.Fatalf("%s changed the answer: %q", tt.name, r.Layer)
			}
		}

		if code, _ := other.post(t, "/console/decide", url.Values{"id": {agm}, "version": {"1"}, "decision": {"approve"}}); code != http.StatusSeeOther {
			t.Fatalf("another moderator approves: %d", code)
		}
		if r := ask(); r.Layer != bot.LayerGroup || !strings.Contains(r.Text, "OUR GROUP'S AGM RULE") {
			t.Fatalf("after approval: %q %q", r.Layer, r.Text)
		}
		if v := latest(); v.State != bot.StatePublished || v.Action != bot.ActionApprove || v.CreatedBy != "U2" {
			t.Errorf("approved version = %+v", v)
		}
		_, body := other.get(t, "/console/history?id="+agm+"&layer=group")
		for _, w := range []string{"publish, approved, by U1", "approve, published, by U2", `<span class="badge">current</span>`} {
			if !strings.Contains(body, w) {
				t.Errorf("history after approval lacks %q", w)
			}
		}
		if code, _ := other.post(t, "/console/decide", url.Values{"id": {agm}, "version": {"1"}, "decision": {"reject"}}); code != http.StatusConflict {
			t.Errorf("deciding it again: %d", code)
		}

		// A rejected publish, and a revert waiting for approval, leave the
		// approved text in answers.
		next := entryForm(t, agm, "A WORSE AGM RULE.")
		next.Set("action", "publish")
		next.Set("version", "2")
		if code, _ := author.post(t, "/console/edit", next); code != http.StatusSeeOther {
			t.Fatalf("second publish: %d", code)
		}
		if code, _ := other.post(t, "/console/decide", url.Values{"id": {agm}, "version": {"3"}, "decision": {"reject"}}); code != http.StatusSeeOther {
			t.Fatalf("reject: %d", code)
		}
		if v := latest(); v.Version != 3 || v.State != bot.StateRejected {
			t.Errorf("rejected version = %+v", v)
		}
		if code, _ := author.post(t, "/console/revert", url.Values{"id": {agm}, "layer": {"group"}, "version": {"3"}}); code != http.StatusSeeOther {
			t.Fatalf("revert: %d", code)
		}
		if v := latest(); v.Version != 4 || v.State != bot.StatePending || v.Action != bot.ActionRevert {
			t.Errorf("revert with approval on = %+v", v)
		}
		if r := ask(); !strings.Contains(r.Text, "OUR GROUP'S AGM RULE") {
			t.Errorf("after reject and a pending revert: %q", r.Text)
		}
	})
}
