-- Network moderators named with `waymark moderators add` (issue 13), as
-- well as those in WAYMARK_NETWORK_MODERATORS. They may edit the network
-- layer in the console. A row belongs to the deployment, not to a group,
-- so there is no tenant_id: user_id is a platform user id (Slack, Discord
-- or the terminal's user). note says who they are, for whoever reads
-- `waymark moderators list` later; added_by is the operator who ran the
-- command.

-- +goose Up
CREATE TABLE network_moderators (
    user_id    TEXT    PRIMARY KEY,
    note       TEXT    NOT NULL DEFAULT '',
    added_by   TEXT    NOT NULL DEFAULT '',
    added_at   TIMESTAMPTZ NOT NULL
);

-- +goose Down
DROP TABLE network_moderators;
