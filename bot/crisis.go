package bot

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/sethvargo/go-retry"

	"github.com/waymark-org/waymark/safety"
)

// Crisis levels as replies carry them (and `ask --json` prints them).
const (
	LevelCrisis  = "crisis"
	LevelConcern = "concern"
)

// crisisReply signposts at once, privately. It never searches, never
// records the message, and never waits: the safeguarding lead's alert goes
// out in the background, so a slow or failing platform cannot delay the
// numbers.
func (b *Bot) crisisReply(ctx context.Context, req Request, v safety.Verdict) Reply {
	var sb strings.Builder
	level := LevelCrisis
	if v.Level == safety.Concern {
		level = LevelConcern
	}
	switch {
	case v.Other && level == LevelCrisis:
		sb.WriteString(strings.TrimSpace(b.crisis.Other))
	case v.Other:
		sb.WriteString(strings.TrimSpace(b.crisis.OtherConcern))
	case level == LevelConcern:
		sb.WriteString(strings.TrimSpace(b.crisis.Concern))
	default:
		sb.WriteString(strings.TrimSpace(b.crisis.Self))
	}
	sb.WriteString("\n\n")
	if v.Other || level == LevelCrisis {
		// 999 leads whenever someone may be in danger now.
		sb.WriteString("- Emergency: call 999\n")
	}
	for _, l := range b.crisis.LinesFor(b.jurisdiction(req)) {
		fmt.Fprintf(&sb, "- %s: %s", l.Name, l.How)
		if l.When != "" {
			fmt.Fprintf(&sb, " (%s)", l.When)
		}
		sb.WriteString("\n")
	}
	sb.WriteString("\n")
	sb.WriteString(strings.TrimSpace(b.crisis.Closing))
	b.alertSafeguardingLead(ctx, req, level)
	title := "You don't have to deal with this alone"
	if v.Other {
		title = "If someone is in danger, call 999"
	}
	return Reply{Kind: KindCrisis, Level: level, Text: sb.String(), Title: title, Private: true}
}

// AlertRetry says how often a failed safeguarding alert is tried again.
type AlertRetry struct {
	Attempts int
	Base     time.Duration
	// Timeout bounds each attempt, so a hanging platform cannot hold an
	// alert for ever.
	Timeout time.Duration
}

func (p AlertRetry) withDefaults() AlertRetry {
	if p.Attempts <= 0 {
		p.Attempts = 5
	}
	if p.Base <= 0 {
		p.Base = time.Second
	}
	if p.Timeout <= 0 {
		p.Timeout = 30 * time.Second
	}
	return p
}

// alerter delivers safeguarding alerts in the background.
type alerter struct {
	retry AlertRetry
	wg    sync.WaitGroup
}

// alertSafeguardingLead tells the lead that someone was shown crisis
// support, and where, but not what they wrote: the lead can reach out and
// the person's words stay theirs.
func (b *Bot) alertSafeguardingLead(ctx context.Context, req Request, level string) {
	if req.Tenant == nil || req.Tenant.Settings.SafeguardingLead == "" || b.notifier == nil {
		return
	}
	lead := req.Tenant.Settings.SafeguardingLead
	if lead == req.UserID {
		return
	}
	where := "a direct message"
	if !req.Direct && req.ChannelID != "" {
		where = "channel " + req.ChannelID
	}
	what := "may be at risk"
	if level == LevelConcern {
		what = "may be struggling"
	}
	msg := Reply{
		Kind: KindInfo,
		Text: fmt.Sprintf("Safeguarding alert from Waymark: %s (user %s) wrote something in %s that suggests they or someone else %s, and was shown crisis support details. Please check in with them as your group's policy says. Their message is not shown here to respect their privacy.",
			displayName(req), req.UserID, where, what),
		Private: true,
	}
	tenant := *req.Tenant
	policy := b.alerts.retry.withDefaults()
	// The alert outlives the request: the person's reply has already gone.
	actx := context.WithoutCancel(ctx)
	b.alerts.wg.Add(1)
	go func() {
		defer b.alerts.wg.Done()
		defer func() {
			if p := recover(); p != nil {
				b.log.Error("safeguarding alert panicked", "tenant", tenant.ID, "panic", fmt.Sprint(p))
			}
		}()
		backoff := retry.WithMaxRetries(uint64(policy.Attempts-1), retry.NewExponential(policy.Base))
		err := retry.Do(actx, backoff, func(ctx context.Context) error {
			ctx, cancel := context.WithTimeout(ctx, policy.Timeout)
			defer cancel()
			if err := b.notifier.DirectMessage(ctx, &tenant, lead, msg); err != nil {
				b.log.WarnContext(ctx, "safeguarding alert not delivered; will retry", "tenant", tenant.ID, "err", err)
				return retry.RetryableError(err)
			}
			return nil
		})
		if err != nil {
			b.log.ErrorContext(actx, "safeguarding alert not delivered", "tenant", tenant.ID, "attempts", policy.Attempts, "err", err)
		}
	}()
}

// WaitAlerts waits until every safeguarding alert in flight has been
// delivered or has given up, or ctx ends. Shutdown calls it so alerts are
// not cut off.
func (b *Bot) WaitAlerts(ctx context.Context) error {
	done := make(chan struct{})
	go func() {
		b.alerts.wg.Wait()
		close(done)
	}()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("wait for safeguarding alerts: %w", ctx.Err())
	}
}

func displayName(req Request) string {
	if req.UserName != "" {
		return req.UserName
	}
	return "A member"
}
