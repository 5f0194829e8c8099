package store

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/waymark-org/waymark/bot"
)

// SlackInstallation is one workspace's install of the Slack app. The bot
// token is kept only as ciphertext (internal/secrets); this package never
// sees it in the clear.
type SlackInstallation struct {
	TenantID       int64         `db:"tenant_id"`
	TeamID         string        `db:"team_id"`
	BotUserID      string        `db:"bot_user_id"`
	BotTokenSealed string        `db:"bot_token_enc"`
	InstallerUser  string        `db:"installer_user"`
	Scopes         string        `db:"scopes"`
	InstalledAt    Timestamp     `db:"installed_at"`
	RevokedAt      NullTimestamp `db:"revoked_at"`
}

const slackInstallationColumns = `tenant_id, team_id, bot_user_id, bot_token_enc, installer_user, scopes, installed_at, revoked_at`

// SaveSlackInstallation creates or replaces the installation of a tenant,
// clearing any earlier revocation: reinstalling is a fresh start.
func (db *DB) SaveSlackInstallation(ctx context.Context, in SlackInstallation) error {
	if in.InstalledAt.IsZero() {
		in.InstalledAt = Timestamp{now()}
	}
	_, err := db.x.ExecContext(ctx, db.x.Rebind(`
		INSERT INTO slack_installations (`+slackInstallationColumns+`)
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

// SlackInstallationByTeam returns a workspace's installation, revoked or
// not; bot.ErrNotFound when it was never installed.
func (db *DB) SlackInstallationByTeam(ctx context.Context, teamID string) (*SlackInstallation, error) {
	var in SlackInstallation
	err := db.x.GetContext(ctx, &in, db.x.Rebind(`SELECT `+slackInstallationColumns+` FROM slack_installations WHERE team_id = ?`), teamID)
	if notFound(err) {
		return nil, fmt.Errorf("slack installation for team %s: %w", teamID, bot.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("slack installation for team %s: %w", teamID, err)
	}
	return &in, nil
}

// SlackInstallations lists every installation, for key rotation.
func (db *DB) SlackInstallations(ctx context.Context) ([]SlackInstallation, error) {
	var out []SlackInstallation
	if err := db.x.SelectContext(ctx, &out, `SELECT `+slackInstallationColumns+` FROM slack_installations ORDER BY tenant_id`); err != nil {
		return nil, fmt.Errorf("list slack installations: %w", err)
	}
	return out, nil
}

// ResealSlackToken replaces a token's ciphertext if it is still old, so
// two replicas re-encrypting at once do not overwrite a newer install.
func (db *DB) ResealSlackToken(ctx context.Context, teamID, old, sealed string) error {
	_, err := db.x.ExecContext(ctx, db.x.Rebind(`
		UPDATE slack_installations SET bot_token_enc = ? WHERE team_id = ? AND bot_token_enc = ?`),
		sealed, teamID, old)
	if err != nil {
		return fmt.Errorf("reseal slack token for team %s: %w", teamID, err)
	}
	return nil
}

// RevokeSlackInstallation forgets a workspace's token and deactivates its
// tenant, in one transaction. It reports whether the workspace was known.
func (db *DB) RevokeSlackInstallation(ctx context.Context, teamID string, at time.Time) (bool, error) {
	var known bool
	var tenantID int64
	// After the commit, so no one caches the row as it was before it.
	defer func() { db.tenants.forget(tenantID) }()
	err := db.inTx(ctx, func(tx *sqlxTx) error {
		err := tx.GetContext(ctx, &tenantID, tx.Rebind(`SELECT tenant_id FROM slack_installations WHERE team_id = ?`), teamID)
		if notFound(err) {
			return nil
		}
		if err != nil {
			return err
		}
		known = true
		if _, err := tx.ExecContext(ctx, tx.Rebind(`
			UPDATE slack_installations SET bot_token_enc = '', revoked_at = ? WHERE team_id = ?`),
			Timestamp{at}, teamID); err != nil {
			return err
		}
		return db.deactivateTenant(ctx, tx, tenantID, at)
	})
	if err != nil {
		return false, fmt.Errorf("revoke slack installation for team %s: %w", teamID, err)
	}
	return known, nil
}

// ClaimEvent takes one event key for this process; see ClaimEvents.
func (db *DB) ClaimEvent(ctx context.Context, key string, ttl time.Duration) (bool, error) {
	claimed, err := db.ClaimEvents(ctx, []string{key}, ttl)
	if err != nil {
		return false, err
	}
	return claimed[key], nil
}

// ClaimEvents takes event keys for this process in one statement: a key is
// claimed (true) when no unexpired claim for it exists. Insert-if-absent in
// the database makes the claim hold across restarts and replicas; doing
// many keys at once keeps acknowledgements fast under load. A key repeated
// within keys is claimed at most once.
func (db *DB) ClaimEvents(ctx context.Context, keys []string, ttl time.Duration) (map[string]bool, error) {
	return db.ClaimEventsThen(ctx, keys, ttl, "", nil)
}

// ErrCommitUncertain means a transaction's COMMIT was sent but its answer
// never came (the connection failed): it may or may not have happened.
var ErrCommitUncertain = errors.New("commit outcome unknown")

// ClaimEventsThen is ClaimEvents in a transaction that asks keep, before
// committing, which of the keys won are still wanted; the others are
// released in the same transaction, so a claim whose caller has given up
// never stands (another delivery waiting on the row then gets it). Claims
// are written with owner, which EventClaimOwners reports. A nil keep keeps
// all. If the commit's answer is lost, the error wraps
// ErrCommitUncertain: check with EventClaimOwners.
func (db *DB) ClaimEventsThen(ctx context.Context, keys []string, ttl time.Duration, owner string, keep func(won map[string]bool) map[string]bool) (map[string]bool, error) {
	claimed := make(map[string]bool, len(keys))
	if len(keys) == 0 {
		return claimed, nil
	}
	at := now()
	expires := Timestamp{at.Add(ttl)}
	var sb strings.Builder
	args := make([]any, 0, 3*len(keys)+1)
	sb.WriteString(`INSERT INTO processed_events (event_key, expires_at, owner) VALUES `)
	seen := make(map[string]bool, len(keys))
	for _, k := range keys {
		// PostgreSQL refuses to touch one row twice in a statement.
		if seen[k] {
			continue
		}
		seen[k] = true
		if len(args) > 0 {
			sb.WriteString(", ")
		}
		sb.WriteString("(?, ?, ?)")
		args = append(args, k, expires, owner)
	}
	sb.WriteString(`
		ON CONFLICT (event_key) DO UPDATE SET expires_at = excluded.expires_at, owner = excluded.owner
		WHERE processed_events.expires_at < ?
		RETURNING event_key`)
	args = append(args, Timestamp{at})
	// On SQLite one prepared single-row claim per key, in the one
	// transaction: the driver would parse a many-row statement afresh for
	// every batch (each a different size), and with no network between,
	// the rows cost no more one at a time. Prepared before the transaction
	// begins, which takes SQLite's one connection.
	var one *sqlx.Stmt
	var err error
	if db.dialect == SQLite {
		if one, err = db.prepared(ctx, claimOneEvent); err != nil {
			return nil, fmt.Errorf("claim %d events: %w", len(seen), err)
		}
	}
	tx, err := db.x.BeginTxx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("claim %d events: begin: %w", len(seen), err)
	}
	var won []string
	if one != nil {
		err = claimOneByOne(ctx, tx.StmtxContext(ctx, one), keys, expires, owner, at, &won)
	} else {
		err = tx.SelectContext(ctx, &won, tx.Rebind(sb.String()), args...)
	}
	if err != nil {
		_ = tx.Rollback()
		return nil, fmt.Errorf("claim %d events: %w", len(seen), err)
	}
	for _, k := range won {
		claimed[k] = true
	}
	if keep != nil {
		kept := keep(claimed)
		var release []string
		for k := range claimed {
			if !kept[k] {
				release = append(release, k)
			}
		}
		if len(release) > 0 {
			q, qargs, err := sqlx.In(`DELETE FROM processed_events WHERE event_key IN (?)`, release)
			if err == nil {
				_, err = tx.ExecContext(ctx, tx.Rebind(q), qargs...)
			}
			if err != nil {
				_ = tx.Rollback()
				return nil, fmt.Errorf("claim %d events: release %d: %w", len(seen), len(release), err)
			}
		}
		claimed = kept
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("claim %d events: %w: %w", len(seen), ErrCommitUncertain, err)
	}
	return claimed, nil
}

// claimOneEvent is ClaimEventsThen's statement for one key (SQLite).
const claimOneEvent = `INSERT INTO processed_events (event_key, expires_at, owner) VALUES (?, ?, ?)
	ON CONFLICT (event_key) DO UPDATE SET expires_at = excluded.expires_at, owner = excluded.owner
	WHERE processed_events.expires_at < ?
	RETURNING event_key`

// claimOneByOne claims each distinct key with st, adding those won to won.
func claimOneByOne(ctx context.Context, st *sqlx.Stmt, keys []string, expires Timestamp, owner string, at time.Time, won *[]string) error {
	seen := make(map[string]bool, len(keys))
	for _, k := range keys {
		if seen[k] {
			continue
		}
		seen[k] = true
		var got []string
		if err := st.SelectContext(ctx, &got, k, expires, owner, Timestamp{at}); err != nil {
			return err
		}
		*won = append(*won, got...)
	}
	return nil
}

// EventClaimOwners reports who holds each of keys' unexpired claims (the
// owner written by ClaimEventsThen); a key without one is absent.
func (db *DB) EventClaimOwners(ctx context.Context, keys []string) (map[string]string, error) {
	out := make(map[string]string, len(keys))
	if len(keys) == 0 {
		return out, nil
	}
	q, args, err := sqlx.In(`SELECT event_key, owner FROM processed_events WHERE expires_at > ? AND event_key IN (?)`, Timestamp{now()}, keys)
	if err != nil {
		return nil, fmt.Errorf("event claim owners: %w", err)
	}
	var rows []struct {
		Key   string `db:"event_key"`
		Owner string `db:"owner"`
	}
	if err := db.x.SelectContext(ctx, &rows, db.x.Rebind(q), args...); err != nil {
		return nil, fmt.Errorf("event claim owners: %w", err)
	}
	for _, r := range rows {
		out[r.Key] = r.Owner
	}
	return out, nil
}

// PutOAuthState keeps an OAuth state until it expires or is taken.
func (db *DB) PutOAuthState(ctx context.Context, state string, expires time.Time) error {
	_, err := db.x.ExecContext(ctx, db.x.Rebind(`INSERT INTO slack_oauth_states (state, expires_at) VALUES (?, ?)`),
		state, Timestamp{expires})
	if err != nil {
		return fmt.Errorf("save oauth state: %w", err)
	}
	return nil
}

// TakeOAuthState consumes a state: true once if it exists and is unexpired.
func (db *DB) TakeOAuthState(ctx context.Context, state string) (bool, error) {
	res, err := db.x.ExecContext(ctx, db.x.Rebind(`DELETE FROM slack_oauth_states WHERE state = ? AND expires_at > ?`),
		state, Timestamp{now()})
	if err != nil {
		return false, fmt.Errorf("take oauth state: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("take oauth state: %w", err)
	}
	return n == 1, nil
}

// PurgeExpiredSlack deletes expired event claims and OAuth states.
func (db *DB) PurgeExpiredSlack(ctx context.Context, at time.Time) (int64, error) {
	var total int64
	for _, table := range []string{"processed_events", "slack_oauth_states"} {
		res, err := db.x.ExecContext(ctx, db.x.Rebind(`DELETE FROM `+table+` WHERE expires_at <= ?`), Timestamp{at})
		if err != nil {
			return total, fmt.Errorf("purge %s: %w", table, err)
		}
		n, _ := res.RowsAffected()
		total += n
	}
	return total, nil
}
