package store

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/waymark-org/waymark/bot"
)

var _ bot.EntryVersions = (*DB)(nil)

type versionRow struct {
	ID        int64         `db:"id"`
	TenantID  sql.NullInt64 `db:"tenant_id"`
	EntryID   string        `db:"entry_id"`
	Version   int           `db:"version"`
	Source    string        `db:"source"`
	State     string        `db:"state"`
	Action    string        `db:"action"`
	CreatedBy string        `db:"created_by"`
	CreatedAt Timestamp     `db:"created_at"`
}

func (r versionRow) version() bot.EntryVersion {
	return bot.EntryVersion{
		ID: r.ID, Scope: bot.EntryScope{TenantID: r.TenantID.Int64}, EntryID: r.EntryID, Version: r.Version,
		Source: r.Source, State: r.State, Action: r.Action, CreatedBy: r.CreatedBy, CreatedAt: r.CreatedAt.Time,
	}
}

const versionColumns = `id, tenant_id, entry_id, version, source, state, action, created_by, created_at`

// scopeCond is the WHERE condition selecting one layer's rows. The network
// layer is the rows with no tenant; a group's are its own and no other's.
func scopeCond(s bot.EntryScope) (string, []any) {
	if s.Network() {
		return `tenant_id IS NULL`, nil
	}
	return `tenant_id = ?`, []any{s.TenantID}
}

func scopeTenant(s bot.EntryScope) sql.NullInt64 {
	return sql.NullInt64{Int64: s.TenantID, Valid: !s.Network()}
}

// SaveEntryVersion appends a version to an entry's history and, when it is
// published, makes it the layer's current text, in one transaction.
func (db *DB) SaveEntryVersion(ctx context.Context, v bot.NewEntryVersion) (bot.EntryVersion, error) {
	// After the commit, so no one caches the stamp as it was before it.
	defer db.stamps.forgetAll()
	var saved bot.EntryVersion
	err := db.inTx(ctx, func(tx *sqlx.Tx) error {
		var err error
		saved, err = saveVersionTx(ctx, tx, v)
		return err
	})
	if err != nil {
		return bot.EntryVersion{}, fmt.Errorf("save version of entry %q (%s): %w", v.EntryID, v.Scope.Layer(), err)
	}
	return saved, nil
}

func saveVersionTx(ctx context.Context, tx *sqlx.Tx, v bot.NewEntryVersion) (bot.EntryVersion, error) {
	if !v.Scope.Network() {
		if err := tenantExists(ctx, tx, v.Scope.TenantID); err != nil {
			return bot.EntryVersion{}, err
		}
	}
	state := bot.StateDraft
	switch {
	case v.Pending:
		state, v.Publish = bot.StatePending, false
	case v.Publish:
		state = bot.StatePublished
	}
	saved, err := insertVersionTx(ctx, tx, v, state)
	if err != nil || !v.Publish {
		return saved, err
	}
	if v.Scope.Network() {
		return saved, putNetworkEntryTx(ctx, tx, saved)
	}
	return saved, putEntryTx(ctx, tx, bot.TenantEntry{TenantID: v.Scope.TenantID, EntryID: saved.EntryID, Source: saved.Source, UpdatedBy: saved.CreatedBy, UpdatedAt: saved.CreatedAt})
}

func tenantExists(ctx context.Context, tx *sqlx.Tx, tenantID int64) error {
	var one int
	err := tx.GetContext(ctx, &one, tx.Rebind(`SELECT 1 FROM tenants WHERE id = ?`), tenantID)
	if notFound(err) {
		return fmt.Errorf("tenant %d: %w", tenantID, bot.ErrNotFound)
	}
	return err
}

