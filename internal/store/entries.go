package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/waymark-org/waymark/bot"
)

type entryRow struct {
	TenantID  int64     `db:"tenant_id"`
	EntryID   string    `db:"entry_id"`
	Source    string    `db:"source"`
	UpdatedBy string    `db:"updated_by"`
	UpdatedAt Timestamp `db:"updated_at"`
}

// TenantEntries returns the tenant's own entries, ordered by entry id.
func (db *DB) TenantEntries(ctx context.Context, tenantID int64) ([]bot.TenantEntry, error) {
	var rows []entryRow
	err := db.x.SelectContext(ctx, &rows, db.x.Rebind(`
		SELECT tenant_id, entry_id, source, updated_by, updated_at
		FROM tenant_entries
		WHERE tenant_id = ?
		ORDER BY entry_id`), tenantID)
	if err != nil {
		return nil, fmt.Errorf("list entries of tenant %d: %w", tenantID, err)
	}
	entries := make([]bot.TenantEntry, len(rows))
	for i, r := range rows {
		entries[i] = bot.TenantEntry{
			TenantID:  r.TenantID,
			EntryID:   r.EntryID,
			Source:    r.Source,
			UpdatedBy: r.UpdatedBy,
			UpdatedAt: r.UpdatedAt.Time,
		}
	}
	return entries, nil
}

// PutTenantEntry creates or replaces an entry and appends it to the entry's
// history, in one transaction. A zero UpdatedAt means now. It returns
// bot.ErrNotFound when the tenant does not exist.
func (db *DB) PutTenantEntry(ctx context.Context, e bot.TenantEntry) error {
	defer db.stamps.forgetAll() // after the commit: see entry_stamp_cache.go
	if err := db.inTx(ctx, func(tx *sqlx.Tx) error { return putVersionedEntryTx(ctx, tx, e) }); err != nil {
		return fmt.Errorf("put entry %q for tenant %d: %w", e.EntryID, e.TenantID, err)
	}
	return nil
}

// DeleteTenantEntry removes an entry and records the deletion in its
// history. It returns bot.ErrNotFound when the tenant has no such entry.
//
// bot.Store passes no user here, so the history row's changed_by is empty.
func (db *DB) DeleteTenantEntry(ctx context.Context, tenantID int64, entryID string) error {
	defer db.stamps.forgetAll() // after the commit: see entry_stamp_cache.go
	err := db.inTx(ctx, func(tx *sqlx.Tx) error {
		res, err := tx.ExecContext(ctx, tx.Rebind(`
			DELETE FROM tenant_entries WHERE tenant_id = ? AND entry_id = ?`), tenantID, entryID)
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		if err != nil {
			return err
		}
		if n == 0 {
			return bot.ErrNotFound
		}
		if _, err := insertVersionTx(ctx, tx, bot.NewEntryVersion{Scope: bot.GroupScope(tenantID), EntryID: entryID, Action: bot.ActionDelete}, bot.StateDeleted); err != nil {
			return err
		}
		return appendHistory(ctx, tx, tenantID, entryID, sql.NullString{}, "", now())
	})
	if err != nil {
		return fmt.Errorf("delete entry %q of tenant %d: %w", entryID, tenantID, err)
	}
	return nil
}

func appendHistory(ctx context.Context, tx *sqlx.Tx, tenantID int64, entryID string, source sql.NullString, by string, at time.Time) error {
	_, err := tx.ExecContext(ctx, tx.Rebind(`
		INSERT INTO tenant_entry_history (tenant_id, entry_id, source, changed_by, changed_at)
		VALUES (?, ?, ?, ?, ?)`),
		tenantID, entryID, source, by, Timestamp{at})
	if err != nil {
		return fmt.Errorf("append history: %w", err)
	}
	return nil
}

// EntryRevision is one change to a tenant entry, for kb history and revert.
type EntryRevision struct {
	ID       int64
	TenantID int64
	EntryID  string
	// Source is the entry's text after the change; empty when Deleted.
	Source    string
	Deleted   bool
	ChangedBy string
	ChangedAt time.Time
}

type revisionRow struct {
	ID        int64          `db:"id"`
	TenantID  int64          `db:"tenant_id"`
	EntryID   string         `db:"entry_id"`
	Source    sql.NullString `db:"source"`
	ChangedBy string         `db:"changed_by"`
	ChangedAt Timestamp      `db:"changed_at"`
}

// TenantEntryHistory returns the changes to one of the tenant's entries,
// newest first; limit <= 0 means all of them.
func (db *DB) TenantEntryHistory(ctx context.Context, tenantID int64, entryID string, limit int) ([]EntryRevision, error) {
	q := `
		SELECT id, tenant_id, entry_id, source, changed_by, changed_at
		FROM tenant_entry_history
		WHERE tenant_id = ? AND entry_id = ?
		ORDER BY id DESC`
	args := []any{tenantID, entryID}
	if limit > 0 {
		q += ` LIMIT ?`
		args = append(args, limit)
	}
	var rows []revisionRow
	if err := db.x.SelectContext(ctx, &rows, db.x.Rebind(q), args...); err != nil {
		return nil, fmt.Errorf("history of entry %q of tenant %d: %w", entryID, tenantID, err)
	}
	revs := make([]EntryRevision, len(rows))
	for i, r := range rows {
		revs[i] = EntryRevision{
			ID:        r.ID,
			TenantID:  r.TenantID,
			EntryID:   r.EntryID,
			Source:    r.Source.String,
			Deleted:   !r.Source.Valid,
			ChangedBy: r.ChangedBy,
			ChangedAt: r.ChangedAt.Time,
		}
	}
	return revs, nil
}
