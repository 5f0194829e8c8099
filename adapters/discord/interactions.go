package discord

import (
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"encoding/json"
	"errors"
	"hash/fnv"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/waymark-org/waymark/bot"
	"github.com/waymark-org/waymark/internal/adapterkit"
	"github.com/waymark-org/waymark/internal/obs"
)

const (
	// maxBody is far above any real interaction payload.
	maxBody = 1 << 20
	// maxSkew is how old a signed timestamp may be. Discord does not
	// document a window; five minutes matches Slack's and, with the claim
	// on the interaction id, stops a captured request being replayed.
	maxSkew = 5 * time.Minute
)

// Handler serves Discord's HTTP endpoint:
//
//	POST /discord/interactions  application commands, buttons, modals, autocomplete
func (a *Adapter) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /discord/interactions", a.serveInteraction)
	return mux
}

// verify checks Discord's Ed25519 signature over timestamp and body. The
// body is read (bounded) but nothing in it is looked at before this.
func (a *Adapter) verify(r *http.Request, body []byte) (string, bool) {
	sig, err := hex.DecodeString(r.Header.Get("X-Signature-Ed25519"))
	if err != nil || len(sig) != ed25519.SignatureSize {
		return "bad or missing signature", false
	}
	ts := r.Header.Get("X-Signature-Timestamp")
	if ts == "" {
		return "missing timestamp", false
	}
	msg := make([]byte, 0, len(ts)+len(body))
	msg = append(append(msg, ts...), body...)
	if !ed25519.Verify(a.key, msg, sig) {
		return "signature mismatch", false
	}
	sec, err := strconv.ParseInt(ts, 10, 64)
	if err != nil {
		return "bad timestamp", false
	}
	if d := a.now().Sub(time.Unix(sec, 0)); d > maxSkew || d < -maxSkew {
		return "stale timestamp", false
	}
	return "", true
}

func (a *Adapter) serveInteraction(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
	if err != nil {
		a.log.WarnContext(r.Context(), "discord request unreadable", "err", err)
		http.Error(w, "request too large", http.StatusRequestEntityTooLarge)
		return
	}
	// Forged or stale requests get 401 and are logged without body or
	// headers, so nothing a forger sent ends up in the logs.
	if reason, ok := a.verify(r, body); !ok {
		a.log.WarnContext(r.Context(), "discord request rejected", "remote", r.RemoteAddr, "reason", reason)
		http.Error(w, "invalid request signature", http.StatusUnauthorized)
		return
	}
	var in discordgo.Interaction
	if err := json.Unmarshal(body, &in); err != nil {
		http.Error(w, "bad interaction", http.StatusBadRequest)
		return
	}
	switch in.Type {
	case discordgo.InteractionPing:
		respond(w, &discordgo.InteractionResponse{Type: discordgo.InteractionResponsePong})
	case discordgo.InteractionApplicationCommandAutocomplete:
		a.autocomplete(w, r, &in)
	case discordgo.InteractionApplicationCommand, discordgo.InteractionMessageComponent, discordgo.InteractionModalSubmit:
		if in.Type == discordgo.InteractionApplicationCommand {
			if m := modalFor(commandText(in.ApplicationCommandData())); m != nil {
				respond(w, m)
				return
			}
		}
		a.interact(w, r, &in)
	default:
		http.Error(w, "unknown interaction type", http.StatusBadRequest)
	}
}

func respond(w http.ResponseWriter, resp *discordgo.InteractionResponse) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(resp)
}

// userOf is who started an interaction: a member in a server, a user in a DM.
func userOf(in *discordgo.Interaction) (id, name string, perms int64) {
	switch {
	case in.Member != nil && in.Member.User != nil:
		return in.Member.User.ID, in.Member.User.Username, in.Member.Permissions
	case in.User != nil:
		return in.User.ID, in.User.Username, 0
	}
	return "", "", 0
}

// pending is an interaction's answer on its way: sent back in the HTTP
// response if it comes within the budget, else by a follow-up.
type pending struct {
	mu       sync.Mutex
	deferred bool
	// publicDefer is set when the deferral was visible to the channel.
	publicDefer bool
	done        chan Message
}

