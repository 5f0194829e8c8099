-- A tenant row's version, raised by every change to it. A whole-row save
-- (UpdateTenant) only applies to the version it read, so a stale copy can
-- no longer put back settings changed since; and each replica compares
-- versions to drop the tenant rows it has cached as soon as another
-- replica changes one.

-- +goose Up
ALTER TABLE tenants ADD COLUMN version INTEGER NOT NULL DEFAULT 0;

-- +goose Down
ALTER TABLE tenants DROP COLUMN version;
