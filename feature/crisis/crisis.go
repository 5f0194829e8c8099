// Package crisis is Waymark's crisis path: the safety screen that reads
// every message first, the private reply with the numbers for the group's
// nation, and the alert to the group's safeguarding lead, which goes out
// in the background so a slow or failing platform never delays the
// numbers. It depends on nothing that can fail or wait: the screen and
// the numbers are built into the binary.
package crisis

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/sethvargo/go-retry"

	"github.com/waymark-org/waymark/bot"
	"github.com/waymark-org/waymark/knowledge"
	"github.com/waymark-org/waymark/safety"
)

// Config is what the crisis path is built from; every field defaults.
type Config struct {
	// Screener is the crisis screen; nil uses the one trained on the
	// embedded corpus.
	Screener *safety.Screener
	// Lines are the numbers and wording; nil loads knowledge/crisis.yaml.
	Lines  *knowledge.Crisis
	Logger *slog.Logger
	// AlertRetry says how a failed safeguarding alert is retried.
	AlertRetry AlertRetry
}

// Crisis is the crisis path; it implements bot.Safeguard.
type Crisis struct {
	screener *safety.Screener
	// screen is screener.Screen; a test may put a failing screen here.
	screen func(string) safety.Verdict
	lines  *knowledge.Crisis
	log    *slog.Logger
	alerts alerter
	// notifier carries the lead's alert; nil until AlertThrough.
	notifier bot.Notifier
}

// New builds the crisis path, loading the embedded screen and numbers
// where the config leaves them out.
func New(cfg Config) (*Crisis, error) {
	c := &Crisis{screener: cfg.Screener, lines: cfg.Lines, log: cfg.Logger, alerts: alerter{retry: cfg.AlertRetry}}
	var err error
	if c.screener == nil {
		if c.screener, err = safety.Default(); err != nil {
			return nil, fmt.Errorf("crisis screen: %w", err)
		}
	}
	if c.lines == nil {
		if c.lines, err = knowledge.DefaultCrisis(); err != nil {
			return nil, fmt.Errorf("crisis lines: %w", err)
		}
	}
	if c.log == nil {
		c.log = slog.Default()
	}
	return c, nil
}

// AlertThrough sets the notifier that carries safeguarding alerts. The
// bot's notifier exists only once the bot does, and the bot cannot exist
// without this package, so it is attached after both are built.
func (c *Crisis) AlertThrough(n bot.Notifier) { c.notifier = n }

// Screen is the crisis screen's verdict on a message.
//
// The screen is code, and code can fail: if it panics, the message gets
// the concern reply with the numbers rather than no reply at all, and the
// failure is logged without the message.
func (c *Crisis) Screen(text string) (v safety.Verdict) {
	defer func() {
		if p := recover(); p != nil {
			c.log.Error("crisis screen failed; showing the crisis lines", "panic", fmt.Sprint(p))
			v = safety.Verdict{Level: safety.Concern, Hinted: true}
		}
	}()
	if c.screen != nil {
		return c.screen(text)
	}
	return c.screener.Screen(text)
}

// Screener is the screen itself, for features that read idioms with it.
func (c *Crisis) Screener() *safety.Screener { return c.screener }

// Lines are the numbers and wording the replies use.
func (c *Crisis) Lines() *knowledge.Crisis { return c.lines }

