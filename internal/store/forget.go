package store

import (
	"context"
	"fmt"

	"github.com/jmoiron/sqlx"

	"github.com/waymark-org/waymark/bot"
)

// ForgetHook takes a person off a platform adapter's own tables (their
// SQL lives with the adapter), inside ForgetTraces' transaction, so
// forget-me is one commit whatever adapters are running.
type ForgetHook func(ctx context.Context, tx *sqlx.Tx, tenantID int64, userID string) error

// OnForget adds a hook that ForgetTraces runs; an adapter adds its own
// when it is built.
func (db *DB) OnForget(h ForgetHook) {
	db.forgetMu.Lock()
	defer db.forgetMu.Unlock()
	db.forgetHooks = append(db.forgetHooks, h)
}

// ForgetTraces takes a person's user id off the records that name them
// outside the features' own tables, in one transaction: the Slack
// installer and the author of knowledge entry versions. The records
// themselves stay: the installation and the entries are the group's.
func (db *DB) ForgetTraces(ctx context.Context, tenantID int64, userID string) (bot.Traces, error) {
	var tr bot.Traces
	if userID == "" {
		return tr, nil
	}
	err := db.inTx(ctx, func(tx *sqlxTx) error {
		res, err := tx.ExecContext(ctx, tx.Rebind(`
			UPDATE slack_installations SET installer_user = '' WHERE tenant_id = ? AND installer_user = ?`), tenantID, userID)
		if err != nil {
			return fmt.Errorf("installer: %w", err)
		}
		n, err := res.RowsAffected()
		if err != nil {
			return fmt.Errorf("installer: %w", err)
		}
		tr.Installer = n > 0
		if _, err := tx.ExecContext(ctx, tx.Rebind(`
			UPDATE tenant_entries SET updated_by = '' WHERE tenant_id = ? AND updated_by = ?`), tenantID, userID); err != nil {
			return fmt.Errorf("entry authors: %w", err)
		}
		res, err = tx.ExecContext(ctx, tx.Rebind(`
			UPDATE tenant_entry_history SET changed_by = '' WHERE tenant_id = ? AND changed_by = ?`), tenantID, userID)
		if err != nil {
			return fmt.Errorf("entry history authors: %w", err)
		}
		if n, err = res.RowsAffected(); err != nil {
			return fmt.Errorf("entry history authors: %w", err)
		}
		tr.EntryChanges = int(n)
		// Versions saved in the console name their author too; network
		// versions are unlinked as well, since platform user ids do not
		// say which group a network moderator came from.
		if _, err := tx.ExecContext(ctx, tx.Rebind(`
			UPDATE entry_versions SET created_by = '' WHERE (tenant_id = ? OR tenant_id IS NULL) AND created_by = ?`), tenantID, userID); err != nil {
			return fmt.Errorf("entry version authors: %w", err)
		}
		if _, err := tx.ExecContext(ctx, tx.Rebind(`
			UPDATE network_entries SET updated_by = '' WHERE updated_by = ?`), userID); err != nil {
			return fmt.Errorf("network entry authors: %w", err)
		}
		for _, table := range []string{"console_sessions", "console_links"} {
			if _, err := tx.ExecContext(ctx, tx.Rebind(`DELETE FROM `+table+` WHERE tenant_id = ? AND user_id = ?`), tenantID, userID); err != nil {
				return fmt.Errorf("%s: %w", table, err)
			}
		}
		db.forgetMu.Lock()
		hooks := db.forgetHooks
		db.forgetMu.Unlock()
		for _, h := range hooks {
			if err := h(ctx, tx, tenantID, userID); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return bot.Traces{}, fmt.Errorf("forget traces of a user in tenant %d: %w", tenantID, err)
	}
	return tr, nil
}
