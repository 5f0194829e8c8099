-- Core tables. Versions 00001-00099 belong to the core; 00100-00199 to Slack;
-- 00200-00299 to jobs, deadlines and check-ins.
--
-- Times are TEXT in one fixed-width UTC form, 2006-01-02T15:04:05.000000Z,
-- written by Go (store.Timestamp), never by SQLite defaults: fixed width
-- keeps text order equal to time order, and microseconds match PostgreSQL.

-- +goose Up
CREATE TABLE tenants (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    platform       TEXT    NOT NULL,
    external_id    TEXT    NOT NULL,
    name           TEXT    NOT NULL DEFAULT '',
    timezone       TEXT    NOT NULL DEFAULT 'Europe/London',
    jurisdiction   TEXT    NOT NULL DEFAULT 'england',
    settings       TEXT    NOT NULL DEFAULT '{}',
    active         BOOLEAN NOT NULL DEFAULT TRUE,
    created_at     TEXT    NOT NULL,
    deactivated_at TEXT,
    UNIQUE (platform, external_id)
);

CREATE TABLE tenant_entries (
    tenant_id  INTEGER NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    entry_id   TEXT    NOT NULL,
    source     TEXT    NOT NULL,
    updated_by TEXT    NOT NULL DEFAULT '',
    updated_at TEXT    NOT NULL,
    PRIMARY KEY (tenant_id, entry_id)
);

-- Append-only: one row per put or delete, for kb history and revert.
-- A NULL source records a delete.
CREATE TABLE tenant_entry_history (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    tenant_id  INTEGER NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    entry_id   TEXT    NOT NULL,
    source     TEXT,
    changed_by TEXT    NOT NULL DEFAULT '',
    changed_at TEXT    NOT NULL
);
CREATE INDEX tenant_entry_history_entry ON tenant_entry_history (tenant_id, entry_id, id);

-- No user identity here, on purpose: moderators see what was asked, not who.
CREATE TABLE unanswered_questions (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    tenant_id  INTEGER NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    question   TEXT    NOT NULL,
    count      INTEGER NOT NULL DEFAULT 1,
    first_seen TEXT    NOT NULL,
    last_seen  TEXT    NOT NULL,
    UNIQUE (tenant_id, question)
);
CREATE INDEX unanswered_questions_rank ON unanswered_questions (tenant_id, count DESC, last_seen DESC);

-- +goose Down
DROP TABLE unanswered_questions;
DROP TABLE tenant_entry_history;
DROP TABLE tenant_entries;
DROP TABLE tenants;
