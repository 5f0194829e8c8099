package store

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"
)

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

// PurgeExpiredSlack deletes expired event claims (every platform's) and
// Slack's OAuth states (kept here rather than with the Slack adapter, as
// serve's sweeper runs it).
func (db *DB) PurgeExpiredSlack(ctx context.Context, at time.Time) (int64, error) {
	return db.purgeExpired(ctx, at, "processed_events", "slack_oauth_states")
}

// purgeExpired deletes the rows of tables whose expires_at is at or before
// at, and says how many went.
func (db *DB) purgeExpired(ctx context.Context, at time.Time, tables ...string) (int64, error) {
	var total int64
	for _, table := range tables {
		res, err := db.x.ExecContext(ctx, db.x.Rebind(`DELETE FROM `+table+` WHERE expires_at <= ?`), Timestamp{at})
		if err != nil {
			return total, fmt.Errorf("purge %s: %w", table, err)
		}
		n, _ := res.RowsAffected()
		total += n
	}
	return total, nil
}
