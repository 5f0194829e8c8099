package discord_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/waymark-org/waymark/adapters/discord"
	"github.com/waymark-org/waymark/adapters/discord/discordfake"
	"github.com/waymark-org/waymark/internal/adapterkit/adaptertest"
	"github.com/waymark-org/waymark/internal/store/storetest"
)

// addGuild announces a server over the gateway and waits for its tenant.
func (h *harness) addGuild() int64 {
	h.t.Helper()
	if err := h.fake.Dispatch("GUILD_CREATE", discordfake.Guild(guild1, "Riverside Peer Support", owner, channel)); err != nil {
		h.t.Fatal(err)
	}
	var id int64
	waitFor(h.t, "the server's tenant", func() bool {
		t, err := h.db.EnsureTenant(context.Background(), discord.Platform, guild1, "")
		if err == nil && t.Name == "Riverside Peer Support" && t.Active {
			id = t.ID
			return true
		}
		return false
	})
	return id
}

// The whole gateway life of a server, end to end with the real discordgo
// session on both databases: added (tenant, welcome DM to the owner), a
// mention answered in the channel as a reply, a crisis mention answered
// by DM and never in the channel, the connection dropped and resumed, and
// the server removing Waymark (the tenant deactivated for retention).
func TestGatewayServerLifecycle(t *testing.T) {
	for _, dialect := range storetest.Dialects(t) {
		t.Run(dialect, func(t *testing.T) {
			h := start(t, func(o *options) { o.dialect, o.gateway = dialect, true })
			tenant := h.addGuild()
			h.waitPosts("the welcome DM", func(ps []discordfake.Post) bool {
				return count(ps, func(p discordfake.Post) bool {
					return p.Kind == "dm" && p.Recipient == owner && strings.Contains(p.Body.Text(), "Thanks for adding Waymark")
				}) == 1
			})

			mention := "<@" + h.fake.BotUserID + "> " + adaptertest.Question
			if err := h.fake.Dispatch("MESSAGE_CREATE", h.fake.MessageCreate("900000000000000001", guild1, channel, member, nil, mention, true)); err != nil {
				t.Fatal(err)
			}
			h.waitPosts("the answer in the channel", func(ps []discordfake.Post) bool {
				return count(ps, func(p discordfake.Post) bool {
					return p.Kind == "channel" && p.ChannelID == channel && p.ReplyTo == "900000000000000001" && strings.Contains(p.Body.Text(), "harit")
				}) == 1
			})
			// Not mentioned: not Waymark's business.
			_ = h.fake.Dispatch("MESSAGE_CREATE", h.fake.MessageCreate("900000000000000002", guild1, channel, member, nil, adaptertest.Question, false))

			crisis := "<@" + h.fake.BotUserID + "> " + adaptertest.Crisis
			_ = h.fake.Dispatch("MESSAGE_CREATE", h.fake.MessageCreate("900000000000000003", guild1, channel, member, nil, crisis, true))
			ps := h.waitPosts("the crisis reply by DM", func(ps []discordfake.Post) bool {
				return count(ps, func(p discordfake.Post) bool { return p.Kind == "dm" && p.Recipient == member }) == 1
			})
			if n := count(ps, func(p discordfake.Post) bool { return p.Kind == "channel" }); n != 1 {
				t.Errorf("%d channel posts, want only the one answer", n)
			}

			// A dropped connection is resumed, and events flow again.
			h.fake.Drop()
			waitFor(t, "a RESUME", func() bool { return h.fake.Resumes() == 1 })
			_ = h.fake.Dispatch("MESSAGE_CREATE", h.fake.MessageCreate("900000000000000004", guild1, channel, member, nil, mention, true))
			h.waitPosts("an answer after the resume", func(ps []discordfake.Post) bool {
				return count(ps, func(p discordfake.Post) bool { return p.ReplyTo == "900000000000000004" }) == 1
			})
			if h.fake.Identifies() != 1 {
				t.Errorf("%d IDENTIFYs, want 1 (the drop should resume, not start again)", h.fake.Identifies())
			}
			waitFor(t, "heartbeats", func() bool { return h.fake.Heartbeats() > 0 })

			if err := h.fake.Dispatch("GUILD_DELETE", map[string]any{"id": guild1}); err != nil {
				t.Fatal(err)
			}
			waitFor(t, "the tenant deactivated", func() bool {
				tn, err := h.db.Tenant(context.Background(), tenant)
				return err == nil && !tn.Active
			})
			// An outage is not a removal.
			_ = h.fake.Dispatch("GUILD_DELETE", map[string]any{"id": "400000000000000077", "unavailable": true})
		})
	}
}

// A server announced again and again in quick succession (every session's
// READY announces every server) gets one tenant and one welcome. With
// state tracking on, discordgo copies each announcement into the *Guild
// the previous one's handler is reading; under -race this test caught the
// handler reading it without the state's lock.
func TestServerAnnouncedRepeatedly(t *testing.T) {
	for _, dialect := range storetest.Dialects(t) {
		t.Run(dialect, func(t *testing.T) {
			h := start(t, func(o *options) { o.dialect, o.gateway = dialect, true })
			for range 30 {
				if err := h.fake.Dispatch("GUILD_CREATE", discordfake.Guild(guild1, "Riverside Peer Support", owner, channel)); err != nil {
					t.Fatal(err)
				}
			}
			h.addGuild()
			h.waitPosts("the welcome DM", func(ps []discordfake.Post) bool {
				return count(ps, func(p discordfake.Post) bool { return p.Kind == "dm" && p.Recipient == owner }) >= 1
			})
			// Any second welcome would be on its way by now.
			time.Sleep(500 * time.Millisecond)
			if n := count(h.fake.Posts(), func(p discordfake.Post) bool { return p.Kind == "dm" && p.Recipient == owner }); n != 1 {
				t.Errorf("%d welcome DMs, want 1", n)
			}
		})
	}
}

// While the gateway cannot be reached, interactions are still answered,
// and the session connects once Discord is back.
func TestInteractionsWhileGatewayDown(t *testing.T) {
	fakeDown := func(o *options) {}
	h := start(t, fakeDown)
	h.fake.SetDown(true)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- h.a.RunGateway(ctx) }()
	defer func() { cancel(); <-done }()
	r := h.send(h.command(member, 0, "ask", opt("question", adaptertest.Question)))
	if r.code != 200 || r.body.Type != 4 {
		t.Fatalf("interaction while the gateway is down: %d %s", r.code, r.raw)
	}
	time.Sleep(200 * time.Millisecond)
	if h.fake.Identifies() != 0 {
		t.Fatal("identified while down")
	}
	h.fake.SetDown(false)
	if !h.fake.WaitSession(15 * time.Second) {
		t.Fatal("the gateway never connected once Discord was back")
	}
}
