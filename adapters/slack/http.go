package slack

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"

	"github.com/waymark-org/waymark/bot"
	"github.com/waymark-org/waymark/internal/adapterkit"
	"github.com/waymark-org/waymark/internal/obs"
)

// Handler serves Slack's HTTP endpoints:
//
//	POST /slack/events        Events API
//	POST /slack/commands      the /waymark slash command
//	POST /slack/interactions  button clicks
//	GET  /slack/install       starts an OAuth install
//	GET  /slack/oauth/callback
func (a *Adapter) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.Handle("POST /slack/events", a.verified(a.serveEvents))
	mux.Handle("POST /slack/commands", a.verified(a.serveCommand))
	mux.Handle("POST /slack/interactions", a.verified(a.serveInteraction))
	mux.HandleFunc("GET /slack/install", a.serveInstall)
	mux.HandleFunc("GET /slack/oauth/callback", a.serveOAuthCallback)
	return mux
}

// verified checks Slack's v0 signature over the raw body before anything
// parses it. Stale or forged requests get 401 and are logged without body
// or headers, so nothing a forger sent ends up in the logs.
func (a *Adapter) verified(next func(w http.ResponseWriter, r *http.Request, body []byte)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		reject := func(reason string, err error) {
			a.log.WarnContext(r.Context(), "slack request rejected", "path", r.URL.Path, "remote", r.RemoteAddr, "reason", reason, "err", err)
			http.Error(w, "invalid request signature", http.StatusUnauthorized)
		}
		if a.signing == "" {
			reject("no signing secret configured", nil)
			return
		}
		sv, err := slack.NewSecretsVerifier(r.Header, a.signing)
		if err != nil {
			reason := "bad signature headers"
			if errors.Is(err, slack.ErrExpiredTimestamp) {
				reason = "stale timestamp"
			}
			reject(reason, err)
			return
		}
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
		if err != nil {
			a.log.WarnContext(r.Context(), "slack request unreadable", "path", r.URL.Path, "err", err)
			http.Error(w, "request too large", http.StatusRequestEntityTooLarge)
			return
		}
		if _, err := sv.Write(body); err != nil {
			reject("hash", err)
			return
		}
		if err := sv.Ensure(); err != nil {
			reject("signature mismatch", err)
			return
		}
		next(w, r, body)
	})
}

func (a *Adapter) serveEvents(w http.ResponseWriter, r *http.Request, body []byte) {
	// The signature already proved the sender; the legacy token is unused.
	ev, err := slackevents.ParseEvent(body, slackevents.OptionNoVerifyToken())
	if err != nil {
		a.log.WarnContext(r.Context(), "unparseable slack event", "err", err)
		http.Error(w, "bad event", http.StatusBadRequest)
		return
	}
	switch ev.Type {
	case slackevents.URLVerification:
		var ch slackevents.ChallengeResponse
		if err := json.Unmarshal(body, &ch); err != nil {
			http.Error(w, "bad challenge", http.StatusBadRequest)
			return
		}
		w.Header().Set("Content-Type", "text/plain")
		_, _ = io.WriteString(w, ch.Challenge)
		return
	case slackevents.CallbackEvent:
	default:
		w.WriteHeader(http.StatusOK)
		return
	}
	cb, ok := ev.Data.(*slackevents.EventsAPICallbackEvent)
	if !ok || cb.EventID == "" {
		http.Error(w, "bad event", http.StatusBadRequest)
		return
	}
	// A place in the queue comes first: an event claimed but then refused
	// would be taken for a duplicate when Slack retries it.
	if !a.pool.Reserve() {
		a.busy(w, r, cb.TeamID)
		return
	}
	t := adapterkit.Task{What: "event " + ev.InnerEvent.Type, Team: cb.TeamID, Run: func(ctx context.Context) { a.dispatchEvent(ctx, ev) }}
	cctx, cancel := context.WithTimeout(r.Context(), adapterkit.ClaimTimeout)
	first, err := a.claim(cctx, cb.EventID)
	cancel()
	if uc := (*adapterkit.UncertainClaim)(nil); errors.As(err, &uc) {
		// The claim may have been made. Refuse (Slack retries) and find
		// out later; if it was made, the event is answered from here.
		a.pool.SettleLater(uc, t)
		a.metrics.Event(Platform, obs.EventDBError)
		a.log.ErrorContext(r.Context(), "dedupe slack event: outcome unknown; will check", "team", cb.TeamID, "err", err)
		http.Error(w, "try again", http.StatusServiceUnavailable)
		return
	}
	if err != nil {
		a.pool.Release()
		// Not acknowledged, so Slack retries once the database is back.
		a.metrics.Event(Platform, obs.EventDBError)
		a.claimErrors.Log(r.Context(), a.log, slog.LevelError, "dedupe slack event", "team", cb.TeamID, "err", err)
		http.Error(w, "try again", http.StatusServiceUnavailable)
		return
	}
	w.WriteHeader(http.StatusOK)
	if !first {
		a.pool.Release()
		a.metrics.Event(Platform, obs.EventDuplicate)
		a.log.DebugContext(r.Context(), "duplicate slack event ignored", "team", cb.TeamID, "event", cb.EventID, "retry", r.Header.Get("X-Slack-Retry-Num"))
		return
	}
	a.metrics.Event(Platform, obs.EventAccepted)
	a.pool.Enqueue(t)
}

