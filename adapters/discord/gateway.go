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

// RunGateway holds this replica's share of the gateway until ctx ends:
// @mentions, DMs, and servers adding (GUILD_CREATE) or removing
// (GUILD_DELETE) Waymark.
//
// The application's shards are shared by the replicas through leases in
// the database: each shard is held by one replica at a time, renewed every
// quarter of the lease, and a replica that dies stops renewing, so its
// shards are taken over once their leases expire (20 s by default, within
// 30 s with the next round). Each replica takes its fair share, the shard
// count over the replicas present, and gives back what is over it when
// another replica joins.
//
// While Discord cannot be reached each shard retries with backoff, and
// the HTTP interactions endpoint keeps answering meanwhile; once
// connected, discordgo resumes or reconnects a dropped session itself.
func (a *Adapter) RunGateway(ctx context.Context) error {
	shards := a.shards
	if shards <= 0 {
		shards = a.recommendedShards(ctx)
	}
	held := map[int]*shardConn{}
	defer func() {
		// A clean stop hands the shards over at once; a crash leaves the
		// leases to expire.
		cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		defer cancel()
		for id, sc := range held {
			sc.stop()
			if err := a.tables.releaseShard(cctx, id, a.holder); err != nil {
				a.log.WarnContext(cctx, "release discord shard", "shard", id, "err", err)
			}
		}
		if err := a.tables.leaveGateway(cctx, a.holder); err != nil {
			a.log.WarnContext(cctx, "leave discord gateway", "err", err)
		}
	}()
	t := time.NewTicker(a.leaseTTL / 4)
	defer t.Stop()
	for {
		a.balance(ctx, shards, held)
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		}
	}
}

// shardConn is one shard's gateway session on this replica.
type shardConn struct {
	cancel  context.CancelFunc
	done    chan struct{}
	renewed time.Time
}

func (sc *shardConn) stop() {
	sc.cancel()
	<-sc.done
}

// recommendedShards asks Discord how many shards the application needs.
func (a *Adapter) recommendedShards(ctx context.Context) int {
	for attempt := 1; ; attempt++ {
		gb, err := a.session.GatewayBot(discordgo.WithContext(ctx))
		if err == nil && gb.Shards > 0 {
			return gb.Shards
		}
		if ctx.Err() != nil {
			return 1
		}
		wait := a.gatewayRetry.Backoff(min(attempt, 10))
		a.log.WarnContext(ctx, "ask discord for the shard count; retrying", "attempt", attempt, "wait", wait, "err", err)
		select {
		case <-ctx.Done():
			return 1
		case <-time.After(wait):
		}
	}
}

// balance renews this replica's leases, gives back shards over its fair
// share and takes free ones up to it.
func (a *Adapter) balance(ctx context.Context, shards int, held map[int]*shardConn) {
	bctx, cancel := context.WithTimeout(ctx, a.leaseTTL/4)
	defer cancel()
	members, err := a.tables.gatewayMembers(bctx, a.holder, a.leaseTTL)
	if err != nil {
		a.log.WarnContext(ctx, "discord gateway presence", "err", err)
	}
	for id, sc := range held {
		ok, err := a.tables.holdShard(bctx, id, a.holder, a.leaseTTL)
		switch {
		case err == nil && ok:
			sc.renewed = time.Now()
			continue
		case err == nil:
			a.log.WarnContext(ctx, "discord shard taken over by another replica", "shard", id)
		case time.Since(sc.renewed) < a.leaseTTL*3/4:
			continue // the database may be back before the lease runs out
		default:
			a.log.WarnContext(ctx, "discord shard lease not renewed; letting it go", "shard", id, "err", err)
		}
		sc.stop()
		delete(held, id)
	}
	if err != nil || members < 1 {
		return // no fair share to work out: keep what is held, take nothing
	}
	fair := (shards + members - 1) / members
	for len(held) > fair {
		top := -1
		for id := range held {
			top = max(top, id)
		}
		held[top].stop()
		delete(held, top)
		// Closing the session may have used up bctx; the release gets its
		// own bound, so the shard is handed over now, not at expiry.
		rctx, rcancel := context.WithTimeout(ctx, 5*time.Second)
		err := a.tables.releaseShard(rctx, top, a.holder)
		rcancel()
		if err != nil {
			a.log.WarnContext(ctx, "release discord shard", "shard", top, "err", err)
		}
		a.log.InfoContext(ctx, "discord shard handed to another replica", "shard", top, "replicas", members)
	}
	for id := 0; id < shards && len(held) < fair; id++ {
		if held[id] != nil {
			continue
		}
		ok, err := a.tables.holdShard(bctx, id, a.holder, a.leaseTTL)
		if err != nil || !ok {
			continue
		}
		held[id] = a.startShard(ctx, id, shards)
		a.log.InfoContext(ctx, "discord shard taken", "shard", id, "shards", shards, "replicas", members)
	}
}

