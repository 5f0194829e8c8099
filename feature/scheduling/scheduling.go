// Package scheduling is deadlines, the governance calendar and check-ins:
// the deadline and checkin commands, their buttons, what forget-me deletes
// of them, and the delivery of the jobs they schedule (internal/jobs runs
// those jobs with River and calls Deliver and GiveUp).
package scheduling

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/waymark-org/waymark/bot"
	"github.com/waymark-org/waymark/internal/dates"
	"github.com/waymark-org/waymark/knowledge"
)

// Store is what scheduling keeps, and the tenant rows deliveries are
// addressed with.
type Store interface {
	bot.SchedulingStore
	// bot.Tenant may come from the store's cache of tenant rows, which every
	// change drops, so a batch of reminders for one group does not read
	// the same row a thousand times and a change of time zone or nation
	// applies to the next delivery.
	Tenant(ctx context.Context, id int64) (*bot.Tenant, error)
}

// Entries finds a knowledge entry as the group sees it (feature/library),
// for the check-in replies that point to one.
type Entries interface {
	Entry(ctx context.Context, t *bot.Tenant, id string) *knowledge.Entry
}

// Config is what Scheduling is built from. Store, Notifier, Entries and
// Lines are required.
type Config struct {
	Store    Store
	Notifier bot.Notifier
	Entries  Entries
	// Lines are the support numbers a low check-in score is answered with.
	Lines  *knowledge.Crisis
	Now    func() time.Time
	Logger *slog.Logger
}

// Scheduling is the deadlines and check-ins feature: its commands, button
// actions, and the delivery of the jobs it schedules.
type Scheduling struct {
	store    Store
	notifier bot.Notifier
	entries  Entries
	lines    *knowledge.Crisis
	parser   *dates.Parser
	now      func() time.Time
	log      *slog.Logger
}

// New builds Scheduling.
func New(cfg Config) (*Scheduling, error) {
	if cfg.Store == nil || cfg.Notifier == nil || cfg.Entries == nil || cfg.Lines == nil {
		return nil, errors.New("new scheduling: store, notifier, entries and lines are required")
	}
	s := &Scheduling{store: cfg.Store, notifier: cfg.Notifier, entries: cfg.Entries, lines: cfg.Lines, parser: dates.NewParser(), now: cfg.Now, log: cfg.Logger}
	if s.now == nil {
		s.now = time.Now
	}
	if s.log == nil {
		s.log = slog.Default()
	}
	return s, nil
}

// Registrar is the part of the core scheduling registers on.
type Registrar interface {
	Register(bot.Command) error
	RegisterAction(prefix string, fn bot.ActionFunc) error
	RegisterPersonalData(p bot.PersonalData)
}

// Register adds the deadline and checkin commands, the check-in and
// deadline buttons and their forget-me data. Call it before the bot
// serves requests.
func (s *Scheduling) Register(r Registrar) error {
	for _, c := range []bot.Command{
		{Name: "deadline", Summary: "deadlines with reminders, and your governance calendar", Usage: deadlineCommandUsage, Run: s.deadlineCommand},
		{Name: "checkin", Summary: "opt-in, private check-ins on how you're doing", Usage: checkinCommandUsage, Run: s.checkinCommand},
	} {
		if err := r.Register(c); err != nil {
			return err
		}
	}
	if err := r.RegisterAction("checkin.", s.checkinAction); err != nil {
		return err
	}
	if err := r.RegisterAction("deadline.", s.deadlineAction); err != nil {
		return err
	}
	r.RegisterPersonalData(bot.ForgetFunc(s.forgetCheckins))
	r.RegisterPersonalData(bot.ForgetFunc(s.forgetDeadlines))
	return nil
}

const (
	deadlineCommandUsage = "/waymark deadline add <title> [<when>] [every week|other Friday|first Monday|last Friday|month|year] [at 7pm] [remind 2 days before, a week before] [in #channel] | list | done|edit|delete <number> | snooze <number> 3d | calendar --year-end 31 March"
	checkinCommandUsage  = "/waymark checkin on [weekly|fortnightly] [day] [time] | off | pause until <date> | now | history | note <text> | pulse"
)

// tenant loads a tenant for delivery. The store caches tenant rows and
// drops them on every change, so a batch of reminders for one group does
// not read the same row a thousand times, and a change of time zone or
// nation applies to the next delivery.
func (s *Scheduling) tenant(ctx context.Context, id int64) (*bot.Tenant, error) {
	t, err := s.store.Tenant(ctx, id)
	if err != nil {
		return nil, fmt.Errorf("load tenant %d: %w", id, err)
	}
	return t, nil
}

// LateAfter is how long after its time a reminder counts as late.
const LateAfter = 15 * time.Minute

// Deliver runs one job: it sends the reminder or check-in and returns the
// outcome to record. An error means "retry later"; nothing was recorded.
func (s *Scheduling) Deliver(ctx context.Context, j bot.Job) (string, error) {
	t, err := s.tenant(ctx, j.TenantID)
	if errors.Is(err, bot.ErrNotFound) {
		return bot.OutcomeDropped, nil
	}
	if err != nil {
		return "", err
	}
	switch j.Kind {
	case bot.JobReminder:
		return s.deliverReminder(ctx, t, j)
	case bot.JobCheckin:
		return s.deliverCheckin(ctx, t, j)
	}
	return bot.OutcomeDropped, nil
}

// GiveUp is called when a job has failed every retry: the person it
// belongs to is told, so nothing disappears silently.
func (s *Scheduling) GiveUp(ctx context.Context, j bot.Job, cause error) error {
	t, err := s.tenant(ctx, j.TenantID)
	if err != nil {
		return err
	}
	switch j.Kind {
	case bot.JobReminder:
		var p bot.ReminderPayload
		if err := json.Unmarshal(j.Payload, &p); err != nil {
			return fmt.Errorf("reminder payload: %w", err)
		}
		d, err := s.store.Deadline(ctx, j.TenantID, p.DeadlineID)
		if err != nil {
			return fmt.Errorf("load deadline %d: %w", p.DeadlineID, err)
		}
		if d.OwnerID == "" {
			return fmt.Errorf("deadline %d has no owner to tell: %w", d.ID, cause)
		}
		msg := fmt.Sprintf("I couldn't post the reminder for %q (due %s) in %s after several tries: %v. Please check I'm still in that channel, or move it with /waymark deadline edit %d in #channel.",
			d.Title, d.Due, bot.ChannelRef(d.ChannelID), cause, d.Number)
		return s.notifier.DirectMessage(ctx, t, d.OwnerID, bot.Reply{Kind: bot.KindError, Text: msg, Private: true})
	case bot.JobCheckin:
		// The person's DMs are what failed; there is no one else who may
		// be told about their check-in. The failure stays in the job row.
		return fmt.Errorf("check-in for a person could not be delivered: %w", cause)
	}
	return nil
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
