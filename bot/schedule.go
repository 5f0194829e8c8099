package bot

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/waymark-org/waymark/internal/dates"
)

// Job kinds run by the job engine.
const (
	JobReminder = "deadline.reminder"
	JobCheckin  = "checkin"
)

// Job is one occurrence of scheduled work. (TenantID, Kind, Key) is unique
// for ever, so an occurrence is enqueued, and sent, at most once.
type Job struct {
	ID       int64     `db:"id"`
	TenantID int64     `db:"tenant_id"`
	Kind     string    `db:"kind"`
	Key      string    `db:"occurrence_key"`
	Subject  string    `db:"subject"` // what it belongs to: "deadline:42", "checkin:U123"
	RunAt    time.Time `db:"run_at"`
	Payload  []byte    `db:"payload"`
	Attempts int       `db:"attempts"` // including the current one
	// MovedTo is when a snooze (SnoozeError) last moved the job to; zero
	// if it never was. A moved check-in's lateness counts from it.
	MovedTo time.Time `db:"-"`
}

// SnoozeError, returned by Deliver, asks the job engine to run the job
// again at Until without counting an attempt or recording an outcome (River
// snoozes it): the night window moves a check-in to the morning.
type SnoozeError struct{ Until time.Time }

func (e *SnoozeError) Error() string {
	return "moved to " + e.Until.UTC().Format(time.RFC3339)
}

// Job outcomes recorded when a job finishes.
const (
	OutcomeSent    = "sent"
	OutcomeLate    = "late"    // sent after downtime, marked late
	OutcomeSkipped = "skipped" // deliberately not sent (a stale or paused check-in)
	OutcomeDropped = "dropped" // what it was for no longer exists
	OutcomeFailed  = "failed"  // retries exhausted; the owner was told
)

// ReminderPayload is what a reminder job carries. The deadline is read
// again at delivery, so edits since scheduling are honoured.
type ReminderPayload struct {
	DeadlineID int64  `json:"deadline_id"`
	Due        string `json:"due"`
	DaysBefore int    `json:"days_before"`
}

// Reminder is one reminder instant of a deadline.
type Reminder = dates.Reminder

// Deadline is a date the group must not miss.
type Deadline struct {
	// ID is the row's id, used inside Waymark (jobs, buttons of old).
	ID int64
	// Number is how the group knows it (#3): each group counts its own
	// from 1, and a number is never given out twice.
	Number     int64
	TenantID   int64
	Title      string
	Due        dates.Date
	Anchor     dates.Date // the first due date; recurrences count from it
	Recurrence dates.Recurrence
	RemindDays []int // days before Due, largest first
	ChannelID  string
	OwnerID    string
	OwnerName  string
	EntryID    string // a knowledge entry about it, for the calendar
	// CalendarKey marks a governance-calendar deadline, so adding the
	// calendar twice adds nothing new.
	CalendarKey string
	// Time is the time of day, "19:00", for a meeting; "" for a whole day.
	// It is shown with the date; reminders still go at the group's
	// reminder hour.
	Time string
	// SnoozedUntil is the day the next reminder was snoozed to: none goes
	// out before it, one goes out on it. Zero when not snoozed.
	SnoozedUntil dates.Date
	CreatedAt    time.Time
	DoneAt       time.Time
}

// DeadlineStore keeps deadlines and their reminder jobs. Saving a deadline
// and (re)scheduling its reminders happen in one transaction, so nothing
// is half-saved.
type DeadlineStore interface {
	// SaveDeadline inserts (ID 0, setting d.ID) or updates d, replaces its
	// unsent reminder jobs with one per reminder, and reports false without
	// saving when d.CalendarKey is already taken.
	SaveDeadline(ctx context.Context, d *Deadline, reminders []Reminder) (bool, error)
	// Deadline returns one of the tenant's deadlines. A row it cannot
	// read comes back as far as it could be read, with an error wrapping
	// ErrUnreadable.
	Deadline(ctx context.Context, tenantID, id int64) (*Deadline, error)
	// DeadlineByNumber is Deadline by the group's own number.
	DeadlineByNumber(ctx context.Context, tenantID, number int64) (*Deadline, error)
	// UpcomingDeadlines lists deadlines not done, soonest first. Rows it
	// cannot read are skipped and returned apart, as far as they could be
	// read, so one bad row never hides the rest.
	UpcomingDeadlines(ctx context.Context, tenantID int64, limit int) (ds, unreadable []Deadline, err error)
	// DeleteDeadline deletes the deadline and its unsent reminders.
	DeleteDeadline(ctx context.Context, tenantID, id int64) error
	// ForgetDeadlineOwner removes a person's id and name from the group's
	// deadlines, which stay, and returns their titles.
	ForgetDeadlineOwner(ctx context.Context, tenantID int64, userID string) ([]string, error)
}

// CheckinSub is a person's opt-in to check-ins.
type CheckinSub struct {
	TenantID    int64
	UserID      string
	EveryDays   int // 7 or 14
	Weekday     time.Weekday
	Minute      int        // local minutes after midnight
	PausedUntil dates.Date // zero when not paused
	CreatedAt   time.Time
}

// Checkin is one check-in asked of a person, and their answer.
type Checkin struct {
	ID         int64
	Key        string
	AskedAt    time.Time
	AnsweredAt time.Time // zero until answered or skipped
	Score      int       // 1-5; 0 when unanswered or skipped
	Note       string
	Skipped    bool
}

