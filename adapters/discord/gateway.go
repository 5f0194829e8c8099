package discord

import (
	"context"
	"errors"
	"regexp"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/waymark-org/waymark/bot"
	"github.com/waymark-org/waymark/internal/adapterkit"
	"github.com/waymark-org/waymark/internal/obs"
)

// RunGateway holds the gateway connection until ctx ends: @mentions, DMs,
// and servers adding (GUILD_CREATE) or removing (GUILD_DELETE) Waymark.
// While Discord cannot be reached it retries with backoff, and the HTTP
// interactions endpoint keeps answering meanwhile; once connected,
// discordgo resumes or reconnects a dropped connection itself.
func (a *Adapter) RunGateway(ctx context.Context) error {
	remove := []func(){
		a.session.AddHandler(a.onReady),
		a.session.AddHandler(a.onGuildCreate),
		a.session.AddHandler(a.onGuildDelete),
		a.session.AddHandler(a.onMessage),
	}
	defer func() {
		for _, r := range remove {
			r()
		}
	}()
	p := adapterkit.RetryPolicy{Base: time.Second, Max: 2 * time.Minute}
	for attempt := 1; ; attempt++ {
		err := a.session.Open()
		if err == nil || errors.Is(err, discordgo.ErrWSAlreadyOpen) {
			break
		}
		wait := p.Backoff(min(attempt, 10))
		a.log.WarnContext(ctx, "discord gateway unreachable; retrying", "attempt", attempt, "wait", wait, "err", err)
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(wait):
		}
	}
	a.log.InfoContext(ctx, "discord gateway connected")
	<-ctx.Done()
	if err := a.session.Close(); err != nil {
		a.log.WarnContext(ctx, "close discord gateway", "err", err)
	}
	return nil
}

func (a *Adapter) onReady(_ *discordgo.Session, r *discordgo.Ready) {
	if r.User == nil {
		return
	}
	a.mu.Lock()
	a.botUserID = r.User.ID
	a.mu.Unlock()
}

func (a *Adapter) me() string {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.botUserID
}

// onGuildCreate arrives for every server at connect and when a server adds
// Waymark. A new server gets a tenant and its owner a welcome DM; a server
// that removed Waymark and adds it again within the retention is active
// again with its data.
func (a *Adapter) onGuildCreate(_ *discordgo.Session, g *discordgo.GuildCreate) {
	if g.Guild == nil || g.Unavailable {
		return
	}
	ctx := a.pool.Context()
	t, err := a.store.EnsureTenant(ctx, Platform, g.ID, g.Name)
	if err != nil {
		a.log.ErrorContext(ctx, "discord server added: tenant", "guild", g.ID, "err", err)
		return
	}
	// New (just created) or coming back (inactive): welcome the owner.
	welcome := !t.Active || time.Since(t.CreatedAt) < time.Minute
	if !t.Active || t.Name != g.Name {
		if err := a.setActive(ctx, t.ID, true, g.Name); err != nil {
			a.log.ErrorContext(ctx, "discord server added: activate", "guild", g.ID, "err", err)
			return
		}
	}
	a.mu.Lock()
	a.guilds[g.ID] = t.ID
	a.mu.Unlock()
	if !welcome || g.OwnerID == "" {
		return
	}
	// Claimed so that one owner gets one welcome, whichever replica and
	// however often the server is announced.
	if first, err := a.claims.Claim(ctx, Platform+":welcome:"+g.ID+":"+t.CreatedAt.Format(time.RFC3339Nano)); err != nil || !first {
		return
	}
	a.log.InfoContext(ctx, "discord server added Waymark", "guild", g.ID, "tenant", t.ID)
	if a.pool.ReserveWait(ctx) {
		a.pool.Enqueue(adapterkit.Task{What: "welcome", Team: g.ID, Run: func(ctx context.Context) {
			tn, err := a.store.Tenant(ctx, t.ID)
			if err != nil {
				return
			}
			_ = a.DirectMessage(ctx, tn, g.OwnerID, bot.Reply{Kind: bot.KindInfo, Private: true, Text: welcomeText})
		}})
	}
}

const welcomeText = "Thanks for adding Waymark to your server. Anyone can ask me a question with `/waymark ask` or by @mentioning me; I answer from a reviewed knowledge base about running a peer-support group in the UK, and I never give clinical advice.\n\n" +
	"To set things up: `/waymark settings timezone Europe/London`, `/waymark settings jurisdiction england` (or wales, scotland, northern-ireland), and name a safeguarding lead with `/waymark settings safeguarding-lead @someone`: they are messaged privately if someone may be in crisis. Members with Manage Server are moderators; add others with `/waymark settings moderators add @someone`. `/waymark help` lists everything."

