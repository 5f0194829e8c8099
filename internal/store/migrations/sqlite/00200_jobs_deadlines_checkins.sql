-- Scheduled work: the job engine's table, deadlines and check-ins.
-- Versions 00200-00299 belong to jobs, deadlines and check-ins.

-- +goose Up
-- One row per occurrence of scheduled work: a deadline reminder, a check-in.
-- UNIQUE (tenant_id, kind, occurrence_key) makes enqueueing idempotent, so
-- an occurrence can exist, and be sent, once. finished_at is written in the
-- same statement that releases the lease, only by the lease holder.
CREATE TABLE jobs (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    tenant_id      INTEGER     NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    kind           TEXT        NOT NULL,
    occurrence_key TEXT        NOT NULL,
    subject        TEXT        NOT NULL,
    run_at         TEXT        NOT NULL,
    payload        TEXT        NOT NULL DEFAULT '{}',
    attempts       INTEGER     NOT NULL DEFAULT 0,
    locked_by      TEXT,
    locked_until   TEXT       ,
    finished_at    TEXT       ,
    outcome        TEXT        NOT NULL DEFAULT '',
    last_error     TEXT        NOT NULL DEFAULT '',
    created_at     TEXT        NOT NULL,
    UNIQUE (tenant_id, kind, occurrence_key)
);
CREATE INDEX jobs_due ON jobs (run_at) WHERE finished_at IS NULL;
CREATE INDEX jobs_subject ON jobs (tenant_id, subject) WHERE finished_at IS NULL;

-- due and anchor are calendar days (YYYY-MM-DD): a deadline falls on a day
-- in the group's time zone, not at an instant.
CREATE TABLE deadlines (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    tenant_id    INTEGER     NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    title        TEXT        NOT NULL,
    due          TEXT        NOT NULL,
    anchor       TEXT        NOT NULL,
    recurrence   TEXT        NOT NULL DEFAULT '',
    remind_days  TEXT        NOT NULL DEFAULT '',
    channel_id   TEXT        NOT NULL DEFAULT '',
    owner_id     TEXT        NOT NULL DEFAULT '',
    owner_name   TEXT        NOT NULL DEFAULT '',
    entry_id     TEXT        NOT NULL DEFAULT '',
    calendar_key TEXT        NOT NULL DEFAULT '',
    created_at   TEXT        NOT NULL,
    updated_at   TEXT        NOT NULL,
    done_at      TEXT       
);
CREATE INDEX deadlines_upcoming ON deadlines (tenant_id, due) WHERE done_at IS NULL;
CREATE INDEX deadlines_owner ON deadlines (tenant_id, owner_id);
CREATE UNIQUE INDEX deadlines_calendar ON deadlines (tenant_id, calendar_key) WHERE calendar_key <> '';

-- A person's opt-in. Times are local wall-clock minutes in the tenant's zone.
CREATE TABLE checkin_subscriptions (
    tenant_id    INTEGER     NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    user_id      TEXT        NOT NULL,
    every_days   INTEGER     NOT NULL,
    weekday      INTEGER     NOT NULL,
    minute       INTEGER     NOT NULL,
    paused_until TEXT        NOT NULL DEFAULT '',
    created_at   TEXT        NOT NULL,
    PRIMARY KEY (tenant_id, user_id)
);

-- Answers are the person's alone: read by (tenant_id, user_id), or as
-- anonymous aggregates of at least five people.
CREATE TABLE checkins (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    tenant_id      INTEGER     NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    user_id        TEXT        NOT NULL,
    occurrence_key TEXT        NOT NULL,
    asked_at       TEXT        NOT NULL,
    answered_at    TEXT       ,
    score          INTEGER,
    note           TEXT        NOT NULL DEFAULT '',
    skipped        BOOLEAN     NOT NULL DEFAULT FALSE,
    UNIQUE (tenant_id, user_id, occurrence_key)
);
CREATE INDEX checkins_user ON checkins (tenant_id, user_id, asked_at);
CREATE INDEX checkins_answered ON checkins (tenant_id, answered_at);

-- +goose Down
DROP TABLE checkins;
DROP TABLE checkin_subscriptions;
DROP TABLE deadlines;
DROP TABLE jobs;
