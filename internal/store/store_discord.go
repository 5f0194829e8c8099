package store

import (
	"context"
	"fmt"
	"time"
)

// HoldShard takes or renews a Discord gateway shard's lease for holder
// until ttl from now: it succeeds if the shard is free, its lease has
// expired, or holder already has it. One statement, so two replicas
// racing for a shard cannot both win.
func (db *DB) HoldShard(ctx context.Context, shard int, holder string, ttl time.Duration) (bool, error) {
	at := now()
	var got []int
	err := db.x.SelectContext(ctx, &got, db.x.Rebind(`
		INSERT INTO discord_shard_leases (shard, holder, expires_at) VALUES (?, ?, ?)
		ON CONFLICT (shard) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
		WHERE discord_shard_leases.holder = excluded.holder OR discord_shard_leases.expires_at < ?
		RETURNING shard`),
		shard, holder, Timestamp{at.Add(ttl)}, Timestamp{at})
	if err != nil {
		return false, fmt.Errorf("hold discord shard %d: %w", shard, err)
	}
	return len(got) == 1, nil
}

// ReleaseShard gives a shard up at once, if holder has it, so another
// replica need not wait for the lease to expire.
func (db *DB) ReleaseShard(ctx context.Context, shard int, holder string) error {
	if _, err := db.x.ExecContext(ctx, db.x.Rebind(`DELETE FROM discord_shard_leases WHERE shard = ? AND holder = ?`), shard, holder); err != nil {
		return fmt.Errorf("release discord shard %d: %w", shard, err)
	}
	return nil
}

// GatewayMembers renews holder's presence until ttl from now and reports
// how many replicas are present (holder included), for each to work out
// its fair share of the shards. A replica that stops renewing drops out
// when its presence expires.
func (db *DB) GatewayMembers(ctx context.Context, holder string, ttl time.Duration) (int, error) {
	at := now()
	if _, err := db.x.ExecContext(ctx, db.x.Rebind(`
		INSERT INTO discord_gateway_members (holder, expires_at) VALUES (?, ?)
		ON CONFLICT (holder) DO UPDATE SET expires_at = excluded.expires_at`),
		holder, Timestamp{at.Add(ttl)}); err != nil {
		return 0, fmt.Errorf("discord gateway presence: %w", err)
	}
	if _, err := db.x.ExecContext(ctx, db.x.Rebind(`DELETE FROM discord_gateway_members WHERE expires_at < ?`), Timestamp{at}); err != nil {
		return 0, fmt.Errorf("discord gateway presence: purge: %w", err)
	}
	var n int
	if err := db.x.GetContext(ctx, &n, db.x.Rebind(`SELECT COUNT(*) FROM discord_gateway_members WHERE expires_at >= ?`), Timestamp{at}); err != nil {
		return 0, fmt.Errorf("discord gateway presence: count: %w", err)
	}
	return n, nil
}

// LeaveGateway removes holder's presence (a clean shutdown).
func (db *DB) LeaveGateway(ctx context.Context, holder string) error {
	if _, err := db.x.ExecContext(ctx, db.x.Rebind(`DELETE FROM discord_gateway_members WHERE holder = ?`), holder); err != nil {
		return fmt.Errorf("leave discord gateway: %w", err)
	}
	return nil
}