// insertVersionTx numbers the version after the entry's last in its layer.
// Two saves at once both read the same last number; the unique index then
// refuses the second, which is reported rather than silently renumbered.
func insertVersionTx(ctx context.Context, tx *sqlx.Tx, v bot.NewEntryVersion, state string) (bot.EntryVersion, error) {
	v.EntryID, v.Source, v.By = clean(v.EntryID), clean(v.Source), clean(v.By)
	if v.EntryID == "" {
		return bot.EntryVersion{}, fmt.Errorf("empty entry id")
	}
	at := v.At
	if at.IsZero() {
		at = now()
	}
	cond, args := scopeCond(v.Scope)
	var last int
	if err := tx.GetContext(ctx, &last, tx.Rebind(`SELECT COALESCE(MAX(version), 0) FROM entry_versions WHERE `+cond+` AND entry_id = ?`), append(args, v.EntryID)...); err != nil {
		return bot.EntryVersion{}, fmt.Errorf("last version: %w", err)
	}
	row := versionRow{TenantID: scopeTenant(v.Scope), EntryID: v.EntryID, Version: last + 1, Source: v.Source, State: state, Action: v.Action, CreatedBy: v.By, CreatedAt: Timestamp{Round(at)}}
	err := tx.GetContext(ctx, &row.ID, tx.Rebind(`
		INSERT INTO entry_versions (tenant_id, entry_id, version, source, state, action, created_by, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`),
		row.TenantID, row.EntryID, row.Version, row.Source, row.State, row.Action, row.CreatedBy, row.CreatedAt)
	if err != nil {
		return bot.EntryVersion{}, fmt.Errorf("insert version: %w", err)
	}
	return row.version(), nil
}

func putNetworkEntryTx(ctx context.Context, tx *sqlx.Tx, v bot.EntryVersion) error {
	_, err := tx.ExecContext(ctx, tx.Rebind(`
		INSERT INTO network_entries (entry_id, source, updated_by, updated_at)
		VALUES (?, ?, ?, ?)
		ON CONFLICT (entry_id) DO UPDATE
		SET source = excluded.source, updated_by = excluded.updated_by, updated_at = excluded.updated_at`),
		v.EntryID, v.Source, v.CreatedBy, Timestamp{v.CreatedAt})
	if err != nil {
		return fmt.Errorf("put network entry: %w", err)
	}
	return nil
}

// EntryHistory lists an entry's versions in one layer, newest first.
func (db *DB) EntryHistory(ctx context.Context, s bot.EntryScope, entryID string) ([]bot.EntryVersion, error) {
	cond, args := scopeCond(s)
	var rows []versionRow
	err := db.x.SelectContext(ctx, &rows, db.x.Rebind(`SELECT `+versionColumns+` FROM entry_versions WHERE `+cond+` AND entry_id = ? ORDER BY version DESC`), append(args, entryID)...)
	if err != nil {
		return nil, fmt.Errorf("history of entry %q (%s): %w", entryID, s.Layer(), err)
	}
	out := make([]bot.EntryVersion, len(rows))
	for i, r := range rows {
		out[i] = r.version()
	}
	return out, nil
}

// EntryVersionAt returns one version of an entry in one layer.
func (db *DB) EntryVersionAt(ctx context.Context, s bot.EntryScope, entryID string, version int) (bot.EntryVersion, error) {
	cond, args := scopeCond(s)
	var r versionRow
	err := db.x.GetContext(ctx, &r, db.x.Rebind(`SELECT `+versionColumns+` FROM entry_versions WHERE `+cond+` AND entry_id = ? AND version = ?`), append(args, entryID, version)...)
	if notFound(err) {
		return bot.EntryVersion{}, fmt.Errorf("version %d of entry %q (%s): %w", version, entryID, s.Layer(), bot.ErrNotFound)
	}
	if err != nil {
		return bot.EntryVersion{}, fmt.Errorf("version %d of entry %q (%s): %w", version, entryID, s.Layer(), err)
	}
	return r.version(), nil
}

// RecentEntryVersions lists the latest changes a group's moderators may
// see: the group's own and the network's, newest first. Two queries, one
// per layer, each read backwards along an index.
func (db *DB) RecentEntryVersions(ctx context.Context, tenantID int64, limit int) ([]bot.EntryVersion, error) {
	var out []bot.EntryVersion
	for _, s := range []bot.EntryScope{bot.GroupScope(tenantID), bot.NetworkScope()} {
		cond, args := scopeCond(s)
		var rows []versionRow
		err := db.x.SelectContext(ctx, &rows, db.x.Rebind(`SELECT `+versionColumns+` FROM entry_versions
			WHERE `+cond+` ORDER BY id DESC LIMIT ?`), append(args, limit)...)
		if err != nil {
			return nil, fmt.Errorf("recent entry changes of tenant %d: %w", tenantID, err)
		}
		for _, r := range rows {
			out = append(out, r.version())
		}
	}
	slices.SortFunc(out, func(a, b bot.EntryVersion) int { return cmp.Compare(b.ID, a.ID) })
	if len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}