// startShard opens one shard's session in the background.
func (a *Adapter) startShard(ctx context.Context, id, count int) *shardConn {
	sctx, cancel := context.WithCancel(ctx)
	sc := &shardConn{cancel: cancel, done: make(chan struct{}), renewed: time.Now()}
	go func() {
		defer close(sc.done)
		s, err := discordgo.New("Bot " + a.token)
		if err != nil {
			a.log.ErrorContext(sctx, "discord shard session", "shard", id, "err", err)
			return
		}
		s.Client, s.Dialer = a.session.Client, a.session.Dialer
		s.Identify.Intents = Intents
		s.ShardID, s.ShardCount = id, count
		// Events that reach a session after its shard was given up belong
		// to the replica that holds it now: they are left alone here.
		s.AddHandler(whileHeld(sctx, a.onReady))
		s.AddHandler(whileHeld(sctx, a.onGuildCreate))
		s.AddHandler(whileHeld(sctx, a.onGuildDelete))
		s.AddHandler(whileHeld(sctx, a.onMessage))
		for attempt := 1; ; attempt++ {
			err := s.Open()
			if err == nil || errors.Is(err, discordgo.ErrWSAlreadyOpen) {
				break
			}
			wait := a.gatewayRetry.Backoff(min(attempt, 10))
			a.log.WarnContext(sctx, "discord gateway unreachable; retrying", "shard", id, "attempt", attempt, "wait", wait, "err", err)
			select {
			case <-sctx.Done():
				return
			case <-time.After(wait):
			}
		}
		a.log.InfoContext(sctx, "discord gateway connected", "shard", id, "shards", count)
		<-sctx.Done()
		// Closing takes a second; a heartbeat that fails meanwhile would
		// open the session again behind our back (discordgo reconnects on
		// error), leaving a second session on a shard another replica now
		// holds. Set under the session's own lock, which its heartbeat
		// takes before it reconnects.
		s.Lock()
		s.ShouldReconnectOnError = false
		s.Unlock()
		if err := s.Close(); err != nil {
			a.log.WarnContext(sctx, "close discord gateway", "shard", id, "err", err)
		}
	}()
	return sc
}

// whileHeld runs h for events that arrive while ctx, the shard's hold, is
// live. It keeps h's type, which discordgo reads to route events.
func whileHeld[E any](ctx context.Context, h func(*discordgo.Session, E)) func(*discordgo.Session, E) {
	return func(s *discordgo.Session, e E) {
		if ctx.Err() == nil {
			h(s, e)
		}
	}
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
func (a *Adapter) onGuildCreate(s *discordgo.Session, e *discordgo.GuildCreate) {
	if e.Guild == nil {
		return
	}
	g := guildSnapshot(s, e.Guild)
	if g.Unavailable {
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
func (a *Adapter) onGuildDelete(s *discordgo.Session, e *discordgo.GuildDelete) {
	if e.Guild == nil {
		return
	}
	if g := guildSnapshot(s, e.Guild); !g.Unavailable {
		a.uninstall(a.pool.Context(), g.ID)
	}
}

// guildSnapshot copies what the handlers read of an event's server. With
// state tracking on, discordgo keeps the first event's *Guild and copies a
// later GUILD_CREATE for the same server into it, under the state's lock,
// while the first event's handler may still be running: the copy is taken
// under the same lock.
func guildSnapshot(s *discordgo.Session, g *discordgo.Guild) discordgo.Guild {
	if s != nil && s.State != nil {
		s.State.RLock()
		defer s.State.RUnlock()
	}
	return discordgo.Guild{ID: g.ID, Name: g.Name, OwnerID: g.OwnerID, Unavailable: g.Unavailable}
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
func (a *Adapter) onMessage(s *discordgo.Session, m *discordgo.MessageCreate) {
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
	a.pool.Enqueue(adapterkit.Task{What: "message", Team: m.GuildID, Run: func(ctx context.Context) { a.answerMessage(ctx, s.State, msg, me) }})
}

func mentions(m *discordgo.Message, me string) bool {
	for _, u := range m.Mentions {
		if u != nil && u.ID == me && me != "" {
			return true
		}
	}
	return false
}

func (a *Adapter) answerMessage(ctx context.Context, state *discordgo.State, m *discordgo.Message, me string) {
	direct := m.GuildID == ""
	guildID := m.GuildID
	if direct {
		guildID = a.guildOf(ctx, m.Author.ID)
	}
	t, err := a.tenantFor(ctx, guildID)
	if err != nil {
		r := a.resolveFailed(ctx, guildID, err)
		if direct {
			_ = a.send(ctx, "", m.ChannelID, "", r)
		}
		return
	}
	if !direct {
		a.remember(ctx, m.Author.ID, t)
	}
	text := strings.TrimSpace(mention.ReplaceAllStringFunc(m.Content, func(s string) string {
		if id := mention.FindStringSubmatch(s)[1]; id == me {
			return ""
		}
		return s
	}))
	req := bot.Request{Tenant: t, ChannelID: m.ChannelID, UserID: m.Author.ID, UserName: m.Author.Username, Direct: direct, Text: coreText(text)}
	if !direct {
		if perms, err := state.MessagePermissions(m); err == nil {
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
