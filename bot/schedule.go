package bot

import (
	"context"
	"time"

	"github.com/waymark-org/waymark/internal/dates"
)

// Job kinds run by the job engine.
const (
	JobReminder = "deadline.reminder"
	JobCheckin  = "checkin"
	// JobDigest is the moderators' weekly digest (feature/digest): one job
	// per group a week, keyed by the week, so replicas never send it twice.
	JobDigest = "moderator.digest"
)

// Job is one occurrence of scheduled work. (TenantID, Kind, Key) is unique
// for ever, so an occurrence is enqueued, and sent, at most once.
type Job struct {
	ID       int64
	TenantID int64
	Kind     string
	Key      string
	Subject  string // what it belongs to: "deadline:42", "checkin:U123"
	RunAt    time.Time
	Payload  []byte
	Attempts int // including the current one
	// MovedTo is when a snooze (SnoozeError) last moved the job to; zero
	// if it never was. A moved check-in's lateness counts from it.
	MovedTo time.Time
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

// Button actions of deadlines and check-ins, stable across platforms:
// "checkin.answer" with value "1".."5", "checkin.skip", and the deadline
// buttons whose value is the group's number ("#3").
const (
	ActionCheckinAnswer         = "checkin.answer"
	ActionCheckinSkip           = "checkin.skip"
	ActionDeadlineDone          = "deadline.done"
	ActionDeadlineDeleteConfirm = "deadline.delete_confirm"
)

// CheckinPayload is what a check-in job carries.
type CheckinPayload struct {
	UserID string `json:"user_id"`
}

// PulseMinPeople is the fewest people whose answers make a pulse:
// moderators see the group's aggregate only when at least this many
// answered, so no one's score can be read from it.
const PulseMinPeople = 5

// ReminderDays are the days before Due that reminders go out. A snooze
// drops the ones before the day snoozed to and adds one on that day.
func (d *Deadline) ReminderDays() []int {
	if d.SnoozedUntil.IsZero() || !d.SnoozedUntil.Before(d.Due) {
		return d.RemindDays
	}
	until := d.SnoozedUntil.DaysUntil(d.Due)
	days := []int{until}
	for _, n := range d.RemindDays {
		if n < until {
			days = append(days, n)
		}
	}
	return days
}

// When is a deadline's date as shown: "Mon 7 Dec 2026", with its time of
// day when it has one ("Mon 7 Dec 2026 at 19:00").
func (d *Deadline) When() string {
	if d.Time != "" {
		return d.Due.String() + " at " + d.Time
	}
	return d.Due.String()
}
