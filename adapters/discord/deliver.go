package discord

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/waymark-org/waymark/bot"
	"github.com/waymark-org/waymark/internal/adapterkit"
)

const slogError = slog.LevelError

// withRetry retries transient failures with backoff. Rate limits are
// discordgo's to honour: it waits for each bucket and for a 429's
// retry_after before it ever returns, so what comes back here is a server
// error or the network.
func (a *Adapter) withRetry(ctx context.Context, guildID string, op func(context.Context) error) error {
	return adapterkit.Retry(ctx, a.retry, retryable, func(attempt int, wait time.Duration, err error) {
		a.log.WarnContext(ctx, "discord delivery failed; retrying", "guild", guildID, "attempt", attempt, "wait", wait, "err", err)
	}, op)
}

// retryable decides whether err is worth another try.
func retryable(err error, backoff time.Duration) (time.Duration, bool) {
	var re *discordgo.RESTError
	if errors.As(err, &re) && re.Response != nil {
		switch code := re.Response.StatusCode; {
		case code == http.StatusTooManyRequests:
			return backoff, true // discordgo's own retries ran out
		case code >= 500:
			return backoff, true
		default:
			return 0, false // unknown channel, missing access, cannot DM: a retry cannot help
		}
	}
	var ne net.Error
	if errors.As(err, &ne) || errors.Is(err, context.DeadlineExceeded) || errors.Is(err, discordgo.ErrJSONUnmarshal) {
		return backoff, true
	}
	return backoff, false
}

// send posts m in a channel, as a reply to a message when replyTo is set.
func (a *Adapter) send(ctx context.Context, guildID, channelID, replyTo string, m Message) error {
	msg := &discordgo.MessageSend{
		Content: m.Content, Embeds: m.Embeds, Components: m.Components,
		// Nobody is pinged by what Waymark posts.
		AllowedMentions: &discordgo.MessageAllowedMentions{},
	}
	if replyTo != "" {
		msg.Reference = &discordgo.MessageReference{MessageID: replyTo, ChannelID: channelID, GuildID: guildID}
	}
	err := a.withRetry(ctx, guildID, func(ctx context.Context) error {
		_, err := a.session.ChannelMessageSendComplex(channelID, msg, discordgo.WithContext(ctx))
		return err
	})
	a.metrics.Reply(Platform, err)
	if err != nil {
		a.log.ErrorContext(ctx, "reply not delivered", "guild", guildID, "channel", channelID, "err", err)
	}
	return err
}

// dm sends m to one person's DMs, opening the DM channel first.
func (a *Adapter) dm(ctx context.Context, guildID, userID string, m Message) error {
	var ch *discordgo.Channel
	err := a.withRetry(ctx, guildID, func(ctx context.Context) (err error) {
		ch, err = a.session.UserChannelCreate(userID, discordgo.WithContext(ctx))
		return err
	})
	if err != nil {
		a.metrics.Reply(Platform, err)
		a.log.ErrorContext(ctx, "open DM", "guild", guildID, "err", err)
		return fmt.Errorf("open discord DM: %w", err)
	}
	return a.send(ctx, guildID, ch.ID, "", m)
}

// PostChannel implements bot.Notifier for Discord tenants. A private
// reply never goes to a channel: it cannot be ephemeral outside an
// interaction, so it is refused rather than shown to everyone.
func (a *Adapter) PostChannel(ctx context.Context, t *bot.Tenant, channelID string, r bot.Reply) error {
	if r.Private {
		return fmt.Errorf("post to discord server %s: a private reply cannot go to a channel", t.ExternalID)
	}
	return a.send(ctx, t.ExternalID, channelID, "", Render(r, a.applies(ctx, t, r)))
}

// DirectMessage implements bot.Notifier for Discord tenants: check-ins,
// and alerts to the safeguarding lead. Its buttons name the server.
func (a *Adapter) DirectMessage(ctx context.Context, t *bot.Tenant, userID string, r bot.Reply) error {
	m := Render(r, a.applies(ctx, t, r))
	m.Components = a.dmButtons(r.Buttons, t.ExternalID)
	a.remember(ctx, userID, t)
	return a.dm(ctx, t.ExternalID, userID, m)
}

var _ bot.Notifier = (*Adapter)(nil)
