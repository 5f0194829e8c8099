package store

import (
	"context"
	"fmt"

	"github.com/jmoiron/sqlx"

	"github.com/waymark-org/waymark/bot"
)

// ActiveTenants lists every installed (active) tenant with its settings,
// for work done per group on a schedule (the moderators' digest).
func (db *DB) ActiveTenants(ctx context.Context) ([]*bot.Tenant, error) {
	var rows []tenantRow
	if err := db.x.SelectContext(ctx, &rows, db.x.Rebind(`SELECT `+tenantColumns+` FROM tenants WHERE active = ? ORDER BY id`), true); err != nil {
		return nil, fmt.Errorf("list active tenants: %w", err)
	}
	out := make([]*bot.Tenant, 0, len(rows))
	for _, r := range rows {
		t, err := r.tenant()
		if err != nil {
			// One unreadable row must not stop every other group's work.
			db.logger.WarnContext(ctx, "skipping unreadable tenant", "tenant", r.ID, "err", err)
			continue
		}
		out = append(out, t)
	}
	return out, nil
}

// EnqueueJobs adds jobs, each unless its occurrence already exists, in
// one transaction: a planner that runs again, or on another replica,
// inserts nothing twice.
func (db *DB) EnqueueJobs(ctx context.Context, js []bot.Job) error {
	return db.inTx(ctx, func(tx *sqlx.Tx) error {
		for _, j := range js {
			if err := db.insertJob(ctx, tx.Tx, j); err != nil {
				return err
			}
		}
		return nil
	})
}