// CheckinStore keeps check-ins. Nothing here returns another person's
// answers: reads are per person, and the pulse returns bare scores.
type CheckinStore interface {
	// SaveCheckinSub upserts the opt-in and replaces the person's pending
	// check-in job with next, in one transaction.
	SaveCheckinSub(ctx context.Context, s CheckinSub, next Job) error
	CheckinSub(ctx context.Context, tenantID int64, userID string) (*CheckinSub, error)
	// DeleteCheckinSub opts the person out and cancels the pending job.
	DeleteCheckinSub(ctx context.Context, tenantID int64, userID string) error
	// AskCheckin records that a check-in was asked; asking the same
	// occurrence again is a no-op.
	AskCheckin(ctx context.Context, tenantID int64, userID, key string, at time.Time) error
	// PendingCheckin is the latest unanswered check-in asked since since.
	PendingCheckin(ctx context.Context, tenantID int64, userID string, since time.Time) (*Checkin, error)
	AnswerCheckin(ctx context.Context, tenantID int64, userID string, id int64, score int, skipped bool, at time.Time) error
	NoteCheckin(ctx context.Context, tenantID int64, userID string, id int64, note string) error
	// CheckinHistory is the person's latest answered or skipped check-ins,
	// newest first.
	CheckinHistory(ctx context.Context, tenantID int64, userID string, limit int) ([]Checkin, error)
	// PulseScores is each person's latest score answered since since,
	// without who gave it.
	PulseScores(ctx context.Context, tenantID int64, since time.Time) ([]int, error)
	// ForgetCheckins deletes a person's check-ins, opt-in and pending jobs.
	ForgetCheckins(ctx context.Context, tenantID int64, userID string) (int, error)
	// EnqueueJob adds a job unless its occurrence already exists.
	EnqueueJob(ctx context.Context, j Job) error
}

// SchedulingStore is what deadlines and check-ins need from persistence.
type SchedulingStore interface {
	DeadlineStore
	CheckinStore
}

// Scheduling is the deadlines and check-ins feature: its commands, button
// actions, and the delivery of the jobs it schedules.
type Scheduling struct {
	b      *Bot
	store  SchedulingStore
	parser *dates.Parser
	log    *slog.Logger
}

// EnableScheduling adds the deadline and checkin commands, the check-in
// buttons and their forget-me data to b. Call it before b serves requests.
func EnableScheduling(b *Bot, s SchedulingStore) *Scheduling {
	sc := &Scheduling{b: b, store: s, parser: dates.NewParser(), log: b.log}
	b.Register("deadline", "deadlines with reminders, and your governance calendar",
		"/waymark deadline add <title> [<when>] [every week|other Friday|first Monday|last Friday|month|year] [at 7pm] [remind 2 days before, a week before] [in #channel] | list | done|edit|delete <number> | snooze <number> 3d | calendar --year-end 31 March",
		false, sc.deadlineCommand)
	b.Register("checkin", "opt-in, private check-ins on how you're doing",
		"/waymark checkin on [weekly|fortnightly] [day] [time] | off | pause until <date> | now | history | note <text> | pulse",
		false, sc.checkinCommand)
	b.RegisterAction("checkin.", sc.checkinAction)
	b.RegisterAction("deadline.", sc.deadlineAction)
	b.AddPersonalData(forgetFunc(sc.forgetCheckins))
	b.AddPersonalData(forgetFunc(sc.forgetDeadlines))
	return sc
}

type forgetFunc func(ctx context.Context, tenantID int64, userID string) (Forgotten, error)

func (f forgetFunc) ForgetUser(ctx context.Context, tenantID int64, userID string) (Forgotten, error) {
	return f(ctx, tenantID, userID)
}

func (s *Scheduling) now() time.Time { return s.b.now() }

// tenant loads a tenant for delivery. The store caches tenant rows and
// drops them on every change, so a batch of reminders for one group does
// not read the same row a thousand times, and a change of time zone or
// nation applies to the next delivery.
func (s *Scheduling) tenant(ctx context.Context, id int64) (*Tenant, error) {
	t, err := s.b.store.Tenant(ctx, id)
	if err != nil {
		return nil, fmt.Errorf("load tenant %d: %w", id, err)
	}
	return t, nil
}

// LateAfter is how long after its time a reminder counts as late.
const LateAfter = 15 * time.Minute

// Deliver runs one job: it sends the reminder or check-in and returns the
// outcome to record. An error means "retry later"; nothing was recorded.
func (s *Scheduling) Deliver(ctx context.Context, j Job) (string, error) {
	if s.b.notifier == nil {
		return "", errors.New("no notifier attached")
	}
	t, err := s.tenant(ctx, j.TenantID)
	if errors.Is(err, ErrNotFound) {
		return OutcomeDropped, nil
	}
	if err != nil {
		return "", err
	}
	switch j.Kind {
	case JobReminder:
		return s.deliverReminder(ctx, t, j)
	case JobCheckin:
		return s.deliverCheckin(ctx, t, j)
	}
	return OutcomeDropped, nil
}

// GiveUp is called when a job has failed every retry: the person it
// belongs to is told, so nothing disappears silently.
func (s *Scheduling) GiveUp(ctx context.Context, j Job, cause error) error {
	t, err := s.tenant(ctx, j.TenantID)
	if err != nil {
		return err
	}
	switch j.Kind {
	case JobReminder:
		var p ReminderPayload
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
			d.Title, d.Due, channelName(d.ChannelID), cause, d.Number)
		return s.b.notifier.DirectMessage(ctx, t, d.OwnerID, Reply{Kind: KindError, Text: msg, Private: true})
	case JobCheckin:
		// The person's DMs are what failed; there is no one else who may
		// be told about their check-in. The failure stays in the job row.
		return fmt.Errorf("check-in for a person could not be delivered: %w", cause)
	}
	return nil
}

func channelName(id string) string {
	if id == "" {
		return "the channel"
	}
	if strings.HasPrefix(id, "#") || strings.HasPrefix(id, "<#") {
		return id
	}
	return "<#" + id + ">"
}
