package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/waymark-org/waymark/bot"
	"github.com/waymark-org/waymark/internal/dates"
)

func checkinSubject(userID string) string { return "checkin:" + userID }

// SaveCheckinSub upserts a person's opt-in and replaces their pending
// check-in with next, in one transaction.
func (db *DB) SaveCheckinSub(ctx context.Context, s bot.CheckinSub, next bot.Job) error {
	paused := ""
	if !s.PausedUntil.IsZero() {
		paused = s.PausedUntil.ISO()
	}
	at := now()
	s.UserID = clean(s.UserID)
	return db.inTx(ctx, func(tx *sqlx.Tx) error {
		_, err := tx.ExecContext(ctx, tx.Rebind(`
			INSERT INTO checkin_subscriptions (tenant_id, user_id, every_days, weekday, minute, paused_until, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (tenant_id, user_id) DO UPDATE SET every_days = excluded.every_days,
			    weekday = excluded.weekday, minute = excluded.minute, paused_until = excluded.paused_until`),
			s.TenantID, s.UserID, s.EveryDays, int(s.Weekday), s.Minute, paused, Timestamp{at})
		if err != nil {
			return fmt.Errorf("save check-in opt-in: %w", err)
		}
		if err := db.cancelJobs(ctx, tx, s.TenantID, checkinSubject(s.UserID)); err != nil {
			return err
		}
		next.Subject = checkinSubject(s.UserID)
		return db.insertJob(ctx, tx.Tx, next)
	})
}

