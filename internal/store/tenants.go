package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

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
}

const tenantColumns = `id, platform, external_id, name, timezone, jurisdiction, settings, active, created_at`

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

// Tenant returns a tenant by id.
func (db *DB) Tenant(ctx context.Context, id int64) (*bot.Tenant, error) {
	var row tenantRow
	err := db.x.GetContext(ctx, &row, db.x.Rebind(`SELECT `+tenantColumns+` FROM tenants WHERE id = ?`), id)
	if notFound(err) {
		return nil, fmt.Errorf("get tenant %d: %w", id, bot.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("get tenant %d: %w", id, err)
	}
	return row.tenant()
}

// UpdateTenant saves a tenant's name, time zone, jurisdiction, settings and
// active flag. Platform, external id and creation time never change.
// Deactivating records when; reactivating clears it.
func (db *DB) UpdateTenant(ctx context.Context, t *bot.Tenant) error {
	if t == nil {
		return errors.New("update tenant: nil tenant")
	}
	settings, err := json.Marshal(cleanSettings(t.Settings))
	if err != nil {
		return fmt.Errorf("update tenant %d: settings: %w", t.ID, err)
	}
	res, err := db.x.ExecContext(ctx, db.x.Rebind(`
		UPDATE tenants
		SET name = ?, timezone = ?, jurisdiction = ?, settings = ?, active = ?,
		    deactivated_at = CASE
		        WHEN ? THEN NULL
		        WHEN active THEN ?
		        ELSE deactivated_at
		    END
		WHERE id = ?`),
		clean(t.Name), clean(t.Timezone), clean(t.Jurisdiction), string(settings), t.Active,
		t.Active, Timestamp{now()},
		t.ID)
	if err != nil {
		return fmt.Errorf("update tenant %d: %w", t.ID, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf("update tenant %d: %w", t.ID, err)
	}
	if n == 0 {
		return fmt.Errorf("update tenant %d: %w", t.ID, bot.ErrNotFound)
	}
	return nil
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
