-- Slack installations, event dedupe and OAuth state. Versions 00100-00199
-- belong to the Slack adapter.
--
-- Every table holding a tenant's data references tenants (id) ON DELETE
-- CASCADE, so `waymark tenant delete` and the retention sweep delete a
-- tenant with one DELETE. New tables must do the same.

-- +goose Up
CREATE TABLE slack_installations (
    tenant_id       INTEGER PRIMARY KEY REFERENCES tenants (id) ON DELETE CASCADE,
    team_id         TEXT    NOT NULL UNIQUE,
    bot_user_id     TEXT    NOT NULL DEFAULT '',
    -- AES-GCM ciphertext from internal/secrets, "keyid:base64"; empty once
    -- the token is revoked.
    bot_token_enc   TEXT    NOT NULL DEFAULT '',
    installer_user  TEXT    NOT NULL DEFAULT '',
    scopes          TEXT    NOT NULL DEFAULT '',
    installed_at    TEXT    NOT NULL,
    revoked_at      TEXT
);

-- One row per Slack delivery already taken: event ids are global, so this
-- is not per tenant. Rows expire after Slack's retry window and are purged.
CREATE TABLE slack_processed_events (
    event_key  TEXT PRIMARY KEY,
    expires_at TEXT NOT NULL
);
CREATE INDEX slack_processed_events_expiry ON slack_processed_events (expires_at);

CREATE TABLE slack_oauth_states (
    state      TEXT PRIMARY KEY,
    expires_at TEXT NOT NULL
);

-- +goose Down
DROP TABLE slack_oauth_states;
DROP TABLE slack_processed_events;
DROP TABLE slack_installations;
