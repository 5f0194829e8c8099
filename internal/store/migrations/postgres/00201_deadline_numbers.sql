-- Per-group deadline numbers. Deadlines were shown by their row id, one
-- sequence for the whole deployment, which told every group how many
-- deadlines the network held. Each group now numbers its own from 1.
-- deadline_counters keeps the last number given, so a deleted number is
-- never given out again (a reminder or button naming it stays wrong-proof).

-- +goose Up
ALTER TABLE deadlines ADD COLUMN number BIGINT NOT NULL DEFAULT 0;
UPDATE deadlines SET number = (
    SELECT COUNT(*) FROM deadlines d2
    WHERE d2.tenant_id = deadlines.tenant_id AND d2.id <= deadlines.id);
CREATE UNIQUE INDEX deadlines_number ON deadlines (tenant_id, number);

CREATE TABLE deadline_counters (
    tenant_id   BIGINT  PRIMARY KEY REFERENCES tenants (id) ON DELETE CASCADE,
    last_number BIGINT  NOT NULL
);
INSERT INTO deadline_counters (tenant_id, last_number)
SELECT tenant_id, MAX(number) FROM deadlines GROUP BY tenant_id;

-- +goose Down
DROP TABLE deadline_counters;
DROP INDEX deadlines_number;
ALTER TABLE deadlines DROP COLUMN number;
