-- Anonymous answer feedback: counts per entry, never who voted.
-- References tenants ON DELETE CASCADE like every tenant table.

-- +goose Up
CREATE TABLE entry_feedback (
    tenant_id   INTEGER NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    entry_id    TEXT    NOT NULL,
    helpful     INTEGER NOT NULL DEFAULT 0,
    not_helpful INTEGER NOT NULL DEFAULT 0,
    updated_at  TEXT NOT NULL,
    PRIMARY KEY (tenant_id, entry_id)
);

-- +goose Down
DROP TABLE entry_feedback;
