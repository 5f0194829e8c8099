package slack

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/url"
	"time"

	"github.com/slack-go/slack"

	"github.com/waymark-org/waymark/bot"
	"github.com/waymark-org/waymark/internal/adapterkit"
)

// RetryPolicy says how hard a failed delivery is retried; see
// adapterkit.RetryPolicy.
type RetryPolicy = adapterkit.RetryPolicy

// target is where a reply goes.
type target struct {
	tenantID int64
	team     *team
	channel  string
	user     string
	threadTS string
	// responseURL is set for slash commands and button clicks: it works in
	// channels the bot has not joined.
	responseURL string
	// direct is true in a DM, where a private reply is just a reply.
	direct bool
}

// deliver sends a reply, retrying transient failures. A reply that still
// cannot be delivered is logged as an error with the tenant and the
// reason: never silently dropped, never with the token.
func (a *Adapter) deliver(ctx context.Context, to target, r bot.Reply, applies []string) error {
	m := Render(r, applies)
	err := a.withRetry(ctx, to, func(ctx context.Context) error { return a.send(ctx, to, r, m) })
	a.metrics.Reply(Platform, err)
	if err != nil {
		a.log.ErrorContext(ctx, "reply not delivered", "tenant", to.tenantID, "team", to.team.id, "channel", to.channel, "kind", r.Kind, "err", withoutURL(err))
	}
	return err
}

// withoutURL is err without the URL a failed HTTP request names: a
// response_url carries a one-time token in its path, so only the host
// is kept.
func withoutURL(err error) error {
	var ue *url.Error
	if !errors.As(err, &ue) {
		return err
	}
	host := "?"
	if u, perr := url.Parse(ue.URL); perr == nil {
		host = u.Host
	}
	return fmt.Errorf("%s to %s: %w", ue.Op, host, ue.Err)
}

func (a *Adapter) send(ctx context.Context, to target, r bot.Reply, m Message) error {
	if to.responseURL != "" {
		kind := slack.ResponseTypeInChannel
		if r.Private {
			kind = slack.ResponseTypeEphemeral
		}
		return slack.PostWebhookCustomHTTPContext(ctx, to.responseURL, a.http, &slack.WebhookMessage{
			Text: m.Text, Blocks: &slack.Blocks{BlockSet: m.Blocks}, ResponseType: kind,
		})
	}
	channel := to.channel
	if channel == "" && to.user != "" {
		ch, _, _, err := to.team.client.OpenConversationContext(ctx, &slack.OpenConversationParameters{Users: []string{to.user}, ReturnIM: true})
		if err != nil {
			return fmt.Errorf("open DM: %w", err)
		}
		channel = ch.ID
	}
	opts := []slack.MsgOption{slack.MsgOptionText(m.Text, false), slack.MsgOptionBlocks(m.Blocks...)}
	if to.threadTS != "" {
		opts = append(opts, slack.MsgOptionTS(to.threadTS))
	}
	if r.Private && !to.direct && to.user != "" {
		_, err := to.team.client.PostEphemeralContext(ctx, channel, to.user, opts...)
		return err
	}
	_, _, err := to.team.client.PostMessageContext(ctx, channel, opts...)
	return err
}

func (a *Adapter) withRetry(ctx context.Context, to target, op func(context.Context) error) error {
	return adapterkit.Retry(ctx, a.retry, retryAfter, func(attempt int, wait time.Duration, err error) {
		a.log.WarnContext(ctx, "slack delivery failed; retrying", "tenant", to.tenantID, "team", to.team.id, "attempt", attempt, "wait", wait, "err", withoutURL(err))
	}, op)
}

// retryAfter decides whether err is worth another try and how long to
// wait: Slack's Retry-After on a rate limit, else backoff.
func retryAfter(err error, backoff time.Duration) (time.Duration, bool) {
	var rl *slack.RateLimitedError
	if errors.As(err, &rl) {
		if rl.RetryAfter > 0 {
			return rl.RetryAfter, true
		}
		return backoff, true
	}
	var sc slack.StatusCodeError
	if errors.As(err, &sc) {
		return backoff, sc.Retryable()
	}
	var resp slack.SlackErrorResponse
	if errors.As(err, &resp) {
		switch resp.Err {
		case "internal_error", "fatal_error", "service_unavailable", "request_timeout", "ratelimited":
			return backoff, true
		}
		return 0, false // channel_not_found, invalid_auth, token_revoked...: a retry cannot help
	}
	var ne net.Error
	if errors.As(err, &ne) || errors.Is(err, context.DeadlineExceeded) {
		return backoff, true
	}
	return backoff, false
}

// PostChannel implements bot.Notifier for Slack tenants.
func (a *Adapter) PostChannel(ctx context.Context, t *bot.Tenant, channelID string, r bot.Reply) error {
	tm, err := a.teamFor(ctx, t.ExternalID)
	if err != nil {
		return fmt.Errorf("post to slack team %s: %w", t.ExternalID, err)
	}
	return a.deliver(ctx, target{tenantID: t.ID, team: tm, channel: channelID}, r, a.applies(ctx, t, r))
}

// DirectMessage implements bot.Notifier for Slack tenants.
func (a *Adapter) DirectMessage(ctx context.Context, t *bot.Tenant, userID string, r bot.Reply) error {
	tm, err := a.teamFor(ctx, t.ExternalID)
	if err != nil {
		return fmt.Errorf("message slack team %s: %w", t.ExternalID, err)
	}
	return a.deliver(ctx, target{tenantID: t.ID, team: tm, user: userID, direct: true}, r, a.applies(ctx, t, r))
}

var _ bot.Notifier = (*Adapter)(nil)