// firstDelivery claims a slash command or button click by its timestamp
// and signature, which together are unique to one request Slack signed.
// Commands and clicks carry no event id, so without this a captured
// request sent again within the signature's five minutes would run again.
// The claim lasts as long as event claims (24 hours), well past the five
// minutes. A replay is acknowledged and ignored; if the claim cannot be made, the
// request is refused (503). It answers the request itself unless it
// returns true.
func (a *Adapter) firstDelivery(w http.ResponseWriter, r *http.Request, teamID string) bool {
	key := "slack:request:" + r.Header.Get("X-Slack-Request-Timestamp") + ":" + r.Header.Get("X-Slack-Signature")
	ctx, cancel := context.WithTimeout(r.Context(), adapterkit.ClaimTimeout)
	first, err := a.claims.Claim(ctx, key)
	cancel()
	switch {
	case err != nil:
		a.metrics.Event(Platform, obs.EventDBError)
		a.log.ErrorContext(r.Context(), "dedupe slack request", "path", r.URL.Path, "team", teamID, "err", err)
		http.Error(w, "try again", http.StatusServiceUnavailable)
		return false
	case !first:
		a.metrics.Event(Platform, obs.EventDuplicate)
		a.log.WarnContext(r.Context(), "replayed slack request ignored", "path", r.URL.Path, "team", teamID, "remote", r.RemoteAddr)
		w.WriteHeader(http.StatusOK)
		return false
	}
	return true
}

// busy refuses a request because the queue is full; Slack retries events
// later, and shows the person an error for a command or click.
func (a *Adapter) busy(w http.ResponseWriter, r *http.Request, teamID string) {
	a.metrics.Event(Platform, obs.EventBusy)
	a.log.DebugContext(r.Context(), "slack request refused: queue full", "path", r.URL.Path, "team", teamID)
	http.Error(w, "busy; try again", http.StatusServiceUnavailable)
}

// claim takes an event id for this process; false means another delivery
// (a retry, or another replica) already took it.
func (a *Adapter) claim(ctx context.Context, eventID string) (bool, error) {
	return a.claims.Claim(ctx, "slack:"+eventID)
}

// mention matches user mentions, <@U123> or <@U123|name>.
var mention = regexp.MustCompile(`<@([A-Z0-9]+)(\|[^>]*)?>`)

// dispatchEvent handles one deduplicated callback event.
func (a *Adapter) dispatchEvent(ctx context.Context, ev slackevents.EventsAPIEvent) {
	teamID := ev.TeamID
	switch inner := ev.InnerEvent.Data.(type) {
	case *slackevents.AppMentionEvent:
		// Mentions in a DM also arrive as message.im; answer those once.
		if inner.BotID != "" || strings.HasPrefix(inner.Channel, "D") {
			return
		}
		thread := inner.ThreadTimeStamp
		if thread == "" {
			thread = inner.TimeStamp
		}
		a.answer(ctx, teamID, inner.Channel, inner.User, thread, inner.Text, false)
	case *slackevents.MessageEvent:
		// Only new messages people send in the app's DM: not edits, joins,
		// or bots (including Waymark's own replies).
		if inner.ChannelType != "im" || inner.SubType != "" || inner.BotID != "" || inner.User == "" {
			return
		}
		a.answer(ctx, teamID, inner.Channel, inner.User, inner.ThreadTimeStamp, inner.Text, true)
	case *slackevents.AppUninstalledEvent:
		a.uninstall(ctx, teamID, "app_uninstalled")
	case *slackevents.TokensRevokedEvent:
		if len(inner.Tokens.Bot) > 0 {
			a.uninstall(ctx, teamID, "tokens_revoked")
		}
	}
}