// DraftEntries lists the entries of a layer whose latest version is a
// draft not yet published.
func (db *DB) DraftEntries(ctx context.Context, s bot.EntryScope) ([]bot.EntryVersion, error) {
	cond, args := scopeCond(s)
	var rows []versionRow
	err := db.x.SelectContext(ctx, &rows, db.x.Rebind(`SELECT `+versionColumns+` FROM entry_versions v
		WHERE `+cond+` AND state = 'draft' AND NOT EXISTS (
			SELECT 1 FROM entry_versions w
			WHERE `+strings.Replace(cond, "tenant_id", "w.tenant_id", 1)+` AND w.entry_id = v.entry_id AND w.version > v.version)
		ORDER BY entry_id`), append(args, args...)...)
	if err != nil {
		return nil, fmt.Errorf("drafts (%s): %w", s.Layer(), err)
	}
	out := make([]bot.EntryVersion, len(rows))
	for i, r := range rows {
		out[i] = r.version()
	}
	return out, nil
}

// PendingEntryVersions lists a group's versions waiting for a second
// moderator's approval, oldest first. Only the group's own layer: the
// network layer has no approval step.
func (db *DB) PendingEntryVersions(ctx context.Context, tenantID int64) ([]bot.EntryVersion, error) {
	var rows []versionRow
	err := db.x.SelectContext(ctx, &rows, db.x.Rebind(`SELECT `+versionColumns+` FROM entry_versions
		WHERE tenant_id = ? AND state = 'pending' ORDER BY id`), tenantID)
	if err != nil {
		return nil, fmt.Errorf("pending versions of tenant %d: %w", tenantID, err)
	}
	out := make([]bot.EntryVersion, len(rows))
	for i, r := range rows {
		out[i] = r.version()
	}
	return out, nil
}

// DecideEntryVersion settles a pending version. Approving it publishes its
// exact text as a new version by the approver (action approve) and marks
// the pending row approved, which keeps its author; rejecting marks it
// rejected. The author may reject (withdraw) their own, never approve it:
// that is the point of a second moderator. The check and the change are
// one transaction, and the row changes only while still pending, so two
// moderators deciding at once cannot both succeed. It returns the new
// published version, or the rejected one.
func (db *DB) DecideEntryVersion(ctx context.Context, s bot.EntryScope, entryID string, version int, by string, approve bool) (bot.EntryVersion, error) {
	defer db.stamps.forgetAll()
	by = clean(by)
	var out bot.EntryVersion
	err := db.inTx(ctx, func(tx *sqlx.Tx) error {
		cond, args := scopeCond(s)
		var r versionRow
		err := tx.GetContext(ctx, &r, tx.Rebind(`SELECT `+versionColumns+` FROM entry_versions WHERE `+cond+` AND entry_id = ? AND version = ?`), append(args, entryID, version)...)
		if notFound(err) {
			return bot.ErrNotFound
		}
		if err != nil {
			return err
		}
		if r.State != bot.StatePending {
			return bot.ErrNotPending
		}
		// An author forgotten on request (created_by emptied) can be
		// approved by anyone; a named one never by themselves.
		if approve && (by == "" || r.CreatedBy == by) {
			return bot.ErrOwnApproval
		}
		state := bot.StateRejected
		if approve {
			state = bot.StateApproved
		}
		res, err := tx.ExecContext(ctx, tx.Rebind(`UPDATE entry_versions SET state = ? WHERE id = ? AND state = 'pending'`), state, r.ID)
		if err != nil {
			return fmt.Errorf("mark %s: %w", state, err)
		}
		if n, err := res.RowsAffected(); err != nil || n != 1 {
			return bot.ErrNotPending
		}
		r.State = state
		out = r.version()
		if !approve {
			return nil
		}
		out, err = saveVersionTx(ctx, tx, bot.NewEntryVersion{Scope: s, EntryID: r.EntryID, Source: r.Source, By: by, Action: bot.ActionApprove, Publish: true})
		return err
	})
	if err != nil {
		return bot.EntryVersion{}, fmt.Errorf("decide version %d of entry %q (%s): %w", version, entryID, s.Layer(), err)
	}
	return out, nil
}

