package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/jmoiron/sqlx"

	"github.com/waymark-org/waymark/bot"
)

// PutTenantEntries saves several entries in one transaction: an import
// either lands whole or not at all.
func (db *DB) PutTenantEntries(ctx context.Context, entries []bot.TenantEntry) error {
	defer db.stamps.forgetAll() // after the commit: see entry_stamp_cache.go
	err := db.inTx(ctx, func(tx *sqlx.Tx) error {
		for _, e := range entries {
			if err := putVersionedEntryTx(ctx, tx, e); err != nil {
				return fmt.Errorf("entry %q: %w", e.EntryID, err)
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("put %d entries: %w", len(entries), err)
	}
	return nil
}

func putEntryTx(ctx context.Context, tx *sqlx.Tx, e bot.TenantEntry) error {
	e.EntryID, e.Source, e.UpdatedBy = clean(e.EntryID), clean(e.Source), clean(e.UpdatedBy)
	if e.EntryID == "" {
		return fmt.Errorf("empty entry id")
	}
	at := e.UpdatedAt
	if at.IsZero() {
		at = now()
	}
	var one int
	err := tx.GetContext(ctx, &one, tx.Rebind(`SELECT 1 FROM tenants WHERE id = ?`), e.TenantID)
	if notFound(err) {
		return fmt.Errorf("tenant %d: %w", e.TenantID, bot.ErrNotFound)
	}
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, tx.Rebind(`
		INSERT INTO tenant_entries (tenant_id, entry_id, source, updated_by, updated_at)
		VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (tenant_id, entry_id) DO UPDATE
		SET source = excluded.source, updated_by = excluded.updated_by, updated_at = excluded.updated_at`),
		e.TenantID, e.EntryID, e.Source, e.UpdatedBy, Timestamp{at})
	if err != nil {
		return err
	}
	return appendHistory(ctx, tx, e.TenantID, e.EntryID, sql.NullString{String: e.Source, Valid: true}, e.UpdatedBy, at)
}

// putVersionedEntryTx saves an entry written outside the console (kb
// import, tools) as a published version too, so every change has one.
func putVersionedEntryTx(ctx context.Context, tx *sqlx.Tx, e bot.TenantEntry) error {
	if err := tenantExists(ctx, tx, e.TenantID); err != nil {
		return err
	}
	v, err := insertVersionTx(ctx, tx, bot.NewEntryVersion{Scope: bot.GroupScope(e.TenantID), EntryID: e.EntryID, Source: e.Source, By: e.UpdatedBy, Action: bot.ActionImport, At: e.UpdatedAt}, bot.StatePublished)
	if err != nil {
		return err
	}
	e.UpdatedAt = v.CreatedAt
	return putEntryTx(ctx, tx, e)
}