func (a *Adapter) answer(ctx context.Context, teamID, channel, user, thread, text string, direct bool) {
	t, tm, err := a.tenantFor(ctx, teamID)
	if err != nil {
		a.logResolve(ctx, teamID, err)
		return
	}
	if tm.botUserID != "" && user == tm.botUserID {
		return
	}
	text = strings.TrimSpace(mention.ReplaceAllStringFunc(text, func(m string) string {
		if id := mention.FindStringSubmatch(m)[1]; id == tm.botUserID || tm.botUserID == "" {
			return ""
		}
		return m
	}))
	req := bot.Request{Tenant: t, ChannelID: channel, UserID: user, Direct: direct, Text: coreText(text)}
	if looksLikeCommand(text) {
		req.Moderator = a.isAdmin(ctx, tm, user)
	}
	reply := a.core.Handle(ctx, req)
	a.metrics.Answer(Platform, string(reply.Kind))
	_ = a.deliver(ctx, target{tenantID: t.ID, team: tm, channel: channel, user: user, threadTS: thread, direct: direct}, reply, a.applies(ctx, t, reply))
}

// looksLikeCommand reports whether the core will treat text as a command,
// the only case where the moderator flag matters (it costs an API call).
func looksLikeCommand(text string) bool {
	l := strings.ToLower(text)
	return strings.HasPrefix(l, "/waymark") || strings.HasPrefix(l, "!waymark")
}

func (a *Adapter) logResolve(ctx context.Context, teamID string, err error) {
	if errors.Is(err, errNotInstalled) {
		a.log.WarnContext(ctx, "event from a workspace without a live install", "team", teamID)
		return
	}
	a.log.ErrorContext(ctx, "resolve slack workspace", "team", teamID, "err", err)
}

// uninstall forgets the token and deactivates the tenant; the retention
// sweep (or `waymark tenant delete`) deletes its data later.
func (a *Adapter) uninstall(ctx context.Context, teamID, why string) {
	a.forget(teamID)
	known, err := a.installs.Revoke(ctx, teamID, time.Now())
	if err != nil {
		a.log.ErrorContext(ctx, "uninstall slack workspace", "team", teamID, "err", err)
		return
	}
	a.log.InfoContext(ctx, "slack workspace uninstalled", "team", teamID, "event", why, "known", known)
}

func (a *Adapter) serveCommand(w http.ResponseWriter, r *http.Request, body []byte) {
	r.Body = io.NopCloser(bytes.NewReader(body))
	cmd, err := slack.SlashCommandParse(r)
	if err != nil {
		http.Error(w, "bad command", http.StatusBadRequest)
		return
	}
	if !a.pool.Reserve() {
		a.busy(w, r, cmd.TeamID)
		return
	}
	if !a.firstDelivery(w, r, cmd.TeamID) {
		a.pool.Release()
		return
	}
	// An empty 200 acknowledges without echoing; the reply follows on the
	// response_url once the core has answered.
	w.WriteHeader(http.StatusOK)
	a.metrics.Event(Platform, obs.EventAccepted)
	a.pool.Enqueue(adapterkit.Task{What: "command", Team: cmd.TeamID, Run: func(ctx context.Context) { a.runCommand(ctx, cmd) }})
}