// interact claims the interaction (Discord never resends one, so a second
// delivery is a replay), runs it on the pool, and answers within the
// budget or defers (type 5) and follows up.
func (a *Adapter) interact(w http.ResponseWriter, r *http.Request, in *discordgo.Interaction) {
	if !a.pool.Reserve() {
		a.metrics.Event(Platform, obs.EventBusy)
		http.Error(w, "busy; try again", http.StatusServiceUnavailable)
		return
	}
	p := &pending{done: make(chan Message, 1)}
	task := adapterkit.Task{What: "interaction " + in.Type.String(), Team: in.GuildID, Run: func(ctx context.Context) {
		m := a.runInteraction(ctx, in)
		p.mu.Lock()
		if !p.deferred {
			p.done <- m
			p.mu.Unlock()
			return
		}
		public := p.publicDefer
		p.mu.Unlock()
		a.sendLater(func(ctx context.Context) { a.followUp(ctx, in, m, public) })
	}}
	cctx, cancel := context.WithTimeout(r.Context(), adapterkit.ClaimTimeout)
	first, err := a.claims.Claim(cctx, Platform+":"+in.ID)
	cancel()
	if uc := (*adapterkit.UncertainClaim)(nil); errors.As(err, &uc) {
		// No one can retry an interaction, so an uncertain claim is
		// answered if it stood, by follow-up; the person sees "thinking".
		p.deferred = true
		a.pool.SettleLater(uc, task)
		a.metrics.Event(Platform, obs.EventDBError)
		respond(w, &discordgo.InteractionResponse{Type: discordgo.InteractionResponseDeferredChannelMessageWithSource, Data: &discordgo.InteractionResponseData{Flags: discordgo.MessageFlagsEphemeral}})
		return
	}
	if err != nil {
		a.pool.Release()
		a.metrics.Event(Platform, obs.EventDBError)
		a.claimErrors.Log(r.Context(), a.log, slogError, "dedupe discord interaction", "guild", in.GuildID, "err", err)
		http.Error(w, "try again", http.StatusServiceUnavailable)
		return
	}
	if !first {
		a.pool.Release()
		a.metrics.Event(Platform, obs.EventDuplicate)
		a.log.WarnContext(r.Context(), "replayed discord interaction ignored", "guild", in.GuildID, "remote", r.RemoteAddr)
		// Acknowledged without a message: the replay gets nothing.
		respond(w, &discordgo.InteractionResponse{Type: discordgo.InteractionResponseDeferredMessageUpdate})
		return
	}
	a.metrics.Event(Platform, obs.EventAccepted)
	a.pool.Enqueue(task)

	t := time.NewTimer(a.budget)
	defer t.Stop()
	select {
	case m := <-p.done:
		a.answer(w, m)
		return
	case <-t.C:
	case <-r.Context().Done():
	}
	p.mu.Lock()
	select {
	case m := <-p.done:
		p.mu.Unlock()
		a.answer(w, m)
		return
	default:
	}
	p.deferred = true
	p.publicDefer = !a.likelyPrivate(in)
	p.mu.Unlock()
	flags := discordgo.MessageFlags(0)
	if !p.publicDefer {
		flags = discordgo.MessageFlagsEphemeral
	}
	respond(w, &discordgo.InteractionResponse{Type: discordgo.InteractionResponseDeferredChannelMessageWithSource, Data: &discordgo.InteractionResponseData{Flags: flags}})
}

func (a *Adapter) answer(w http.ResponseWriter, m Message) {
	if m.modal != nil {
		respond(w, &discordgo.InteractionResponse{Type: discordgo.InteractionResponseModal, Data: m.modal})
		return
	}
	respond(w, &discordgo.InteractionResponse{Type: discordgo.InteractionResponseChannelMessageWithSource, Data: &discordgo.InteractionResponseData{
		Content: m.Content, Embeds: m.Embeds, Components: m.Components, Flags: m.Flags(),
		AllowedMentions: &discordgo.MessageAllowedMentions{},
	}})
}

// likelyPrivate guesses, before the core has answered, whether the
// answer will be private, so a deferred "thinking" message is ephemeral
// when it probably should be: anything the crisis screen flags, and the
// commands about one person. A wrong guess is corrected in followUp.
func (a *Adapter) likelyPrivate(in *discordgo.Interaction) bool {
	if in.Type != discordgo.InteractionApplicationCommand {
		return true
	}
	text := commandText(in.ApplicationCommandData())
	if a.core.Screen(text).Risky() {
		return true
	}
	sub, _, _ := strings.Cut(text, " ")
	return sub != "ask" && sub != "kb" && sub != "help"
}

