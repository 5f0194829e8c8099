package discord_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/waymark-org/waymark/adapters/discord/discordfake"
	"github.com/waymark-org/waymark/bot"
	"github.com/waymark-org/waymark/internal/adapterkit/adaptertest"
	"github.com/waymark-org/waymark/internal/store/storetest"
)

// A check-in prompt sent by DM (as the scheduler sends it) is answered
// through its buttons in the DM, which belongs to no server: the buttons
// name the server, so the answer is recorded for the right group. A
// deadline reminder is posted in its channel.
func TestCheckinDMAnsweredThroughButtonsAndReminderPosted(t *testing.T) {
	h := start(t)
	ctx := context.Background()
	// Opening a check-in now leaves one waiting; the prompt the core
	// returns is what the scheduler would DM.
	r := h.send(h.command(member, 0, "checkin", opt("text", "now")))
	if r.body.Type != 4 || r.body.Data.Flags&64 == 0 {
		t.Fatalf("checkin now: %s", r.raw)
	}
	tn, err := h.db.EnsureTenant(ctx, "discord", guild1, "")
	if err != nil {
		t.Fatal(err)
	}
	prompt := bot.Reply{Kind: bot.KindInfo, Private: true, Text: "How are you doing?", Buttons: []bot.Button{
		{Action: "checkin.answer", Label: "4", Value: "4"}, {Action: "checkin.skip", Label: "Skip", Value: "skip"},
	}}
	if err := h.a.DirectMessage(ctx, tn, member, prompt); err != nil {
		t.Fatal(err)
	}
	ps := h.waitPosts("the DM", func(ps []discordfake.Post) bool { return count(ps, kind("dm")) == 1 })
	var customID string
	for _, p := range ps {
		for _, row := range p.Body.Components {
			var r struct {
				Components []struct {
					CustomID string `json:"custom_id"`
				} `json:"components"`
			}
			_ = json.Unmarshal(row, &r)
			for _, c := range r.Components {
				if strings.Contains(c.CustomID, "checkin.answer") {
					customID = c.CustomID
				}
			}
		}
	}
	if !strings.HasPrefix(customID, "@"+guild1+"|") {
		t.Fatalf("DM button custom id %q does not name the server", customID)
	}
	click := interaction{
		"id": nextID(), "application_id": h.fake.AppID, "token": h.fake.Token(), "version": 1, "type": 3,
		"channel_id": "dm" + member, "user": map[string]any{"id": member, "username": "m"},
		"data": map[string]any{"custom_id": customID, "component_type": 2},
	}
	got := h.send(click)
	if got.body.Type != 4 || strings.Contains(got.text(), "no check-in waiting") || strings.Contains(got.text(), "don't know which group") {
		t.Fatalf("DM click: %s", got.raw)
	}
	hist := h.send(h.command(member, 0, "checkin", opt("text", "history")))
	if !strings.Contains(hist.text(), ": 4/5") {
		t.Errorf("history after the DM answer: %q", hist.text())
	}

	if err := h.a.PostChannel(ctx, tn, channel, bot.Reply{Kind: bot.KindInfo, Text: "Reminder: Annual return is due in 2 days."}); err != nil {
		t.Fatal(err)
	}
	h.waitPosts("the reminder", func(ps []discordfake.Post) bool {
		return count(ps, func(p discordfake.Post) bool {
			return p.Kind == "channel" && strings.Contains(p.Body.Text(), "Annual return")
		}) == 1
	})
	// A private reply is never posted in a channel.
	if err := h.a.PostChannel(ctx, tn, channel, bot.Reply{Kind: bot.KindInfo, Text: "secret", Private: true}); err == nil {
		t.Error("a private reply was accepted for a channel")
	}
}

// A person who used Waymark in a server can still ask it by DM after serve
// restarts: which server a DM is for is kept in the database, not only in
// the process (which used to answer "use /waymark in your server first").
// A DM message over the gateway, and /waymark in the DM, on both
// databases.
func TestDMQuestionAfterRestart(t *testing.T) {
	for _, dialect := range storetest.Dialects(t) {
		t.Run(dialect, func(t *testing.T) {
			before := start(t, func(o *options) { o.dialect = dialect })
			if r := before.send(before.command(member, 0, "ask", opt("question", adaptertest.Question))); r.body.Type != 4 {
				t.Fatalf("ask in the server: %s", r.raw)
			}
			before.stop()

			h := start(t, func(o *options) { o.fake, o.db, o.gateway = before.fake, before.db, true })
			const dm = "dm-channel-of-member"
			if err := h.fake.Dispatch("MESSAGE_CREATE", h.fake.MessageCreate("900000000000000011", "", dm, member, nil, adaptertest.Question, false)); err != nil {
				t.Fatal(err)
			}
			ps := h.waitPosts("the DM answer", func(ps []discordfake.Post) bool {
				return count(ps, func(p discordfake.Post) bool { return p.ChannelID == dm }) == 1
			})
			for _, p := range ps {
				if p.ChannelID == dm && !strings.Contains(p.Body.Text(), "harit") {
					t.Errorf("DM question after a restart answered %q", p.Body.Text())
				}
			}
			r := h.send(h.inDM(member, interaction{
				"type": 2,
				"data": map[string]any{"id": "600", "name": "waymark", "type": 1, "options": []any{map[string]any{"name": "ask", "type": 1, "options": []any{opt("question", adaptertest.Question)}}}},
			}))
			if r.body.Type != 4 || !strings.Contains(r.text(), "harit") {
				t.Errorf("/waymark in a DM after a restart: %s", r.raw)
			}
		})
	}
}

// forget-me in one server deletes the record of where the person used
// Waymark there (it names them), and leaves another server's.
func TestForgetMeForgetsTheDMServerOfThatServerOnly(t *testing.T) {
	h := start(t)
	ctx := context.Background()
	other, err := h.db.EnsureTenant(ctx, "discord", "400000000000000099", "")
	if err != nil {
		t.Fatal(err)
	}
	if err := h.a.DirectMessage(ctx, other, member, bot.Reply{Kind: bot.KindInfo, Text: "hello from the other server"}); err != nil {
		t.Fatal(err)
	}
	h.send(h.command(member, 0, "ask", opt("question", adaptertest.Question)))
	servers := func() []string {
		var gs []string
		if err := h.db.X().SelectContext(ctx, &gs, h.db.X().Rebind(`SELECT guild_id FROM discord_dm_guilds WHERE user_id = ? ORDER BY guild_id`), member); err != nil {
			t.Fatal(err)
		}
		return gs
	}
	if got := servers(); len(got) != 2 {
		t.Fatalf("DM servers before forget-me: %v", got)
	}
	if r := h.send(h.command(member, 0, "forget-me")); r.code != 200 {
		t.Fatalf("forget-me: %s", r.raw)
	}
	waitFor(t, "the record deleted", func() bool { got := servers(); return len(got) == 1 && got[0] == "400000000000000099" })
}
