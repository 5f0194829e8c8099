package slack_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/waymark-org/waymark/adapters/slack/slackfake"
	"github.com/waymark-org/waymark/bot"
)

// editID is an entry whose front matter fits a Slack modal field (3,000
// characters); longer ones go to the console, tested in feature/moderation.
const editID = "funding/gift-aid-small-donations-scheme"

// modal is the part of a views.open view the tests read.
type modal struct {
	CallbackID      string `json:"callback_id"`
	PrivateMetadata string `json:"private_metadata"`
	Blocks          []struct {
		BlockID string `json:"block_id"`
		Element struct {
			ActionID     string `json:"action_id"`
			InitialValue string `json:"initial_value"`
			MaxLength    int    `json:"max_length"`
			Multiline    bool   `json:"multiline"`
		} `json:"element"`
	} `json:"blocks"`
}

// field is the prefilled value of a modal's field.
func (m modal) field(id string) string {
	for _, b := range m.Blocks {
		if b.BlockID == id {
			return b.Element.InitialValue
		}
	}
	return ""
}

// submitView posts a view_submission as Slack does, with fields as the
// person left them, and returns Slack's answer.
func (h *harness) submitView(team, user string, m modal, fields map[string]string) (int, string) {
	h.t.Helper()
	values := map[string]any{}
	for id, v := range fields {
		values[id] = map[string]any{id: map[string]any{"type": "plain_text_input", "value": v}}
	}
	payload, err := json.Marshal(map[string]any{
		"type":       "view_submission",
		"team":       map[string]any{"id": team, "domain": "example"},
		"user":       map[string]any{"id": user, "username": strings.ToLower(user), "name": strings.ToLower(user), "team_id": team},
		"api_app_id": "A0WAYMARK", "token": "legacy", "trigger_id": "12466734323.1395872398",
		"view": map[string]any{
			"id": "V1", "team_id": team, "type": "modal", "callback_id": m.CallbackID,
			"private_metadata": m.PrivateMetadata, "state": map[string]any{"values": values},
		},
	})
	if err != nil {
		h.t.Fatal(err)
	}
	resp := h.send(post{path: "/slack/interactions", body: "payload=" + url.QueryEscape(string(payload)), contentType: "application/x-www-form-urlencoded"})
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// TestKBEditOpensAModal: a moderator's /waymark kb edit opens a modal with
// the entry's source; a submission is linted as kb lint does and saved
// as their new version, which answers use at once; a lint error stays in
// the modal and saves nothing; a non-moderator can neither open it nor
// save with a forged submission.
func TestKBEditOpensAModal(t *testing.T) {
	eachDialect(t, func(t *testing.T, dialect string) {
		ctx := context.Background()
		h := start(t, dialect)
		h.install(team1)
		tn, err := h.db.EnsureTenant(ctx, "slack", team1.ID, "")
		if err != nil {
			t.Fatal(err)
		}
		history := func() []bot.EntryVersion {
			t.Helper()
			hist, err := h.db.EntryHistory(ctx, bot.GroupScope(tn.ID), editID)
			if err != nil {
				t.Fatal(err)
			}
			return hist
		}
		command := func(user, text, respID string) slackfake.Post {
			t.Helper()
			h.command(map[string]any{"Team": team1.ID, "Channel": "C0GENERAL", "User": user, "Text": text, "ResponseURL": h.fake.ResponseURL(respID)})
			ps := h.wait(has(func(p slackfake.Post) bool { return p.Channel == respID }))
			return one(t, ps, func(p slackfake.Post) bool { return p.Channel == respID })
		}

		// A non-moderator is refused, and no modal opens.
		if p := command("UMEMBER1", "kb edit "+editID, "member-edit"); !strings.Contains(p.Text, "Only moderators") {
			t.Fatalf("kb edit by a member: %q", p.Text)
		}
		if n := len(where(h.fake.Posts(), func(p slackfake.Post) bool { return p.Method == "views.open" })); n != 0 {
			t.Fatalf("%d modals opened for a member", n)
		}

		// The admin gets a modal, with the source prefilled.
		h.command(map[string]any{"Team": team1.ID, "Channel": "C0GENERAL", "User": "UADMIN01", "Text": "kb edit " + editID, "ResponseURL": h.fake.ResponseURL("admin-edit")})
		ps := h.wait(has(func(p slackfake.Post) bool { return p.Method == "views.open" }))
		open := one(t, ps, func(p slackfake.Post) bool { return p.Method == "views.open" })
		var m modal
		if err := json.Unmarshal([]byte(open.View), &m); err != nil {
			t.Fatalf("view: %v\n%s", err, open.View)
		}
		front, body := m.field("front"), m.field("body")
		if open.Team != team1.ID || open.TriggerID == "" || !strings.Contains(front, "id: "+editID) || !strings.Contains(body, "Gift Aid") || m.Blocks[1].Element.MaxLength != 3000 || !m.Blocks[1].Element.Multiline {
			t.Fatalf("views.open: %+v\n%s", open, open.View)
		}
		if len(where(ps, func(p slackfake.Post) bool { return p.Channel == "admin-edit" })) != 0 {
			t.Errorf("a modal and a reply: %+v", ps)
		}

		// A lint error stays in the modal, against its field.
		status, answer := h.submitView(team1.ID, "UADMIN01", m, map[string]string{"front": front, "body": "Too short."})
		var errs struct {
			ResponseAction string            `json:"response_action"`
			Errors         map[string]string `json:"errors"`
		}
		if err := json.Unmarshal([]byte(answer), &errs); status != http.StatusOK || err != nil || errs.ResponseAction != "errors" || !strings.Contains(errs.Errors["body"], "body has 2 words; want 120 to 450") {
			t.Fatalf("submission with a lint error: %d %s", status, answer)
		}
		if hist := history(); len(hist) != 0 {
			t.Fatalf("a refused edit was saved: %+v", hist)
		}

		// A forged submission by a member saves nothing; they are told so.
		edited := "OUR GROUP'S OWN WORDING. " + body
		if status, answer := h.submitView(team1.ID, "UMEMBER1", m, map[string]string{"front": front, "body": edited}); status != http.StatusOK || answer != "" {
			t.Fatalf("forged submission: %d %s", status, answer)
		}
		h.wait(has(func(p slackfake.Post) bool {
			return p.Method == "chat.postMessage" && p.Channel == "DMEMBER1" && strings.Contains(p.Text, "Only moderators")
		}))
		if hist := history(); len(hist) != 0 {
			t.Fatalf("a member's forged edit was saved: %+v", hist)
		}

		// The admin's edit closes the modal, is published, and answers use it.
		if status, answer := h.submitView(team1.ID, "UADMIN01", m, map[string]string{"front": front, "body": edited}); status != http.StatusOK || answer != "" {
			t.Fatalf("submission: %d %s", status, answer)
		}
		h.wait(has(func(p slackfake.Post) bool {
			return p.Method == "chat.postMessage" && p.Channel == "DADMIN01" && strings.Contains(p.Text, "as version 1")
		}))
		if hist := history(); len(hist) != 1 || hist[0].CreatedBy != "UADMIN01" || hist[0].State != bot.StatePublished {
			t.Fatalf("history after the edit: %+v", hist)
		}
		if p := command("UMEMBER1", "kb show "+editID, "show-after"); !strings.Contains(p.Text, "OUR GROUP'S OWN WORDING") {
			t.Errorf("kb show after the edit: %q", p.Text)
		}
		if p := command("UADMIN01", "kb history "+editID, "history-after"); !strings.Contains(p.Text, "- 1: edit (published) by UADMIN01") {
			t.Errorf("kb history after the edit: %q", p.Text)
		}
	})
}

// TestKBEditFallsBackWhenTheModalCannotOpen: a trigger that expired (a
// busy queue) gets the reply's text instead, privately.
func TestKBEditFallsBackWhenTheModalCannotOpen(t *testing.T) {
	h := start(t, "sqlite")
	h.install(team1)
	h.fake.FailViews(1)
	h.command(map[string]any{"Team": team1.ID, "Channel": "C0GENERAL", "User": "UADMIN01", "Text": "kb edit " + editID, "ResponseURL": h.fake.ResponseURL("expired")})
	ps := h.wait(has(func(p slackfake.Post) bool { return p.Channel == "expired" }))
	p := one(t, ps, func(p slackfake.Post) bool { return p.Channel == "expired" })
	if p.ResponseType != "ephemeral" || !strings.Contains(p.Text, "/waymark console") {
		t.Errorf("fallback: %+v", p)
	}
}
