package discord_test

import (
	"strings"
	"sync"
	"testing"

	"github.com/waymark-org/waymark/adapters/discord"
	"github.com/waymark-org/waymark/adapters/discord/discordfake"
	"github.com/waymark-org/waymark/assistant"
	"github.com/waymark-org/waymark/internal/adapterkit/adaptertest"
)

// The Discord adapter meets the contract every adapter meets: mentions
// over the gateway, commands and clicks as signed interactions.
func TestDiscordAdapterContract(t *testing.T) {
	adaptertest.Run(t, func(t *testing.T) adaptertest.Env {
		var rec *adaptertest.Recorder
		h := start(t, func(o *options) {
			o.gateway = true
			o.wrap = func(b *assistant.Assistant) discord.Core {
				rec = adaptertest.NewRecorder(b)
				return rec
			}
		})
		tenant := h.addGuild()
		// The welcome DM is not part of any case.
		h.waitPosts("the welcome DM", func(ps []discordfake.Post) bool { return len(ps) == 1 })
		return adaptertest.Env{Platform: &discordPlatform{h: h, skip: 1}, Core: rec, DB: h.db, TenantID: tenant, Admin: admin, Member: member}
	})
}

type discordPlatform struct {
	h    *harness
	skip int // posts before the case began
	mu   sync.Mutex
	// answered are interaction responses that carried a message.
	answered []adaptertest.Delivery
}

func (p *discordPlatform) perms(user string) (int64, []string) {
	if user == admin {
		return manageServer, []string{discordfake.ModRole}
	}
	return 0, nil
}

func (p *discordPlatform) Ask(t *testing.T, id, user, text string) {
	_, roles := p.perms(user)
	msgID := "91" + strings.Repeat("0", 16-len(id)) + strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r
		}
		return '1'
	}, id)
	if err := p.h.fake.Dispatch("MESSAGE_CREATE", p.h.fake.MessageCreate(msgID, guild1, channel, user, roles, "<@"+p.h.fake.BotUserID+"> "+text, true)); err != nil {
		t.Fatal(err)
	}
}

func (p *discordPlatform) Command(t *testing.T, user, text string) {
	perms, _ := p.perms(user)
	sub, rest, _ := strings.Cut(text, " ")
	var opts []map[string]any
	switch {
	case sub == "ask":
		opts = append(opts, opt("question", rest))
	case rest != "":
		opts = append(opts, opt("text", rest))
	}
	p.note(p.h.send(p.h.command(user, perms, sub, opts...)))
}

func (p *discordPlatform) Click(t *testing.T, user, action, value string) {
	perms, _ := p.perms(user)
	p.note(p.h.send(p.h.click(user, perms, action, value)))
}

func (p *discordPlatform) note(r response) {
	if r.body.Type != 4 {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.answered = append(p.answered, adaptertest.Delivery{Text: r.text(), Private: r.body.Data.Flags&64 != 0})
}

func (p *discordPlatform) Uninstall(t *testing.T) {
	if err := p.h.fake.Dispatch("GUILD_DELETE", map[string]any{"id": guild1}); err != nil {
		t.Fatal(err)
	}
}

func (p *discordPlatform) Deliveries() []adaptertest.Delivery {
	p.mu.Lock()
	out := append([]adaptertest.Delivery(nil), p.answered...)
	p.mu.Unlock()
	for _, post := range p.h.fake.Posts()[p.skip:] {
		private := post.Kind == "dm" || post.Flags&64 != 0
		out = append(out, adaptertest.Delivery{Text: post.Body.Text(), Private: private})
	}
	return out
}
