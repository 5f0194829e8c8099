package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/jmoiron/sqlx"

	"github.com/waymark-org/waymark/bot"
)

// tenantRow is a tenants row as stored; Settings is JSON text so that new
// settings need no migration.
type tenantRow struct {
	ID           int64     `db:"id"`
	Platform     string    `db:"platform"`
	ExternalID   string    `db:"external_id"`
	Name         string    `db:"name"`
	Timezone     string    `db:"timezone"`
	Jurisdiction string    `db:"jurisdiction"`
	Settings     string    `db:"settings"`
	Active       bool      `db:"active"`
	CreatedAt    Timestamp `db:"created_at"`
	Version      int64     `db:"version"`
}

const tenantColumns = `id, platform, external_id, name, timezone, jurisdiction, settings, active, created_at, version`

func (r tenantRow) tenant() (*bot.Tenant, error) {
	t := &bot.Tenant{
		ID:           r.ID,
		Platform:     r.Platform,
		ExternalID:   r.ExternalID,
		Name:         r.Name,
		Timezone:     r.Timezone,
		Jurisdiction: r.Jurisdiction,
		Active:       r.Active,
		CreatedAt:    r.CreatedAt.Time,
		Version:      r.Version,
	}
	if r.Settings != "" {
		if err := json.Unmarshal([]byte(r.Settings), &t.Settings); err != nil {
			return nil, fmt.Errorf("tenant %d settings: %w", r.ID, err)
		}
	}
	return t, nil
}

// EnsureTenant returns the tenant for a platform's workspace or guild,
// creating it on first sight. Concurrent first sightings (Slack retries,
// several replicas) create one row: the insert yields to the unique key and
// everyone reads the winner. An existing tenant is returned as it is, even
// if inactive or renamed: reactivation belongs to the install flow.
func (db *DB) EnsureTenant(ctx context.Context, platform, externalID, name string) (*bot.Tenant, error) {
	if platform == "" || externalID == "" {
		return nil, fmt.Errorf("ensure tenant %q/%q: platform and external id are required", platform, externalID)
	}
	_, err := db.x.ExecContext(ctx, db.x.Rebind(`
		INSERT INTO tenants (platform, external_id, name, created_at)
		VALUES (?, ?, ?, ?)
		ON CONFLICT (platform, external_id) DO NOTHING`),
		platform, externalID, clean(name), Timestamp{now()})
	if err != nil {
		return nil, fmt.Errorf("ensure tenant %s/%s: %w", platform, externalID, err)
	}
	var row tenantRow
	err = db.x.GetContext(ctx, &row, db.x.Rebind(`
		SELECT `+tenantColumns+` FROM tenants WHERE platform = ? AND external_id = ?`),
		platform, externalID)
	if err != nil {
		return nil, fmt.Errorf("ensure tenant %s/%s: read back: %w", platform, externalID, err)
	}
	return row.tenant()
}

