-- A deadline's time of day ("19:00", for a meeting; '' for a whole day)
-- and the day its next reminder is snoozed to ('' when not snoozed).
-- Snooze moves only the reminder, never the due date.

-- +goose Up
ALTER TABLE deadlines ADD COLUMN time_of_day TEXT NOT NULL DEFAULT '';
ALTER TABLE deadlines ADD COLUMN snoozed_until TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE deadlines DROP COLUMN snoozed_until;
ALTER TABLE deadlines DROP COLUMN time_of_day;