// CrisisReply signposts at once, privately. It never searches, never
// records the message, and never waits: the safeguarding lead's alert goes
// out in the background, so a slow or failing platform cannot delay the
// numbers.
func (c *Crisis) CrisisReply(ctx context.Context, req bot.Request, v safety.Verdict) bot.Reply {
	var sb strings.Builder
	level := bot.LevelCrisis
	if v.Level == safety.Concern {
		level = bot.LevelConcern
	}
	switch {
	case v.Other && level == bot.LevelCrisis:
		sb.WriteString(strings.TrimSpace(c.lines.Other))
	case v.Other:
		sb.WriteString(strings.TrimSpace(c.lines.OtherConcern))
	case level == bot.LevelConcern:
		sb.WriteString(strings.TrimSpace(c.lines.Concern))
	default:
		sb.WriteString(strings.TrimSpace(c.lines.Self))
	}
	sb.WriteString("\n\n")
	if v.Other || level == bot.LevelCrisis {
		// 999 leads whenever someone may be in danger now.
		sb.WriteString("- Emergency: call 999\n")
	}
	for _, l := range c.lines.LinesFor(req.Jurisdiction()) {
		fmt.Fprintf(&sb, "- %s: %s", l.Name, l.How)
		if l.When != "" {
			fmt.Fprintf(&sb, " (%s)", l.When)
		}
		sb.WriteString("\n")
	}
	sb.WriteString("\n")
	sb.WriteString(strings.TrimSpace(c.lines.Closing))
	var guidance []bot.Suggestion
	if v.Other && len(c.lines.OtherGuidance) > 0 {
		// Whoever is worried about someone else is often an organiser
		// asking what to do; the steps are in reviewed entries, offered
		// once the numbers have been said.
		sb.WriteString("\n\nWhen everyone is safe, Waymark's guidance for organisers may help:")
		for _, g := range c.lines.OtherGuidance {
			fmt.Fprintf(&sb, "\n- %s (/waymark kb show %s)", g.Title, g.ID)
			guidance = append(guidance, bot.Suggestion{ID: g.ID, Title: g.Title})
		}
	}
	c.alertSafeguardingLead(ctx, req, level)
	title := "You don't have to deal with this alone"
	if v.Other {
		title = "If someone is in danger, call 999"
	}
	return bot.Reply{Kind: bot.KindCrisis, Level: level, Text: sb.String(), Title: title, Private: true, Suggestions: guidance}
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
func (c *Crisis) alertSafeguardingLead(ctx context.Context, req bot.Request, level string) {
	if req.Tenant == nil || req.Tenant.Settings.SafeguardingLead == "" || c.notifier == nil {
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
	if level == bot.LevelConcern {
		what = "may be struggling"
	}
	msg := bot.Reply{
		Kind: bot.KindInfo,
		Text: fmt.Sprintf("Safeguarding alert from Waymark: %s (user %s) wrote something in %s that suggests they or someone else %s, and was shown crisis support details. Please check in with them as your group's policy says. Their message is not shown here to respect their privacy.",
			displayName(req), req.UserID, where, what),
		Private: true,
	}
	tenant := *req.Tenant
	policy := c.alerts.retry.withDefaults()
	// The alert outlives the request: the person's reply has already gone.
	actx := context.WithoutCancel(ctx)
	c.alerts.wg.Add(1)
	go func() {
		defer c.alerts.wg.Done()
		defer func() {
			if p := recover(); p != nil {
				c.log.Error("safeguarding alert panicked", "tenant", tenant.ID, "panic", fmt.Sprint(p))
			}
		}()
		backoff := retry.WithMaxRetries(uint64(policy.Attempts-1), retry.NewExponential(policy.Base))
		err := retry.Do(actx, backoff, func(ctx context.Context) error {
			ctx, cancel := context.WithTimeout(ctx, policy.Timeout)
			defer cancel()
			err := c.notifier.DirectMessage(ctx, &tenant, lead, msg)
			if errors.Is(err, bot.ErrNoNotifier) {
				// No platform is attached (a one-off `waymark ask`):
				// there is no one to alert, now or on a retry.
				return nil
			}
			if err != nil {
				c.log.WarnContext(ctx, "safeguarding alert not delivered; will retry", "tenant", tenant.ID, "err", err)
				return retry.RetryableError(err)
			}
			return nil
		})
		if err != nil {
			c.log.ErrorContext(actx, "safeguarding alert not delivered", "tenant", tenant.ID, "attempts", policy.Attempts, "err", err)
		}
	}()
}

// WaitAlerts waits until every safeguarding alert in flight has been
// delivered or has given up, or ctx ends. Shutdown calls it so alerts are
// not cut off.
func (c *Crisis) WaitAlerts(ctx context.Context) error {
	done := make(chan struct{})
	go func() {
		c.alerts.wg.Wait()
		close(done)
	}()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("wait for safeguarding alerts: %w", ctx.Err())
	}
}

func displayName(req bot.Request) string {
	if req.UserName != "" {
		return req.UserName
	}
	return "A member"
}
