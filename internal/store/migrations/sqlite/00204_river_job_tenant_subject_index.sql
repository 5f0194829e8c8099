-- The store finds a group's River jobs, or a deadline's or person's, by
-- fields of their arguments (see the PostgreSQL migration of the same
-- number). SQLite uses an index on expressions only when the query's
-- expressions are the same, so these are exactly store.argField's.

-- +goose Up
CREATE INDEX IF NOT EXISTS river_job_waymark_tenant_subject
    ON river_job (CAST(json_extract(args, '$.tenant_id') AS TEXT), CAST(json_extract(args, '$.subject') AS TEXT));

-- +goose Down
DROP INDEX IF EXISTS river_job_waymark_tenant_subject;
