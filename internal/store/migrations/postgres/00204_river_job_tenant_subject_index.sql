-- The store finds a group's River jobs, or a deadline's or person's, by
-- fields of their arguments: (args->>'tenant_id', args->>'subject') on
-- every deadline save, check-in opt-in, forget-me, uninstall and
-- reinstall. River's GIN index on args serves only containment (@>), so
-- those statements scanned all of river_job: with 100,000 jobs a deadline
-- save's DELETE took 83 ms (EXPLAIN ANALYZE, Seq Scan); with this index
-- 0.07 ms (Index Scan). Not partial on kind, so a change to the store's
-- kinds can never leave the index silently unused. Plain CREATE INDEX
-- (not CONCURRENTLY, which cannot run in goose's transaction): on a
-- network's river_job it blocks job inserts for about a second.

-- +goose Up
CREATE INDEX IF NOT EXISTS river_job_waymark_tenant_subject
    ON river_job ((args->>'tenant_id'), (args->>'subject'));

-- +goose Down
DROP INDEX IF EXISTS river_job_waymark_tenant_subject;
