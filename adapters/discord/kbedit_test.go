package discord_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"

	"github.com/waymark-org/waymark/bot"
)

// /waymark kb edit opens a modal (type 9) with the entry's source for a
// moderator; its submission is linted and saved as their version, and
// refused, saving nothing, with a lint error or from a non-moderator.
func TestKBEditModal(t *testing.T) {
	const id = "governance/agm-quorum-and-minutes"
	ctx := context.Background()
	h := start(t)
	edit := func(user string, perms int64) response {
		return h.send(h.command(user, perms, "kb", opt("text", "edit"), opt("entry", id)))
	}
	if r := edit(member, 0); r.body.Type != 4 || !strings.Contains(r.text(), "Only moderators") {
		t.Fatalf("kb edit by a member: %s", r.raw)
	}
	r := edit(admin, manageServer)
	if r.body.Type != int(discordgo.InteractionResponseModal) || !strings.HasPrefix(r.body.Data.CustomID, "form|kb.edit|"+id+"@") {
		t.Fatalf("kb edit by a moderator: %s", r.raw)
	}
	fields := map[string]string{}
	for _, raw := range r.body.Data.Components {
		var row struct {
			Components []struct {
				CustomID  string `json:"custom_id"`
				Value     string `json:"value"`
				Style     int    `json:"style"`
				MaxLength int    `json:"max_length"`
			} `json:"components"`
		}
		if err := json.Unmarshal(raw, &row); err != nil {
			t.Fatal(err)
		}
		for _, c := range row.Components {
			if c.Style != int(discordgo.TextInputParagraph) || c.MaxLength != bot.FormFieldMaxDiscord {
				t.Errorf("text input %s: style %d, max %d", c.CustomID, c.Style, c.MaxLength)
			}
			fields[c.CustomID] = c.Value
		}
	}
	if !strings.Contains(fields["front"], "id: "+id) || !strings.Contains(fields["body"], "quorum") {
		t.Fatalf("modal fields: %v", fields)
	}
	tn, err := h.db.EnsureTenant(ctx, "discord", guild1, "")
	if err != nil {
		t.Fatal(err)
	}
	saved := func() int {
		t.Helper()
		hist, err := h.db.EntryHistory(ctx, bot.GroupScope(tn.ID), id)
		if err != nil {
			t.Fatal(err)
		}
		return len(hist)
	}
	submit := func(user string, perms int64, body string) response {
		return h.send(h.inGuild(user, perms, interaction{"type": 5, "data": map[string]any{
			"custom_id":  r.body.Data.CustomID,
			"components": []any{row("front", fields["front"]), row("body", body)},
		}}))
	}
	edited := "OUR GROUP'S OWN WORDING. " + fields["body"]
	for _, c := range []struct {
		name, user string
		perms      int64
		body, want string
	}{
		{"a lint error", admin, manageServer, "Too short.", "body has 2 words; want 120 to 450"},
		{"a forged submission by a member", member, 0, edited, "Only moderators"},
	} {
		got := submit(c.user, c.perms, c.body)
		if got.body.Type != 4 || got.body.Data.Flags&64 == 0 || !strings.Contains(got.text(), c.want) {
			t.Errorf("%s: %s", c.name, got.raw)
		}
		if n := saved(); n != 0 {
			t.Fatalf("%s: %d versions saved", c.name, n)
		}
	}
	if got := submit(admin, manageServer, edited); got.body.Type != 4 || !strings.Contains(got.text(), "as version 1") {
		t.Fatalf("a moderator's edit: %s", got.raw)
	}
	if got := h.send(h.command(member, 0, "kb", opt("text", "show"), opt("entry", id))); !strings.Contains(got.text(), "OUR GROUP'S OWN WORDING") {
		t.Errorf("kb show after the edit: %s", got.raw)
	}
	if got := h.send(h.command(admin, manageServer, "kb", opt("text", "history"), opt("entry", id))); !strings.Contains(got.text(), "- 1: edit (published) by "+admin) {
		t.Errorf("kb history after the edit: %s", got.raw)
	}
}