// NetworkEntries is the published network layer, ordered by entry id.
func (db *DB) NetworkEntries(ctx context.Context) ([]bot.TenantEntry, error) {
	var rows []entryRow
	err := db.x.SelectContext(ctx, &rows, `SELECT 0 AS tenant_id, entry_id, source, updated_by, updated_at FROM network_entries ORDER BY entry_id`)
	if err != nil {
		return nil, fmt.Errorf("list network entries: %w", err)
	}
	out := make([]bot.TenantEntry, len(rows))
	for i, r := range rows {
		out[i] = bot.TenantEntry{EntryID: r.EntryID, Source: r.Source, UpdatedBy: r.UpdatedBy, UpdatedAt: r.UpdatedAt.Time}
	}
	return out, nil
}

// EntryStamp is the id of the latest change to the published entries a
// tenant is answered from (its own and the network's). Ids only grow, so
// an unchanged stamp means unchanged entries; drafts do not move it. A
// pending version does (the partial index is on state <> 'draft'), which
// costs one needless rebuild of the index and never a stale answer. It
// runs before every search, so each half is one seek on a partial index.
func (db *DB) EntryStamp(ctx context.Context, tenantID int64) (int64, error) {
	at, ttl := db.tenants.clock()
	if stamp, ok := db.stamps.get(tenantID, at, ttl); ok {
		return stamp, nil
	}
	gen := db.stamps.generation()
	var s struct {
		Group   sql.NullInt64 `db:"group_stamp"`
		Network sql.NullInt64 `db:"network_stamp"`
	}
	err := db.getHot(ctx, &s, `
		SELECT
			(SELECT MAX(id) FROM entry_versions WHERE tenant_id = ? AND state <> 'draft') AS group_stamp,
			(SELECT MAX(id) FROM entry_versions WHERE tenant_id IS NULL AND state <> 'draft') AS network_stamp`, tenantID)
	if err != nil {
		return 0, fmt.Errorf("entry stamp of tenant %d: %w", tenantID, err)
	}
	stamp := max(s.Group.Int64, s.Network.Int64)
	db.stamps.put(tenantID, stamp, at, gen)
	return stamp, nil
}

// ConsoleLink is a single-use sign-in link to the moderators' console, as
// stored: only the SHA-256 of its token.
type ConsoleLink struct {
	TokenHash string `db:"token_hash"`
	TenantID  int64  `db:"tenant_id"`
	UserID    string `db:"user_id"`
	// Via is how the user qualified as the group's moderator.
	Via bot.ModeratorVia `db:"via"`
	// Network: the moderator may edit the network layer too.
	Network   bool      `db:"network"`
	NextPath  string    `db:"next_path"`
	CreatedAt time.Time `db:"-"`
	ExpiresAt time.Time `db:"-"`
}

// CreateConsoleLink stores a new sign-in link.
func (db *DB) CreateConsoleLink(ctx context.Context, l ConsoleLink) error {
	_, err := db.x.ExecContext(ctx, db.x.Rebind(`
		INSERT INTO console_links (token_hash, tenant_id, user_id, via, network, next_path, created_at, expires_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`),
		l.TokenHash, l.TenantID, clean(l.UserID), string(l.Via), l.Network, clean(l.NextPath), Timestamp{l.CreatedAt}, Timestamp{l.ExpiresAt})
	if err != nil {
		return fmt.Errorf("create console link for tenant %d: %w", l.TenantID, err)
	}
	return nil
}

// CountConsoleLinks counts the links made for a user since a time, to
// rate-limit them.
func (db *DB) CountConsoleLinks(ctx context.Context, tenantID int64, userID string, since time.Time) (int, error) {
	var n int
	err := db.x.GetContext(ctx, &n, db.x.Rebind(`SELECT COUNT(*) FROM console_links WHERE tenant_id = ? AND user_id = ? AND created_at >= ?`), tenantID, userID, Timestamp{since})
	if err != nil {
		return 0, fmt.Errorf("count console links: %w", err)
	}
	return n, nil
}