// onGuildDelete: Waymark was removed from a server (not an outage, which
// sets Unavailable). The tenant is deactivated and its data deleted after
// the same retention as a Slack uninstall; adding Waymark back within it
// picks up where the group left off.
func (a *Adapter) onGuildDelete(_ *discordgo.Session, g *discordgo.GuildDelete) {
	if g.Guild == nil || g.Unavailable {
		return
	}
	a.uninstall(a.pool.Context(), g.ID)
}

func (a *Adapter) uninstall(ctx context.Context, guildID string) {
	t, err := a.store.EnsureTenant(ctx, Platform, guildID, "")
	if err == nil {
		err = a.setActive(ctx, t.ID, false, "")
	}
	if err != nil {
		a.log.ErrorContext(ctx, "discord server removed", "guild", guildID, "err", err)
		return
	}
	a.log.InfoContext(ctx, "discord server removed Waymark", "guild", guildID)
}

// mention matches user mentions, <@123> or <@!123>.
var mention = regexp.MustCompile(`<@!?(\d+)>`)

// onMessage answers @mentions in channels and messages in DMs.
func (a *Adapter) onMessage(_ *discordgo.Session, m *discordgo.MessageCreate) {
	if m.Message == nil || m.Author == nil || m.Author.Bot {
		return
	}
	me := a.me()
	if m.Author.ID == me {
		return
	}
	direct := m.GuildID == ""
	if !direct && !mentions(m.Message, me) {
		return
	}
	ctx := a.pool.Context()
	if !a.pool.ReserveWait(ctx) {
		return
	}
	// Claimed by message id: a replica that also holds the connection
	// during a hand-over, or an event replayed on resume, answers once.
	cctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	first, err := a.claims.Claim(cctx, Platform+":message:"+m.ID)
	cancel()
	if err != nil || !first {
		a.pool.Release()
		if err != nil {
			a.metrics.Event(Platform, obs.EventDBError)
			a.claimErrors.Log(ctx, a.log, slogError, "dedupe discord message", "guild", m.GuildID, "err", err)
		} else {
			a.metrics.Event(Platform, obs.EventDuplicate)
		}
		return
	}
	a.metrics.Event(Platform, obs.EventAccepted)
	msg := m.Message
	a.pool.Enqueue(adapterkit.Task{What: "message", Team: m.GuildID, Run: func(ctx context.Context) { a.answerMessage(ctx, msg, me) }})
}

func mentions(m *discordgo.Message, me string) bool {
	for _, u := range m.Mentions {
		if u != nil && u.ID == me && me != "" {
			return true
		}
	}
	return false
}

func (a *Adapter) answerMessage(ctx context.Context, m *discordgo.Message, me string) {
	direct := m.GuildID == ""
	guildID := m.GuildID
	if direct {
		guildID = a.guildOf(m.Author.ID)
	}
	a.remember(m.Author.ID, m.GuildID)
	t, err := a.tenantFor(ctx, guildID)
	if err != nil {
		r := a.resolveFailed(ctx, guildID, err)
		if direct {
			_ = a.send(ctx, "", m.ChannelID, "", r)
		}
		return
	}
	text := strings.TrimSpace(mention.ReplaceAllStringFunc(m.Content, func(s string) string {
		if id := mention.FindStringSubmatch(s)[1]; id == me {
			return ""
		}
		return s
	}))
	req := bot.Request{Tenant: t, ChannelID: m.ChannelID, UserID: m.Author.ID, UserName: m.Author.Username, Direct: direct, Text: text}
	if !direct {
		if perms, err := a.session.State.MessagePermissions(m); err == nil {
			req.Moderator = moderator(perms)
		}
	}
	reply := a.core.Handle(ctx, req)
	a.metrics.Answer(Platform, string(reply.Kind))
	out := Render(reply, a.applies(ctx, t, reply))
	switch {
	case direct:
		out.Components = a.dmButtons(reply.Buttons, guildID)
		_ = a.send(ctx, guildID, m.ChannelID, m.ID, out)
	case reply.Private:
		// A channel message cannot be ephemeral: a private reply (a
		// crisis reply, someone's own data) goes by DM, never in the
		// channel.
		out.Components = a.dmButtons(reply.Buttons, guildID)
		_ = a.dm(ctx, guildID, m.Author.ID, out)
	default:
		_ = a.send(ctx, guildID, m.ChannelID, m.ID, out)
	}
}
