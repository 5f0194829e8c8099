package store

import (
	"context"
	"fmt"
	"time"
)

// EntryFeedback is the anonymous tally for one entry in one tenant.
type EntryFeedback struct {
	EntryID    string    `db:"entry_id"`
	Helpful    int       `db:"helpful"`
	NotHelpful int       `db:"not_helpful"`
	UpdatedAt  Timestamp `db:"updated_at"`
}

// RecordFeedback counts one vote. Only counts are kept, never who voted.
func (db *DB) RecordFeedback(ctx context.Context, tenantID int64, entryID string, helpful bool, at time.Time) error {
	h, n := 0, 1
	if helpful {
		h, n = 1, 0
	}
	_, err := db.x.ExecContext(ctx, db.x.Rebind(`
		INSERT INTO entry_feedback (tenant_id, entry_id, helpful, not_helpful, updated_at)
		VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (tenant_id, entry_id) DO UPDATE SET
		    helpful = entry_feedback.helpful + excluded.helpful,
		    not_helpful = entry_feedback.not_helpful + excluded.not_helpful,
		    updated_at = excluded.updated_at`),
		tenantID, clean(entryID), h, n, Timestamp{at})
	if err != nil {
		return fmt.Errorf("record feedback for %s: %w", entryID, err)
	}
	return nil
}

// Feedback lists a tenant's tallies, least helpful first.
func (db *DB) Feedback(ctx context.Context, tenantID int64) ([]EntryFeedback, error) {
	var out []EntryFeedback
	err := db.x.SelectContext(ctx, &out, db.x.Rebind(`
		SELECT entry_id, helpful, not_helpful, updated_at FROM entry_feedback
		WHERE tenant_id = ? ORDER BY not_helpful DESC, entry_id`), tenantID)
	if err != nil {
		return nil, fmt.Errorf("list feedback: %w", err)
	}
	return out, nil
}
