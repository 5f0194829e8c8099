-- Each event claim names the batch that made it, so a claim whose commit
-- was cut off by the network can be checked afterwards: if it stands and
-- is ours, the event is ours to answer.

-- +goose Up
ALTER TABLE slack_processed_events ADD COLUMN owner TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE slack_processed_events DROP COLUMN owner;
