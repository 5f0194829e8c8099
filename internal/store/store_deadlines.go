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
	CreatedAt   Timestamp     `db:"created_at"`
	DoneAt      NullTimestamp `db:"done_at"`
}

const deadlineColumns = `id, tenant_id, title, due, anchor, recurrence, remind_days, channel_id, owner_id, owner_name, entry_id, calendar_key, created_at, done_at`

func (r deadlineRow) deadline() (bot.Deadline, error) {
	due, err := dates.ParseISO(r.Due)
	if err != nil {
		return bot.Deadline{}, fmt.Errorf("deadline %d: %w", r.ID, err)
	}
	anchor, err := dates.ParseISO(r.Anchor)
	if err != nil {
		return bot.Deadline{}, fmt.Errorf("deadline %d: %w", r.ID, err)
	}
	var days []int
	for _, f := range strings.Split(r.RemindDays, ",") {
		if f == "" {
			continue
		}
		n, err := strconv.Atoi(f)
		if err != nil {
			return bot.Deadline{}, fmt.Errorf("deadline %d reminders %q: %w", r.ID, r.RemindDays, err)
		}
		days = append(days, n)
	}
	return bot.Deadline{
		ID: r.ID, TenantID: r.TenantID, Title: r.Title, Due: due, Anchor: anchor,
		Recurrence: dates.Recurrence(r.Recurrence), RemindDays: days, ChannelID: r.ChannelID,
		OwnerID: r.OwnerID, OwnerName: r.OwnerName, EntryID: r.EntryID, CalendarKey: r.CalendarKey,
		CreatedAt: r.CreatedAt.Time, DoneAt: r.DoneAt.Time,
	}, nil
}

func joinInts(ns []int) string {
	s := make([]string, len(ns))
	for i, n := range ns {
		s[i] = strconv.Itoa(n)
	}
	return strings.Join(s, ",")
}

// SaveDeadline inserts or updates d and replaces its unsent reminder jobs,
// all in one transaction. Reminder occurrence keys name the deadline, the
// due date and the offset, so a reminder already sent for that day is not
// sent again if a deadline is edited back to it.
func (db *DB) SaveDeadline(ctx context.Context, d *bot.Deadline, reminders []bot.Reminder) (bool, error) {
	at := now()
	var done NullTimestamp
	if !d.DoneAt.IsZero() {
		done = NullTimestamp{Time: d.DoneAt, Valid: true}
	}
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
			err := tx.GetContext(ctx, &d.ID, tx.Rebind(`
				INSERT INTO deadlines (tenant_id, title, due, anchor, recurrence, remind_days, channel_id, owner_id, owner_name, entry_id, calendar_key, created_at, updated_at, done_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`),
				d.TenantID, d.Title, d.Due.ISO(), d.Anchor.ISO(), string(d.Recurrence), joinInts(d.RemindDays), d.ChannelID,
				d.OwnerID, d.OwnerName, d.EntryID, d.CalendarKey, Timestamp{at}, Timestamp{at}, done)
			if err != nil {
				return fmt.Errorf("insert deadline: %w", err)
			}
			d.CreatedAt = at
		} else {
			res, err := tx.ExecContext(ctx, tx.Rebind(`
				UPDATE deadlines SET title = ?, due = ?, anchor = ?, recurrence = ?, remind_days = ?, channel_id = ?, updated_at = ?, done_at = ?
				WHERE tenant_id = ? AND id = ?`),
				d.Title, d.Due.ISO(), d.Anchor.ISO(), string(d.Recurrence), joinInts(d.RemindDays), d.ChannelID, Timestamp{at}, done, d.TenantID, d.ID)
			if err != nil {
				return fmt.Errorf("update deadline %d: %w", d.ID, err)
			}
			if n, _ := res.RowsAffected(); n == 0 {
				return fmt.Errorf("update deadline %d: %w", d.ID, bot.ErrNotFound)
			}
		}
		subject := fmt.Sprintf("deadline:%d", d.ID)
		if err := cancelJobs(ctx, tx, d.TenantID, subject, at); err != nil {
			return err
		}
		for _, r := range reminders {
			payload, err := json.Marshal(bot.ReminderPayload{DeadlineID: d.ID, Due: d.Due.ISO(), DaysBefore: r.DaysBefore})
			if err != nil {
				return err
			}
			j := bot.Job{TenantID: d.TenantID, Kind: bot.JobReminder, Subject: subject, RunAt: r.At, Payload: payload,
				Key: fmt.Sprintf("%d/%s/%d", d.ID, d.Due.ISO(), r.DaysBefore)}
			if err := insertJob(ctx, tx, j, at); err != nil {
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

// UpcomingDeadlines lists deadlines not done, soonest first.
func (db *DB) UpcomingDeadlines(ctx context.Context, tenantID int64, limit int) ([]bot.Deadline, error) {
	var rows []deadlineRow
	err := db.x.SelectContext(ctx, &rows, db.x.Rebind(`
		SELECT `+deadlineColumns+` FROM deadlines WHERE tenant_id = ? AND done_at IS NULL
		ORDER BY due, id LIMIT ?`), tenantID, limit)
	if err != nil {
		return nil, fmt.Errorf("list deadlines: %w", err)
	}
	out := make([]bot.Deadline, 0, len(rows))
	for _, r := range rows {
		d, err := r.deadline()
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, nil
}

// DeleteDeadline deletes a deadline and its unsent reminders.
func (db *DB) DeleteDeadline(ctx context.Context, tenantID, id int64) error {
	return db.inTx(ctx, func(tx *sqlx.Tx) error {
		if err := cancelJobs(ctx, tx, tenantID, fmt.Sprintf("deadline:%d", id), now()); err != nil {
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
// deadlines; the deadlines themselves belong to the group and stay.
func (db *DB) ForgetDeadlineOwner(ctx context.Context, tenantID int64, userID string) (int, error) {
	res, err := db.x.ExecContext(ctx, db.x.Rebind(`
		UPDATE deadlines SET owner_id = '', owner_name = '', updated_at = ? WHERE tenant_id = ? AND owner_id = ?`),
		Timestamp{now()}, tenantID, userID)
	if err != nil {
		return 0, fmt.Errorf("forget deadline owner: %w", err)
	}
	n, err := res.RowsAffected()
	return int(n), err
}