// Tenant returns a tenant by id: a copy the caller may change, from the
// tenant cache when it is there (see tenant_cache.go).
func (db *DB) Tenant(ctx context.Context, id int64) (*bot.Tenant, error) {
	db.maybeRevalidate(ctx)
	if t, ok := db.tenants.get(id); ok {
		return t, nil
	}
	gen := db.tenants.generation()
	var row tenantRow
	err := db.x.GetContext(ctx, &row, db.x.Rebind(`SELECT `+tenantColumns+` FROM tenants WHERE id = ?`), id)
	if notFound(err) {
		return nil, fmt.Errorf("get tenant %d: %w", id, bot.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("get tenant %d: %w", id, err)
	}
	t, err := row.tenant()
	if err != nil {
		return nil, err
	}
	db.tenants.put(t, gen)
	return t, nil
}

// UpdateTenant saves a tenant's name, time zone, jurisdiction, settings and
// active flag, if the row is still at t.Version; otherwise it returns
// bot.ErrConflict and saves nothing, so a stale copy never puts back what
// someone else changed since. On success t.Version is the new version.
// Platform, external id and creation time never change. Deactivating
// records when; reactivating clears it. To change one setting, use
// ChangeTenant.
func (db *DB) UpdateTenant(ctx context.Context, t *bot.Tenant) error {
	if t == nil {
		return errors.New("update tenant: nil tenant")
	}
	settings, err := json.Marshal(cleanSettings(t.Settings))
	if err != nil {
		return fmt.Errorf("update tenant %d: settings: %w", t.ID, err)
	}
	defer db.tenants.forget(t.ID)
	res, err := db.x.ExecContext(ctx, db.x.Rebind(`
		UPDATE tenants
		SET name = ?, timezone = ?, jurisdiction = ?, settings = ?, active = ?,
		    deactivated_at = CASE
		        WHEN ? THEN NULL
		        WHEN active THEN ?
		        ELSE deactivated_at
		    END,
		    version = version + 1
		WHERE id = ? AND version = ?`),
		clean(t.Name), clean(t.Timezone), clean(t.Jurisdiction), string(settings), t.Active,
		t.Active, Timestamp{now()},
		t.ID, t.Version)
	if err != nil {
		return fmt.Errorf("update tenant %d: %w", t.ID, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf("update tenant %d: %w", t.ID, err)
	}
	if n == 0 {
		var exists int
		err := db.x.GetContext(ctx, &exists, db.x.Rebind(`SELECT COUNT(*) FROM tenants WHERE id = ?`), t.ID)
		switch {
		case err != nil:
			return fmt.Errorf("update tenant %d: %w", t.ID, err)
		case exists == 0:
			return fmt.Errorf("update tenant %d: %w", t.ID, bot.ErrNotFound)
		}
		return fmt.Errorf("update tenant %d at version %d: %w", t.ID, t.Version, bot.ErrConflict)
	}
	t.Version++
	if t.Active {
		// Installed again: jobs parked at the uninstall run once more.
		if err := db.wakeTenantJobs(ctx, db.x, t.ID); err != nil {
			return fmt.Errorf("update tenant %d: %w", t.ID, err)
		}
	}
	return nil
}

// ChangeTenant reads the tenant row under a write lock (FOR UPDATE on
// PostgreSQL; SQLite transactions here take the write lock at BEGIN),
// applies change to it and saves its name, time zone, jurisdiction and
// settings, raising its version, in one transaction. Concurrent changes
// to one tenant queue and each applies to the row the one before left, so
// two settings changed at once both stick. Every cache of the row is
// dropped: this process's at once, other replicas' at their next
// comparison of versions.
func (db *DB) ChangeTenant(ctx context.Context, id int64, change func(t *bot.Tenant) error) (*bot.Tenant, error) {
	forUpdate := ""
	if db.dialect == Postgres {
		forUpdate = " FOR UPDATE"
	}
	var t *bot.Tenant
	defer db.tenants.forget(id)
	err := db.inTx(ctx, func(tx *sqlx.Tx) error {
		var row tenantRow
		err := tx.GetContext(ctx, &row, tx.Rebind(`SELECT `+tenantColumns+` FROM tenants WHERE id = ?`+forUpdate), id)
		if notFound(err) {
			return fmt.Errorf("change tenant %d: %w", id, bot.ErrNotFound)
		}
		if err != nil {
			return fmt.Errorf("change tenant %d: read: %w", id, err)
		}
		if t, err = row.tenant(); err != nil {
			return err
		}
		if err := change(t); err != nil {
			return err
		}
		settings, err := json.Marshal(cleanSettings(t.Settings))
		if err != nil {
			return fmt.Errorf("change tenant %d: settings: %w", id, err)
		}
		_, err = tx.ExecContext(ctx, tx.Rebind(`
			UPDATE tenants SET name = ?, timezone = ?, jurisdiction = ?, settings = ?, version = version + 1
			WHERE id = ?`),
			clean(t.Name), clean(t.Timezone), clean(t.Jurisdiction), string(settings), id)
		if err != nil {
			return fmt.Errorf("change tenant %d: %w", id, err)
		}
		t.Version++
		return nil
	})
	if err != nil {
		return nil, err
	}
	return t, nil
}

// cleanSettings cleans the user ids a settings change carries.
func cleanSettings(s bot.Settings) bot.Settings {
	s.SafeguardingLead = clean(s.SafeguardingLead)
	if s.Moderators != nil {
		mods := make([]string, len(s.Moderators))
		for i, m := range s.Moderators {
			mods[i] = clean(m)
		}
		s.Moderators = mods
	}
	return s
}
