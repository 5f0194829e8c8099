package discord

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/waymark-org/waymark/internal/store"
)

// tables is the Discord adapter's own storage: the gateway's shard leases
// and members, and the server each person last used Waymark in. Its SQL
// lives here with the adapter, over the database serve opened, written
// with "?" and Rebind and with store.Timestamp for times, so one text
// serves SQLite and PostgreSQL. The tables' migrations stay with the
// others in internal/store (versions 00300-00399), so one ordered run
// creates every table.
type tables struct{ x *sqlx.DB }

// now is the current time as the store keeps it.
func now() time.Time { return store.Round(time.Now()) }

// holdShard takes or renews a gateway shard's lease for holder until ttl
// from now: it succeeds if the shard is free, its lease has expired, or
// holder already has it. One statement, so two replicas racing for a
// shard cannot both win.
func (t tables) holdShard(ctx context.Context, shard int, holder string, ttl time.Duration) (bool, error) {
	at := now()
	var got []int
	err := t.x.SelectContext(ctx, &got, t.x.Rebind(`
		INSERT INTO discord_shard_leases (shard, holder, expires_at) VALUES (?, ?, ?)
		ON CONFLICT (shard) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
		WHERE discord_shard_leases.holder = excluded.holder OR discord_shard_leases.expires_at < ?
		RETURNING shard`),
		shard, holder, store.Timestamp{Time: at.Add(ttl)}, store.Timestamp{Time: at})
	if err != nil {
		return false, fmt.Errorf("hold discord shard %d: %w", shard, err)
	}
	return len(got) == 1, nil
}

// releaseShard gives a shard up at once, if holder has it, so another
// replica need not wait for the lease to expire.
func (t tables) releaseShard(ctx context.Context, shard int, holder string) error {
	if _, err := t.x.ExecContext(ctx, t.x.Rebind(`DELETE FROM discord_shard_leases WHERE shard = ? AND holder = ?`), shard, holder); err != nil {
		return fmt.Errorf("release discord shard %d: %w", shard, err)
	}
	return nil
}

// gatewayMembers renews holder's presence until ttl from now and reports
// how many replicas are present (holder included), for each to work out
// its fair share of the shards. A replica that stops renewing drops out
// when its presence expires.
func (t tables) gatewayMembers(ctx context.Context, holder string, ttl time.Duration) (int, error) {
	at := now()
	if _, err := t.x.ExecContext(ctx, t.x.Rebind(`
		INSERT INTO discord_gateway_members (holder, expires_at) VALUES (?, ?)
		ON CONFLICT (holder) DO UPDATE SET expires_at = excluded.expires_at`),
		holder, store.Timestamp{Time: at.Add(ttl)}); err != nil {
		return 0, fmt.Errorf("discord gateway presence: %w", err)
	}
	if _, err := t.x.ExecContext(ctx, t.x.Rebind(`DELETE FROM discord_gateway_members WHERE expires_at < ?`), store.Timestamp{Time: at}); err != nil {
		return 0, fmt.Errorf("discord gateway presence: purge: %w", err)
	}
	var n int
	if err := t.x.GetContext(ctx, &n, t.x.Rebind(`SELECT COUNT(*) FROM discord_gateway_members WHERE expires_at >= ?`), store.Timestamp{Time: at}); err != nil {
		return 0, fmt.Errorf("discord gateway presence: count: %w", err)
	}
	return n, nil
}

// leaveGateway removes holder's presence (a clean shutdown).
func (t tables) leaveGateway(ctx context.Context, holder string) error {
	if _, err := t.x.ExecContext(ctx, t.x.Rebind(`DELETE FROM discord_gateway_members WHERE holder = ?`), holder); err != nil {
		return fmt.Errorf("leave discord gateway: %w", err)
	}
	return nil
}

// dmGuild is where a person last used Waymark.
type dmGuild struct {
	tenantID int64
	guildID  string
	at       time.Time
}

// saveDMGuilds records where each person last used Waymark, in one
// transaction.
func (t tables) saveDMGuilds(ctx context.Context, used map[string]dmGuild) error {
	if len(used) == 0 {
		return nil
	}
	tx, err := t.x.BeginTxx(ctx, nil)
	if err != nil {
		return fmt.Errorf("save discord DM servers: %w", err)
	}
	defer func() { _ = tx.Rollback() }()
	q := tx.Rebind(`
		INSERT INTO discord_dm_guilds (tenant_id, user_id, guild_id, used_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (tenant_id, user_id) DO UPDATE SET guild_id = excluded.guild_id, used_at = excluded.used_at`)
	for user, g := range used {
		if _, err := tx.ExecContext(ctx, q, g.tenantID, user, g.guildID, store.Timestamp{Time: g.at}); err != nil {
			return fmt.Errorf("save discord DM servers: %w", err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("save discord DM servers: %w", err)
	}
	return nil
}

// lastGuild is the server a person last used Waymark in; "" if none is
// recorded.
func (t tables) lastGuild(ctx context.Context, userID string) (string, error) {
	var g string
	err := t.x.GetContext(ctx, &g, t.x.Rebind(`
		SELECT guild_id FROM discord_dm_guilds WHERE user_id = ? ORDER BY used_at DESC LIMIT 1`), userID)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("discord DM server: %w", err)
	}
	return g, nil
}

// forget is the adapter's part of forget-me (a store.ForgetHook): the
// record of where the person used Waymark in this server.
func forget(ctx context.Context, tx *sqlx.Tx, tenantID int64, userID string) error {
	if _, err := tx.ExecContext(ctx, tx.Rebind(`DELETE FROM discord_dm_guilds WHERE tenant_id = ? AND user_id = ?`), tenantID, userID); err != nil {
		return fmt.Errorf("discord DM servers: %w", err)
	}
	return nil
}
