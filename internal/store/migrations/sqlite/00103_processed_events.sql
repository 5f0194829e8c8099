-- Event claims are shared by every adapter: one processed_events table,
-- keyed "platform:id" ("slack:Ev123", "discord:1234567890"). The Slack
-- table is renamed, so claims made before the upgrade still stand, and
-- Slack's request claims ("slack-request:...") take the shared form
-- ("slack:request:..."). SQLite cannot rename an index, so it is rebuilt.

-- +goose Up
ALTER TABLE slack_processed_events RENAME TO processed_events;
DROP INDEX slack_processed_events_expiry;
CREATE INDEX processed_events_expiry ON processed_events (expires_at);
UPDATE processed_events SET event_key = 'slack:request:' || substr(event_key, 15)
WHERE event_key LIKE 'slack-request:%';

-- +goose Down
UPDATE processed_events SET event_key = 'slack-request:' || substr(event_key, 15)
WHERE event_key LIKE 'slack:request:%';
DELETE FROM processed_events WHERE event_key NOT LIKE 'slack%';
DROP INDEX processed_events_expiry;
ALTER TABLE processed_events RENAME TO slack_processed_events;
CREATE INDEX slack_processed_events_expiry ON slack_processed_events (expires_at);
