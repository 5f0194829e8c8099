-- The server each person last used Waymark in, so a DM (which belongs to
-- no server) is answered for their group after serve restarts, and on
-- any replica. One row per person and server; the newest is used. It
-- names a person, so forget-me deletes it (with the tenant's, by cascade).

-- +goose Up
CREATE TABLE discord_dm_guilds (
    tenant_id  INTEGER     NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    user_id    TEXT        NOT NULL,
    guild_id   TEXT        NOT NULL,
    used_at    TEXT        NOT NULL,
    PRIMARY KEY (tenant_id, user_id)
);

CREATE INDEX discord_dm_guilds_user ON discord_dm_guilds (user_id, used_at);

-- +goose Down
DROP TABLE discord_dm_guilds;
