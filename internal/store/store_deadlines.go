package store

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/jmoiron/sqlx"

	"github.com/waymark-org/waymark/bot"
	"github.com/waymark-org/waymark/internal/dates"
)

var _ bot.SchedulingStore = (*DB)(nil)

type deadlineRow struct {
	ID          int64         `db:"id"`
	TenantID    int64         `db:"tenant_id"`
	Number      int64         `db:"number"`
	Title       string        `db:"title"`
	Due         string        `db:"due"`
	Anchor      string        `db:"anchor"`
	Recurrence  string        `db:"recurrence"`
	RemindDays  string        `db:"remind_days"`
	ChannelID   string        `db:"channel_id"`
	OwnerID     string        `db:"owner_id"`
	OwnerName   string        `db:"owner_name"`
	EntryID     string        `db:"entry_id"`
	CalendarKey string        `db:"calendar_key"`
	TimeOfDay   string        `db:"time_of_day"`
	Snoozed     string        `db:"snoozed_until"`
	CreatedAt   Timestamp     `db:"created_at"`
	DoneAt      NullTimestamp `db:"done_at"`
}

const deadlineColumns = `id, tenant_id, number, title, due, anchor, recurrence, remind_days, channel_id, owner_id, owner_name, entry_id, calendar_key, time_of_day, snoozed_until, created_at, done_at`

// deadline converts a row. A row it cannot read is returned with the
// fields that need no parsing (id, title, owner...) and an error wrapping
// bot.ErrUnreadable.
func (r deadlineRow) deadline() (bot.Deadline, error) {
	d := bot.Deadline{
		ID: r.ID, TenantID: r.TenantID, Number: r.Number, Title: r.Title,
		Recurrence: dates.Recurrence(r.Recurrence), ChannelID: r.ChannelID,
		OwnerID: r.OwnerID, OwnerName: r.OwnerName, EntryID: r.EntryID, CalendarKey: r.CalendarKey,
		Time: r.TimeOfDay, CreatedAt: r.CreatedAt.Time, DoneAt: r.DoneAt.Time,
	}
	var err error
	if !d.Recurrence.Valid() {
		return d, fmt.Errorf("deadline %d repeat %q: %w", r.ID, r.Recurrence, bot.ErrUnreadable)
	}
	if r.Snoozed != "" {
		if d.SnoozedUntil, err = dates.ParseISO(r.Snoozed); err != nil {
			return d, fmt.Errorf("deadline %d snoozed until: %w: %w", r.ID, bot.ErrUnreadable, err)
		}
	}
	if d.Due, err = dates.ParseISO(r.Due); err != nil {
		return d, fmt.Errorf("deadline %d due date: %w: %w", r.ID, bot.ErrUnreadable, err)
	}
	if d.Anchor, err = dates.ParseISO(r.Anchor); err != nil {
		return d, fmt.Errorf("deadline %d first date: %w: %w", r.ID, bot.ErrUnreadable, err)
	}
	for _, f := range strings.Split(r.RemindDays, ",") {
		if f == "" {
			continue
		}
		n, err := strconv.Atoi(f)
		if err != nil {
			return d, fmt.Errorf("deadline %d reminders %q: %w: %w", r.ID, r.RemindDays, bot.ErrUnreadable, err)
		}
		d.RemindDays = append(d.RemindDays, n)
	}
	return d, nil
}

// snoozedText is how SnoozedUntil is stored: ISO, or "" when not snoozed.
func snoozedText(d *bot.Deadline) string {
	if d.SnoozedUntil.IsZero() {
		return ""
	}
	return d.SnoozedUntil.ISO()
}

// maxStoredYear keeps dates four-digit years: ISO text sorts as dates only
// then, and every reader (Go's time.Parse among them) understands them.
const maxStoredYear = 9999

func joinInts(ns []int) string {
	s := make([]string, len(ns))
	for i, n := range ns {
		s[i] = strconv.Itoa(n)
	}
	return strings.Join(s, ",")
}

