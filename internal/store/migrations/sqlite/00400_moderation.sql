-- Moderation (issue 13): versions 00400-00499.
--
-- entry_versions keeps every change to a group's or the network's entries:
-- drafts, publishes, reverts (a revert is a new version) and review marks,
-- with who and when and the whole source text. A NULL tenant_id is the
-- network layer (entries for every group of the deployment).
-- network_entries is the published network layer, as tenant_entries is a
-- group's. Console sign-in links and sessions keep only a SHA-256 of their
-- tokens, so a copy of the database cannot be used to sign in. via is how
-- the user qualified as the group's moderator (a platform admin, the
-- group's settings list, or the computer's own user): the console checks a
-- session against it again on every request.

-- +goose Up
CREATE TABLE entry_versions (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    tenant_id  INTEGER REFERENCES tenants (id) ON DELETE CASCADE,
    entry_id   TEXT    NOT NULL,
    version    INTEGER NOT NULL,
    source     TEXT    NOT NULL,
    state      TEXT    NOT NULL,
    action     TEXT    NOT NULL,
    created_by TEXT    NOT NULL DEFAULT '',
    created_at TEXT    NOT NULL
);
CREATE UNIQUE INDEX entry_versions_key ON entry_versions (COALESCE(tenant_id, 0), entry_id, version);
CREATE INDEX entry_versions_recent ON entry_versions (tenant_id, id);
CREATE INDEX entry_versions_entry ON entry_versions (tenant_id, entry_id, version);
-- Partial indexes keep the per-question stamp (the latest published
-- change) and the drafts list to a few index pages however long the
-- history grows.
CREATE INDEX entry_versions_published ON entry_versions (tenant_id, id) WHERE state <> 'draft';
CREATE INDEX entry_versions_drafts ON entry_versions (tenant_id, entry_id) WHERE state = 'draft';

CREATE TABLE network_entries (
    entry_id   TEXT    PRIMARY KEY,
    source     TEXT    NOT NULL,
    updated_by TEXT    NOT NULL DEFAULT '',
    updated_at TEXT    NOT NULL
);

CREATE TABLE console_links (
    token_hash TEXT    PRIMARY KEY,
    tenant_id  INTEGER NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    user_id    TEXT    NOT NULL,
    via        TEXT    NOT NULL CHECK (via IN ('platform', 'settings', 'local')),
    network    BOOLEAN NOT NULL DEFAULT FALSE,
    next_path  TEXT    NOT NULL DEFAULT '',
    created_at TEXT    NOT NULL,
    expires_at TEXT    NOT NULL,
    used_at    TEXT
);
CREATE INDEX console_links_user ON console_links (tenant_id, user_id, created_at);

CREATE TABLE console_sessions (
    token_hash TEXT    PRIMARY KEY,
    tenant_id  INTEGER NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    user_id    TEXT    NOT NULL,
    via        TEXT    NOT NULL CHECK (via IN ('platform', 'settings', 'local')),
    network    BOOLEAN NOT NULL DEFAULT FALSE,
    created_at TEXT    NOT NULL,
    expires_at TEXT    NOT NULL
);

-- +goose Down
DROP TABLE console_sessions;
DROP TABLE console_links;
DROP TABLE network_entries;
DROP TABLE entry_versions;
