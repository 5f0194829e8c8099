package slack

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/waymark-org/waymark/bot"
	"github.com/waymark-org/waymark/internal/store"
)

// Installation is one workspace's install of the Slack app. The bot
// token is kept only as ciphertext (internal/secrets); these tables never
// see it in the clear.
type Installation struct {
	TenantID       int64               `db:"tenant_id"`
	TeamID         string              `db:"team_id"`
	BotUserID      string              `db:"bot_user_id"`
	BotTokenSealed string              `db:"bot_token_enc"`
	InstallerUser  string              `db:"installer_user"`
	Scopes         string              `db:"scopes"`
	InstalledAt    store.Timestamp     `db:"installed_at"`
	RevokedAt      store.NullTimestamp `db:"revoked_at"`
}

const installationColumns = `tenant_id, team_id, bot_user_id, bot_token_enc, installer_user, scopes, installed_at, revoked_at`

// StoreDB is what the Slack tables need from the store: its handle, and
// deactivating a tenant in the same transaction as an uninstall.
// *store.DB implements it.
type StoreDB interface {
	X() *sqlx.DB
	DeactivateTenantWith(ctx context.Context, id int64, at time.Time, also func(tx *sqlx.Tx) (bool, error)) error
}

// Installs is the Slack adapter's own storage: installations with their
// sealed tokens, and OAuth states. Its SQL lives here with the adapter,
// written with "?" and Rebind and with store.Timestamp for times, so one
// text serves SQLite and PostgreSQL; the tables' migrations stay with the
// others in internal/store (versions 00100-00199).
type Installs struct{ db StoreDB }

// InstallsOf is the Slack tables of db.
func InstallsOf(db StoreDB) Installs { return Installs{db: db} }

func now() time.Time { return store.Round(time.Now()) }

// Save creates or replaces the installation of a tenant, clearing any
// earlier revocation: reinstalling is a fresh start.
func (s Installs) Save(ctx context.Context, in Installation) error {
	if in.InstalledAt.IsZero() {
		in.InstalledAt = store.Timestamp{Time: now()}
	}
	x := s.db.X()
	_, err := x.ExecContext(ctx, x.Rebind(`
		INSERT INTO slack_installations (`+installationColumns+`)
		VALUES (?, ?, ?, ?, ?, ?, ?, NULL)
		ON CONFLICT (tenant_id) DO UPDATE SET
		    team_id = excluded.team_id, bot_user_id = excluded.bot_user_id,
		    bot_token_enc = excluded.bot_token_enc, installer_user = excluded.installer_user,
		    scopes = excluded.scopes, installed_at = excluded.installed_at, revoked_at = NULL`),
		in.TenantID, in.TeamID, in.BotUserID, in.BotTokenSealed, in.InstallerUser, in.Scopes, in.InstalledAt)
	if err != nil {
		return fmt.Errorf("save slack installation for team %s: %w", in.TeamID, err)
	}
	return nil
}

// ByTeam returns a workspace's installation, revoked or not;
// bot.ErrNotFound when it was never installed.
func (s Installs) ByTeam(ctx context.Context, teamID string) (*Installation, error) {
	var in Installation
	x := s.db.X()
	err := x.GetContext(ctx, &in, x.Rebind(`SELECT `+installationColumns+` FROM slack_installations WHERE team_id = ?`), teamID)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("slack installation for team %s: %w", teamID, bot.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("slack installation for team %s: %w", teamID, err)
	}
	return &in, nil
}

// All lists every installation, for key rotation.
func (s Installs) All(ctx context.Context) ([]Installation, error) {
	var out []Installation
	if err := s.db.X().SelectContext(ctx, &out, `SELECT `+installationColumns+` FROM slack_installations ORDER BY tenant_id`); err != nil {
		return nil, fmt.Errorf("list slack installations: %w", err)
	}
	return out, nil
}

// Reseal replaces a token's ciphertext if it is still old, so two
// replicas re-encrypting at once do not overwrite a newer install.
func (s Installs) Reseal(ctx context.Context, teamID, old, sealed string) error {
	x := s.db.X()
	_, err := x.ExecContext(ctx, x.Rebind(`
		UPDATE slack_installations SET bot_token_enc = ? WHERE team_id = ? AND bot_token_enc = ?`),
		sealed, teamID, old)
	if err != nil {
		return fmt.Errorf("reseal slack token for team %s: %w", teamID, err)
	}
	return nil
}

// Revoke forgets a workspace's token and deactivates its tenant, in one
// transaction. It reports whether the workspace was known.
func (s Installs) Revoke(ctx context.Context, teamID string, at time.Time) (bool, error) {
	var tenantID int64
	x := s.db.X()
	err := x.GetContext(ctx, &tenantID, x.Rebind(`SELECT tenant_id FROM slack_installations WHERE team_id = ?`), teamID)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("revoke slack installation for team %s: %w", teamID, err)
	}
	known := false
	err = s.db.DeactivateTenantWith(ctx, tenantID, at, func(tx *sqlx.Tx) (bool, error) {
		// Read again inside the transaction: a reinstall may have moved
		// the team to another tenant meanwhile.
		var id int64
		err := tx.GetContext(ctx, &id, tx.Rebind(`SELECT tenant_id FROM slack_installations WHERE team_id = ?`), teamID)
		if errors.Is(err, sql.ErrNoRows) || (err == nil && id != tenantID) {
			return false, nil
		}
		if err != nil {
			return false, err
		}
		known = true
		_, err = tx.ExecContext(ctx, tx.Rebind(`
			UPDATE slack_installations SET bot_token_enc = '', revoked_at = ? WHERE team_id = ?`),
			store.Timestamp{Time: at}, teamID)
		return err == nil, err
	})
	if err != nil {
		return false, fmt.Errorf("revoke slack installation for team %s: %w", teamID, err)
	}
	return known, nil
}

// PutOAuthState keeps an OAuth state until it expires or is taken.
func (s Installs) PutOAuthState(ctx context.Context, state string, expires time.Time) error {
	x := s.db.X()
	if _, err := x.ExecContext(ctx, x.Rebind(`INSERT INTO slack_oauth_states (state, expires_at) VALUES (?, ?)`),
		state, store.Timestamp{Time: expires}); err != nil {
		return fmt.Errorf("save oauth state: %w", err)
	}
	return nil
}

// TakeOAuthState consumes a state: true once if it exists and is unexpired.
func (s Installs) TakeOAuthState(ctx context.Context, state string) (bool, error) {
	x := s.db.X()
	res, err := x.ExecContext(ctx, x.Rebind(`DELETE FROM slack_oauth_states WHERE state = ? AND expires_at > ?`),
		state, store.Timestamp{Time: now()})
	if err != nil {
		return false, fmt.Errorf("take oauth state: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("take oauth state: %w", err)
	}
	return n == 1, nil
}
