-- Discord gateway shards shared by replicas. Versions 00300-00399 belong
-- to the Discord adapter.
--
-- A replica holds a shard while its lease is unexpired and renews it; a
-- lease left by a replica that died expires and another replica takes the
-- shard. Replicas announce themselves in discord_gateway_members so each
-- can work out its fair share. Neither table holds a tenant's data.

-- +goose Up
CREATE TABLE discord_shard_leases (
    shard      INTEGER     PRIMARY KEY,
    holder     TEXT        NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE discord_gateway_members (
    holder     TEXT        PRIMARY KEY,
    expires_at TIMESTAMPTZ NOT NULL
);

-- +goose Down
DROP TABLE discord_gateway_members;
DROP TABLE discord_shard_leases;