// SaveDeadline inserts or updates d and replaces its unsent reminder jobs,
// all in one transaction (River's InsertTx). Reminder occurrence keys name the deadline, the
// due date and the offset, so a reminder already sent for that day is not
// sent again if a deadline is edited back to it.
func (db *DB) SaveDeadline(ctx context.Context, d *bot.Deadline, reminders []bot.Reminder) (bool, error) {
	at := now()
	var done NullTimestamp
	if !d.DoneAt.IsZero() {
		done = NullTimestamp{Time: d.DoneAt, Valid: true}
	}
	if d.Due.Year > maxStoredYear || d.Anchor.Year > maxStoredYear || d.Due.Year < 1 || d.Anchor.Year < 1 {
		return false, fmt.Errorf("save deadline %d: date %s outside the years 1 to %d", d.ID, d.Due.ISO(), maxStoredYear)
	}
	d.Title, d.ChannelID, d.OwnerID, d.OwnerName = clean(d.Title), clean(d.ChannelID), clean(d.OwnerID), clean(d.OwnerName)
	d.EntryID, d.CalendarKey = clean(d.EntryID), clean(d.CalendarKey)
	saved := true
	err := db.inTx(ctx, func(tx *sqlx.Tx) error {
		if d.ID == 0 {
			if d.CalendarKey != "" {
				var n int
				if err := tx.GetContext(ctx, &n, tx.Rebind(`SELECT COUNT(*) FROM deadlines WHERE tenant_id = ? AND calendar_key = ?`), d.TenantID, d.CalendarKey); err != nil {
					return fmt.Errorf("check calendar deadline: %w", err)
				}
				if n > 0 {
					saved = false
					return nil
				}
			}
			// The group's next number. The upsert takes the counter row's
			// lock, so concurrent adds in one group get distinct numbers.
			err := tx.GetContext(ctx, &d.Number, tx.Rebind(`
				INSERT INTO deadline_counters (tenant_id, last_number) VALUES (?, 1)
				ON CONFLICT (tenant_id) DO UPDATE SET last_number = deadline_counters.last_number + 1
				RETURNING last_number`), d.TenantID)
			if err != nil {
				return fmt.Errorf("number deadline: %w", err)
			}
			err = tx.GetContext(ctx, &d.ID, tx.Rebind(`
				INSERT INTO deadlines (tenant_id, number, title, due, anchor, recurrence, remind_days, channel_id, owner_id, owner_name, entry_id, calendar_key, time_of_day, snoozed_until, created_at, updated_at, done_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`),
				d.TenantID, d.Number, d.Title, d.Due.ISO(), d.Anchor.ISO(), string(d.Recurrence), joinInts(d.RemindDays), d.ChannelID,
				d.OwnerID, d.OwnerName, d.EntryID, d.CalendarKey, clean(d.Time), snoozedText(d), Timestamp{at}, Timestamp{at}, done)
			if err != nil {
				return fmt.Errorf("insert deadline: %w", err)
			}
			d.CreatedAt = at
		} else {
			res, err := tx.ExecContext(ctx, tx.Rebind(`
				UPDATE deadlines SET title = ?, due = ?, anchor = ?, recurrence = ?, remind_days = ?, channel_id = ?,
				    time_of_day = ?, snoozed_until = ?, updated_at = ?, done_at = ?
				WHERE tenant_id = ? AND id = ?`),
				d.Title, d.Due.ISO(), d.Anchor.ISO(), string(d.Recurrence), joinInts(d.RemindDays), d.ChannelID,
				clean(d.Time), snoozedText(d), Timestamp{at}, done, d.TenantID, d.ID)
			if err != nil {
				return fmt.Errorf("update deadline %d: %w", d.ID, err)
			}
			if n, _ := res.RowsAffected(); n == 0 {
				return fmt.Errorf("update deadline %d: %w", d.ID, bot.ErrNotFound)
			}
		}
		subject := fmt.Sprintf("deadline:%d", d.ID)
		if err := db.cancelJobs(ctx, tx, d.TenantID, subject); err != nil {
			return err
		}
		for _, r := range reminders {
			payload, err := json.Marshal(bot.ReminderPayload{DeadlineID: d.ID, Due: d.Due.ISO(), DaysBefore: r.DaysBefore})
			if err != nil {
				return err
			}
			j := bot.Job{TenantID: d.TenantID, Kind: bot.JobReminder, Subject: subject, RunAt: r.At, Payload: payload,
				Key: fmt.Sprintf("%d/%s/%d", d.ID, d.Due.ISO(), r.DaysBefore)}
			if err := db.insertJob(ctx, tx.Tx, j); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		// Not the title: errors are logged, and a title is what a person wrote.
		return false, fmt.Errorf("save deadline %d of tenant %d: %w", d.ID, d.TenantID, err)
	}
	return saved, nil
}

// Deadline returns one of a tenant's deadlines.
func (db *DB) Deadline(ctx context.Context, tenantID, id int64) (*bot.Deadline, error) {
	var r deadlineRow
	err := db.x.GetContext(ctx, &r, db.x.Rebind(`SELECT `+deadlineColumns+` FROM deadlines WHERE tenant_id = ? AND id = ?`), tenantID, id)
	if notFound(err) {
		return nil, fmt.Errorf("deadline %d: %w", id, bot.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("load deadline %d: %w", id, err)
	}
	d, err := r.deadline()
	return &d, err
}

// DeadlineByNumber returns the deadline a group knows by number (#3).
func (db *DB) DeadlineByNumber(ctx context.Context, tenantID, number int64) (*bot.Deadline, error) {
	var r deadlineRow
	err := db.x.GetContext(ctx, &r, db.x.Rebind(`SELECT `+deadlineColumns+` FROM deadlines WHERE tenant_id = ? AND number = ?`), tenantID, number)
	if notFound(err) {
		return nil, fmt.Errorf("deadline #%d: %w", number, bot.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("load deadline #%d: %w", number, err)
	}
	d, err := r.deadline()
	return &d, err
}

// UpcomingDeadlines lists deadlines not done, soonest first. A row it
// cannot read is logged and returned apart instead of failing the list.
func (db *DB) UpcomingDeadlines(ctx context.Context, tenantID int64, limit int) ([]bot.Deadline, []bot.Deadline, error) {
	var rows []deadlineRow
	err := db.x.SelectContext(ctx, &rows, db.x.Rebind(`
		SELECT `+deadlineColumns+` FROM deadlines WHERE tenant_id = ? AND done_at IS NULL
		ORDER BY due, number LIMIT ?`), tenantID, limit)
	if err != nil {
		return nil, nil, fmt.Errorf("list deadlines: %w", err)
	}
	out := make([]bot.Deadline, 0, len(rows))
	var unreadable []bot.Deadline
	for _, r := range rows {
		d, err := r.deadline()
		if err != nil {
			db.logger.WarnContext(ctx, "skipped a deadline that cannot be read", "tenant", tenantID, "deadline", r.ID, "err", err)
			unreadable = append(unreadable, d)
			continue
		}
		out = append(out, d)
	}
	return out, unreadable, nil
}

// DeleteDeadline deletes a deadline and its unsent reminders.
func (db *DB) DeleteDeadline(ctx context.Context, tenantID, id int64) error {
	return db.inTx(ctx, func(tx *sqlx.Tx) error {
		if err := db.cancelJobs(ctx, tx, tenantID, fmt.Sprintf("deadline:%d", id)); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, tx.Rebind(`DELETE FROM deadlines WHERE tenant_id = ? AND id = ?`), tenantID, id)
		if err != nil {
			return fmt.Errorf("delete deadline %d: %w", id, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("delete deadline %d: %w", id, bot.ErrNotFound)
		}
		return nil
	})
}

// ForgetDeadlineOwner removes a person's id and name from the group's
// deadlines, which belong to the group and stay, and returns their titles.
func (db *DB) ForgetDeadlineOwner(ctx context.Context, tenantID int64, userID string) ([]string, error) {
	var titles []string
	err := db.inTx(ctx, func(tx *sqlx.Tx) error {
		if err := tx.SelectContext(ctx, &titles, tx.Rebind(`
			SELECT title FROM deadlines WHERE tenant_id = ? AND owner_id = ? ORDER BY number`), tenantID, userID); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, tx.Rebind(`
			UPDATE deadlines SET owner_id = '', owner_name = '', updated_at = ? WHERE tenant_id = ? AND owner_id = ?`),
			Timestamp{now()}, tenantID, userID)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("forget deadline owner: %w", err)
	}
	return titles, nil
}