// CheckinSub returns a person's opt-in, or bot.ErrNotFound.
func (db *DB) CheckinSub(ctx context.Context, tenantID int64, userID string) (*bot.CheckinSub, error) {
	var r struct {
		EveryDays   int       `db:"every_days"`
		Weekday     int       `db:"weekday"`
		Minute      int       `db:"minute"`
		PausedUntil string    `db:"paused_until"`
		CreatedAt   Timestamp `db:"created_at"`
	}
	err := db.x.GetContext(ctx, &r, db.x.Rebind(`
		SELECT every_days, weekday, minute, paused_until, created_at FROM checkin_subscriptions
		WHERE tenant_id = ? AND user_id = ?`), tenantID, userID)
	if notFound(err) {
		return nil, fmt.Errorf("check-in opt-in: %w", bot.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("load check-in opt-in: %w", err)
	}
	s := &bot.CheckinSub{TenantID: tenantID, UserID: userID, EveryDays: r.EveryDays, Weekday: time.Weekday(r.Weekday),
		Minute: r.Minute, CreatedAt: r.CreatedAt.Time}
	if r.PausedUntil != "" {
		if s.PausedUntil, err = dates.ParseISO(r.PausedUntil); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// DeleteCheckinSub opts a person out and cancels their pending check-in.
func (db *DB) DeleteCheckinSub(ctx context.Context, tenantID int64, userID string) error {
	return db.inTx(ctx, func(tx *sqlx.Tx) error {
		if _, err := tx.ExecContext(ctx, tx.Rebind(`DELETE FROM checkin_subscriptions WHERE tenant_id = ? AND user_id = ?`), tenantID, userID); err != nil {
			return fmt.Errorf("delete check-in opt-in: %w", err)
		}
		return db.cancelJobs(ctx, tx, tenantID, checkinSubject(userID))
	})
}

// AskCheckin records a check-in asked; the same occurrence twice is one.
func (db *DB) AskCheckin(ctx context.Context, tenantID int64, userID, key string, at time.Time) error {
	_, err := db.x.ExecContext(ctx, db.x.Rebind(`
		INSERT INTO checkins (tenant_id, user_id, occurrence_key, asked_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (tenant_id, user_id, occurrence_key) DO NOTHING`), tenantID, clean(userID), clean(key), Timestamp{at})
	if err != nil {
		return fmt.Errorf("record check-in asked: %w", err)
	}
	return nil
}

type checkinRow struct {
	ID         int64         `db:"id"`
	Key        string        `db:"occurrence_key"`
	AskedAt    Timestamp     `db:"asked_at"`
	AnsweredAt NullTimestamp `db:"answered_at"`
	Score      sql.NullInt64 `db:"score"`
	Note       string        `db:"note"`
	Skipped    bool          `db:"skipped"`
}

const checkinColumns = `id, occurrence_key, asked_at, answered_at, score, note, skipped`

func (r checkinRow) checkin() bot.Checkin {
	return bot.Checkin{ID: r.ID, Key: r.Key, AskedAt: r.AskedAt.Time, AnsweredAt: r.AnsweredAt.Time,
		Score: int(r.Score.Int64), Note: r.Note, Skipped: r.Skipped}
}

// PendingCheckin is the person's latest unanswered check-in asked since
// since, or bot.ErrNotFound.
func (db *DB) PendingCheckin(ctx context.Context, tenantID int64, userID string, since time.Time) (*bot.Checkin, error) {
	var r checkinRow
	err := db.x.GetContext(ctx, &r, db.x.Rebind(`
		SELECT `+checkinColumns+` FROM checkins
		WHERE tenant_id = ? AND user_id = ? AND answered_at IS NULL AND asked_at >= ?
		ORDER BY asked_at DESC, id DESC LIMIT 1`), tenantID, userID, Timestamp{since})
	if notFound(err) {
		return nil, fmt.Errorf("pending check-in: %w", bot.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("load pending check-in: %w", err)
	}
	c := r.checkin()
	return &c, nil
}

// AnswerCheckin records a score (or a skip) for the person's check-in.
func (db *DB) AnswerCheckin(ctx context.Context, tenantID int64, userID string, id int64, score int, skipped bool, at time.Time) error {
	var s sql.NullInt64
	if !skipped {
		s = sql.NullInt64{Int64: int64(score), Valid: true}
	}
	res, err := db.x.ExecContext(ctx, db.x.Rebind(`
		UPDATE checkins SET score = ?, skipped = ?, answered_at = ?
		WHERE tenant_id = ? AND user_id = ? AND id = ?`), s, skipped, Timestamp{at}, tenantID, userID, id)
	if err != nil {
		return fmt.Errorf("record check-in answer: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("record check-in answer: %w", bot.ErrNotFound)
	}
	return nil
}

// NoteCheckin sets the note on one of the person's check-ins.
func (db *DB) NoteCheckin(ctx context.Context, tenantID int64, userID string, id int64, note string) error {
	res, err := db.x.ExecContext(ctx, db.x.Rebind(`
		UPDATE checkins SET note = ? WHERE tenant_id = ? AND user_id = ? AND id = ?`), clean(note), tenantID, userID, id)
	if err != nil {
		return fmt.Errorf("record check-in note: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("record check-in note: %w", bot.ErrNotFound)
	}
	return nil
}

// CheckinHistory is the person's answered or skipped check-ins, newest
// first.
func (db *DB) CheckinHistory(ctx context.Context, tenantID int64, userID string, limit int) ([]bot.Checkin, error) {
	var rows []checkinRow
	err := db.x.SelectContext(ctx, &rows, db.x.Rebind(`
		SELECT `+checkinColumns+` FROM checkins
		WHERE tenant_id = ? AND user_id = ? AND answered_at IS NOT NULL
		ORDER BY answered_at DESC, id DESC LIMIT ?`), tenantID, userID, limit)
	if err != nil {
		return nil, fmt.Errorf("check-in history: %w", err)
	}
	out := make([]bot.Checkin, len(rows))
	for i, r := range rows {
		out[i] = r.checkin()
	}
	return out, nil
}

// PulseScores returns each person's latest score answered since since.
// The query returns scores only: no user id leaves the database.
func (db *DB) PulseScores(ctx context.Context, tenantID int64, since time.Time) ([]int, error) {
	var scores []int
	err := db.x.SelectContext(ctx, &scores, db.x.Rebind(`
		SELECT c.score FROM checkins c
		WHERE c.tenant_id = ? AND c.score IS NOT NULL AND c.answered_at >= ?
		  AND c.id = (SELECT c2.id FROM checkins c2
		              WHERE c2.tenant_id = c.tenant_id AND c2.user_id = c.user_id
		                AND c2.score IS NOT NULL AND c2.answered_at >= ?
		              ORDER BY c2.answered_at DESC, c2.id DESC LIMIT 1)
		ORDER BY c.score`), tenantID, Timestamp{since}, Timestamp{since})
	if err != nil {
		return nil, fmt.Errorf("check-in pulse: %w", err)
	}
	return scores, nil
}

// ForgetCheckins deletes a person's check-ins, opt-in and pending jobs.
func (db *DB) ForgetCheckins(ctx context.Context, tenantID int64, userID string) (int, error) {
	var n int64
	err := db.inTx(ctx, func(tx *sqlx.Tx) error {
		res, err := tx.ExecContext(ctx, tx.Rebind(`DELETE FROM checkins WHERE tenant_id = ? AND user_id = ?`), tenantID, userID)
		if err != nil {
			return fmt.Errorf("delete check-ins: %w", err)
		}
		n, _ = res.RowsAffected()
		if _, err := tx.ExecContext(ctx, tx.Rebind(`DELETE FROM checkin_subscriptions WHERE tenant_id = ? AND user_id = ?`), tenantID, userID); err != nil {
			return fmt.Errorf("delete check-in opt-in: %w", err)
		}
		// Every check-in job of theirs, finished or not: the job rows name
		// the person in their subject.
		return db.deleteSubjectJobs(ctx, tx, tenantID, checkinSubject(userID))
	})
	return int(n), err
}