// followUp delivers an answer that missed the budget, by editing the
// deferred message. A private answer after a public deferral deletes the
// deferral and is sent as an ephemeral follow-up instead, so it is never
// shown in the channel.
func (a *Adapter) followUp(ctx context.Context, in *discordgo.Interaction, m Message, publicDefer bool) {
	var err error
	if m.Ephemeral && publicDefer {
		err = a.withRetry(ctx, in.GuildID, func(ctx context.Context) error {
			return a.webhook(ctx, in, http.MethodDelete, discordgo.EndpointWebhookMessage(in.AppID, in.Token, "@original"), nil)
		})
		if err == nil {
			err = a.withRetry(ctx, in.GuildID, func(ctx context.Context) error {
				return a.webhook(ctx, in, http.MethodPost, discordgo.EndpointWebhookToken(in.AppID, in.Token), &discordgo.WebhookParams{
					Content: m.Content, Embeds: m.Embeds, Components: m.Components, Flags: m.Flags(),
					AllowedMentions: &discordgo.MessageAllowedMentions{},
				})
			})
		}
	} else {
		err = a.withRetry(ctx, in.GuildID, func(ctx context.Context) error {
			content := m.Content
			return a.webhook(ctx, in, http.MethodPatch, discordgo.EndpointWebhookMessage(in.AppID, in.Token, "@original"), &discordgo.WebhookEdit{
				Content: &content, Embeds: &m.Embeds, Components: &m.Components,
				AllowedMentions: &discordgo.MessageAllowedMentions{},
			})
		})
	}
	a.metrics.Reply(Platform, err)
	if err != nil {
		a.log.ErrorContext(ctx, "follow-up not delivered", "guild", in.GuildID, "err", err)
	}
}

// webhookLanes is how many rate-limit buckets interaction webhook
// requests are spread over. discordgo puts them all in one bucket and
// holds it for the whole round trip, so follow-ups went one at a time
// (with Discord 300 ms away, 16 took 4.8 s and the workers queued behind
// them). At Discord each interaction token has its own limits; a bucket
// per token would be exact, but discordgo never forgets a bucket, so the
// tokens share a bounded set, and a 429 holds up only its lane.
const webhookLanes = 64

// webhook sends one request on an interaction's token (a follow-up, or
// an edit or deletion of the deferred response), through discordgo's
// rate limiter and 429 handling, in the token's lane.
func (a *Adapter) webhook(ctx context.Context, in *discordgo.Interaction, method, uri string, body any) error {
	h := fnv.New32a()
	_, _ = h.Write([]byte(in.Token))
	lane := "interaction-webhook/" + strconv.FormatUint(uint64(h.Sum32()%webhookLanes), 10)
	_, err := a.session.RequestWithBucketID(method, uri, body, lane, discordgo.WithContext(ctx))
	return err
}

// runInteraction turns an interaction into a request to the core and
// renders the answer.
func (a *Adapter) runInteraction(ctx context.Context, in *discordgo.Interaction) Message {
	userID, userName, perms := userOf(in)
	guildID := in.GuildID
	direct := guildID == ""
	var action, value string
	if in.Type == discordgo.InteractionMessageComponent {
		var g string
		action, value, g = parseCustomID(in.MessageComponentData().CustomID)
		if direct && g != "" {
			guildID = g // a button in a DM Waymark sent for a server
		}
	}
	if direct && guildID == "" {
		guildID = a.guildOf(ctx, userID)
	}
	t, err := a.tenantFor(ctx, guildID)
	if err != nil {
		return a.resolveFailed(ctx, guildID, err)
	}
	if !direct {
		a.remember(ctx, userID, t)
	}
	req := bot.Request{
		Tenant: t, ChannelID: in.ChannelID, UserID: userID, UserName: userName,
		Direct: direct, Moderator: moderator(perms),
	}
	var reply bot.Reply
	switch in.Type {
	case discordgo.InteractionApplicationCommand:
		req.Command, req.Text = true, coreText(commandText(in.ApplicationCommandData()))
		// A modal can only be the first response; if the answer misses
		// the budget, the deferral took that place and the reply's text
		// is sent instead (see followUp).
		req.FormFieldMax = bot.FormFieldMaxDiscord
		reply = a.core.Handle(ctx, req)
	case discordgo.InteractionModalSubmit:
		d := in.ModalSubmitData()
		if sub, ok := formSubmission(d); ok {
			reply = a.core.Submit(ctx, req, sub)
			break
		}
		req.Command, req.Text = true, coreText(modalText(d))
		reply = a.core.Handle(ctx, req)
	default:
		reply = a.core.Action(ctx, req, action, value)
	}
	a.metrics.Answer(Platform, string(reply.Kind))
	m := Render(reply, a.applies(ctx, t, reply))
	if reply.Form != nil {
		m.modal = modalData(reply.Form)
	}
	if direct {
		m.Components = a.dmButtons(reply.Buttons, guildID)
	}
	return m
}

// resolveFailed answers an interaction whose server cannot be served.
func (a *Adapter) resolveFailed(ctx context.Context, guildID string, err error) Message {
	text := "Something went wrong on my side. Please try again in a minute."
	switch {
	case errors.Is(err, errNoGuild):
		text = "I don't know which group you're asking for yet. Use /waymark in your server first, then ask me here."
	case errors.Is(err, errRemoved):
		text = "Waymark has been removed from this server. Add it again to use it."
	default:
		a.log.ErrorContext(ctx, "resolve discord server", "guild", guildID, "err", err)
	}
	return Render(bot.Reply{Kind: bot.KindError, Text: text, Private: true}, nil)
}
