-- Event claims are shared by every adapter: one processed_events table,
-- keyed "platform:id" ("slack:Ev123", "discord:1234567890"). The Slack
-- table is renamed, so claims made before the upgrade still stand, and
-- Slack's request claims ("slack-request:...") take the shared form
-- ("slack:request:...").

-- +goose Up
ALTER TABLE slack_processed_events RENAME TO processed_events;
ALTER TABLE processed_events RENAME CONSTRAINT slack_processed_events_pkey TO processed_events_pkey;
ALTER INDEX slack_processed_events_expiry RENAME TO processed_events_expiry;
UPDATE processed_events SET event_key = 'slack:request:' || substr(event_key, 15)
WHERE event_key LIKE 'slack-request:%';

-- +goose Down
UPDATE processed_events SET event_key = 'slack-request:' || substr(event_key, 15)
WHERE event_key LIKE 'slack:request:%';
DELETE FROM processed_events WHERE event_key NOT LIKE 'slack%';
ALTER INDEX processed_events_expiry RENAME TO slack_processed_events_expiry;
ALTER TABLE processed_events RENAME CONSTRAINT processed_events_pkey TO slack_processed_events_pkey;
ALTER TABLE processed_events RENAME TO slack_processed_events;