func (a *Adapter) runCommand(ctx context.Context, cmd slack.SlashCommand) {
	t, tm, err := a.tenantFor(ctx, cmd.TeamID)
	if err != nil {
		a.logResolve(ctx, cmd.TeamID, err)
		return
	}
	direct := cmd.ChannelName == "directmessage" || strings.HasPrefix(cmd.ChannelID, "D")
	req := bot.Request{
		Tenant: t, ChannelID: cmd.ChannelID, UserID: cmd.UserID, UserName: cmd.UserName,
		Direct: direct, Text: coreText(cmd.Text), Command: true,
		Moderator: a.isAdmin(ctx, tm, cmd.UserID),
	}
	if cmd.TriggerID != "" {
		req.FormFieldMax = bot.FormFieldMaxSlack
	}
	reply := a.core.Handle(ctx, req)
	a.metrics.Answer(Platform, string(reply.Kind))
	if reply.Form != nil {
		err := a.openForm(ctx, tm, cmd.TriggerID, reply.Form)
		if err == nil {
			return
		}
		// A trigger lasts three seconds; a busy queue can outlast it.
		// The reply's text says where to go instead.
		a.log.WarnContext(ctx, "open a form; replying with its text instead", "tenant", t.ID, "team", tm.id, "err", err)
		reply.Form = nil
	}
	to := target{tenantID: t.ID, team: tm, channel: cmd.ChannelID, user: cmd.UserID, responseURL: validResponseURL(cmd.ResponseURL), direct: direct}
	_ = a.deliver(ctx, to, reply, a.applies(ctx, t, reply))
}

// validResponseURL keeps only https URLs (or http on loopback, for tests
// and local fakes): a response_url is where replies, with their content, go.
func validResponseURL(s string) string {
	u, err := url.Parse(s)
	if err != nil || u.Host == "" {
		return ""
	}
	host := u.Hostname()
	if u.Scheme == "https" || (u.Scheme == "http" && (host == "127.0.0.1" || host == "localhost" || host == "::1")) {
		return s
	}
	return ""
}

func (a *Adapter) serveInteraction(w http.ResponseWriter, r *http.Request, body []byte) {
	form, err := url.ParseQuery(string(body))
	if err != nil {
		http.Error(w, "bad interaction", http.StatusBadRequest)
		return
	}
	var cb slack.InteractionCallback
	if err := json.Unmarshal([]byte(form.Get("payload")), &cb); err != nil {
		http.Error(w, "bad interaction", http.StatusBadRequest)
		return
	}
	if cb.Type == slack.InteractionTypeViewSubmission {
		a.serveViewSubmission(w, r, cb)
		return
	}
	if cb.Type != slack.InteractionTypeBlockActions {
		w.WriteHeader(http.StatusOK)
		return
	}
	if !a.pool.Reserve() {
		a.busy(w, r, cb.Team.ID)
		return
	}
	if !a.firstDelivery(w, r, cb.Team.ID) {
		a.pool.Release()
		return
	}
	w.WriteHeader(http.StatusOK)
	a.metrics.Event(Platform, obs.EventAccepted)
	a.pool.Enqueue(adapterkit.Task{What: "click", Team: cb.Team.ID, Run: func(ctx context.Context) { a.runActions(ctx, cb) }})
}

func (a *Adapter) runActions(ctx context.Context, cb slack.InteractionCallback) {
	teamID := cb.Team.ID
	t, tm, err := a.tenantFor(ctx, teamID)
	if err != nil {
		a.logResolve(ctx, teamID, err)
		return
	}
	channel := cb.Channel.ID
	if channel == "" {
		channel = cb.Container.ChannelID
	}
	direct := strings.HasPrefix(channel, "D")
	// Some buttons (a deadline's "done" for someone else's deadline, the
	// group pulse) are for moderators: the core needs to know, as it does
	// for commands.
	moderator := a.isAdmin(ctx, tm, cb.User.ID)
	for _, act := range cb.ActionCallback.BlockActions {
		req := bot.Request{Tenant: t, ChannelID: channel, UserID: cb.User.ID, UserName: cb.User.Name, Direct: direct, Moderator: moderator}
		reply := a.core.Action(ctx, req, act.ActionID, act.Value)
		a.metrics.Answer(Platform, string(reply.Kind))
		to := target{tenantID: t.ID, team: tm, channel: channel, user: cb.User.ID, responseURL: validResponseURL(cb.ResponseURL), direct: direct}
		if to.responseURL == "" {
			to.threadTS = cb.Container.ThreadTs
		}
		_ = a.deliver(ctx, to, reply, a.applies(ctx, t, reply))
	}
}