// RedeemConsoleLink uses a link up: it succeeds once, before the link
// expires, and returns bot.ErrNotFound for an unknown, used or expired
// link alike (the difference is no business of whoever holds it). The
// check and the use are one statement, so two replicas cannot both
// accept the same link.
func (db *DB) RedeemConsoleLink(ctx context.Context, tokenHash string, at time.Time) (ConsoleLink, error) {
	var l ConsoleLink
	err := db.x.GetContext(ctx, &l, db.x.Rebind(`
		UPDATE console_links SET used_at = ?
		WHERE token_hash = ? AND used_at IS NULL AND expires_at > ?
		RETURNING token_hash, tenant_id, user_id, via, network, next_path`), Timestamp{at}, tokenHash, Timestamp{at})
	if notFound(err) {
		return ConsoleLink{}, fmt.Errorf("redeem console link: %w", bot.ErrNotFound)
	}
	if err != nil {
		return ConsoleLink{}, fmt.Errorf("redeem console link: %w", err)
	}
	return l, nil
}

// ConsoleSession is a signed-in moderator, as stored: only the SHA-256 of
// the cookie's token.
type ConsoleSession struct {
	TokenHash string `db:"token_hash"`
	TenantID  int64  `db:"tenant_id"`
	UserID    string `db:"user_id"`
	// Via is how the user qualified as the group's moderator: the
	// console checks it again on every request.
	Via       bot.ModeratorVia `db:"via"`
	Network   bool             `db:"network"`
	ExpiresAt Timestamp        `db:"expires_at"`
}

// CreateConsoleSession stores a new session.
func (db *DB) CreateConsoleSession(ctx context.Context, s ConsoleSession, at time.Time) error {
	_, err := db.x.ExecContext(ctx, db.x.Rebind(`
		INSERT INTO console_sessions (token_hash, tenant_id, user_id, via, network, created_at, expires_at)
		VALUES (?, ?, ?, ?, ?, ?, ?)`), s.TokenHash, s.TenantID, clean(s.UserID), string(s.Via), s.Network, Timestamp{at}, s.ExpiresAt)
	if err != nil {
		return fmt.Errorf("create console session for tenant %d: %w", s.TenantID, err)
	}
	return nil
}

// ConsoleSessionByHash returns a session that has not expired, or
// bot.ErrNotFound.
func (db *DB) ConsoleSessionByHash(ctx context.Context, tokenHash string, at time.Time) (ConsoleSession, error) {
	var s ConsoleSession
	err := db.x.GetContext(ctx, &s, db.x.Rebind(`
		SELECT token_hash, tenant_id, user_id, via, network, expires_at FROM console_sessions
		WHERE token_hash = ? AND expires_at > ?`), tokenHash, Timestamp{at})
	if notFound(err) {
		return ConsoleSession{}, fmt.Errorf("console session: %w", bot.ErrNotFound)
	}
	if err != nil {
		return ConsoleSession{}, fmt.Errorf("console session: %w", err)
	}
	return s, nil
}

// DeleteConsoleSession ends a session (sign out).
func (db *DB) DeleteConsoleSession(ctx context.Context, tokenHash string) error {
	if _, err := db.x.ExecContext(ctx, db.x.Rebind(`DELETE FROM console_sessions WHERE token_hash = ?`), tokenHash); err != nil {
		return fmt.Errorf("delete console session: %w", err)
	}
	return nil
}

// PurgeExpiredConsole deletes sessions and links past their expiry.
func (db *DB) PurgeExpiredConsole(ctx context.Context, at time.Time) (int64, error) {
	return db.purgeExpired(ctx, at, "console_sessions", "console_links")
}

// DeleteUnanswered removes questions from a tenant's gaps log, once a
// moderator has answered them.
func (db *DB) DeleteUnanswered(ctx context.Context, tenantID int64, questions []string) error {
	for _, q := range questions {
		if _, err := db.x.ExecContext(ctx, db.x.Rebind(`DELETE FROM unanswered_questions WHERE tenant_id = ? AND question = ?`), tenantID, tidyQuestion(q)); err != nil {
			return fmt.Errorf("delete unanswered question of tenant %d: %w", tenantID, err)
		}
	}
	return nil
}

// SaveEntryVersions saves several versions in one transaction: an import
// lands whole or not at all.
func (db *DB) SaveEntryVersions(ctx context.Context, vs []bot.NewEntryVersion) error {
	defer db.stamps.forgetAll()
	err := db.inTx(ctx, func(tx *sqlx.Tx) error {
		for _, v := range vs {
			if _, err := saveVersionTx(ctx, tx, v); err != nil {
				return fmt.Errorf("entry %q: %w", v.EntryID, err)
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("save %d entry versions: %w", len(vs), err)
	}
	return nil
}
