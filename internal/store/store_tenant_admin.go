package store

import (
	"context"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/waymark-org/waymark/bot"
)

// sqlxTx shortens signatures of helpers that run inside inTx.
type sqlxTx = sqlx.Tx

// TenantSummary is a row of `waymark tenant list`.
type TenantSummary struct {
	ID            int64         `db:"id"`
	Platform      string        `db:"platform"`
	ExternalID    string        `db:"external_id"`
	Name          string        `db:"name"`
	Active        bool          `db:"active"`
	CreatedAt     Timestamp     `db:"created_at"`
	DeactivatedAt NullTimestamp `db:"deactivated_at"`
}

// ListTenants lists every tenant, oldest first.
func (db *DB) ListTenants(ctx context.Context) ([]TenantSummary, error) {
	var out []TenantSummary
	err := db.x.SelectContext(ctx, &out, `
		SELECT id, platform, external_id, name, active, created_at, deactivated_at
		FROM tenants ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("list tenants: %w", err)
	}
	return out, nil
}

// DeactivateTenant marks a tenant inactive (uninstalled), keeping its data
// until the retention sweep or `waymark tenant delete`.
func (db *DB) DeactivateTenant(ctx context.Context, id int64, at time.Time) error {
	defer db.tenants.forget(id)
	return db.inTx(ctx, func(tx *sqlx.Tx) error { return db.deactivateTenant(ctx, tx, id, at) })
}

// DeactivateTenantWith runs also and marks the tenant inactive (parking
// its unsent jobs) in one transaction, for an adapter whose uninstall
// changes its own tables too (the Slack install's token). also returns
// false when there is nothing to deactivate: the transaction commits what
// also did and leaves the tenant as it is. The tenant cache drops the row
// after the commit.
func (db *DB) DeactivateTenantWith(ctx context.Context, id int64, at time.Time, also func(tx *sqlx.Tx) (bool, error)) error {
	defer db.tenants.forget(id)
	return db.inTx(ctx, func(tx *sqlx.Tx) error {
		ok, err := also(tx)
		if err != nil || !ok {
			return err
		}
		return db.deactivateTenant(ctx, tx, id, at)
	})
}

// deactivateTenant marks the tenant inactive. The caller drops it from the
// tenant cache once the change is committed.
// Its unsent jobs are parked in the same transaction (see parkTenantJobs).
func (db *DB) deactivateTenant(ctx context.Context, x sqlx.ExtContext, id int64, at time.Time) error {
	_, err := x.ExecContext(ctx, x.Rebind(`
		UPDATE tenants SET active = ?, deactivated_at = ?, version = version + 1 WHERE id = ? AND active = ?`),
		false, Timestamp{at}, id, true)
	if err != nil {
		return fmt.Errorf("deactivate tenant %d: %w", id, err)
	}
	return db.parkTenantJobs(ctx, x, id)
}

// DeleteTenant deletes a tenant and, through ON DELETE CASCADE, every row
// of it in every table. bot.ErrNotFound when there is no such tenant.
func (db *DB) DeleteTenant(ctx context.Context, platform, externalID string) error {
	defer db.tenants.forgetAll()
	res, err := db.x.ExecContext(ctx, db.x.Rebind(`DELETE FROM tenants WHERE platform = ? AND external_id = ?`),
		platform, externalID)
	if err != nil {
		return fmt.Errorf("delete tenant %s/%s: %w", platform, externalID, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("delete tenant %s/%s: %w", platform, externalID, bot.ErrNotFound)
	}
	return db.deleteOrphanJobs(ctx)
}

// PurgeInactiveTenants deletes tenants inactive since before cutoff, with
// all their rows; it returns how many went.
func (db *DB) PurgeInactiveTenants(ctx context.Context, cutoff time.Time) (int64, error) {
	defer db.tenants.forgetAll()
	res, err := db.x.ExecContext(ctx, db.x.Rebind(`
		DELETE FROM tenants WHERE active = ? AND deactivated_at IS NOT NULL AND deactivated_at < ?`),
		false, Timestamp{cutoff})
	if err != nil {
		return 0, fmt.Errorf("purge inactive tenants: %w", err)
	}
	n, _ := res.RowsAffected()
	if n > 0 {
		if err := db.deleteOrphanJobs(ctx); err != nil {
			return n, err
		}
	}
	return n, nil
}
