package store

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/waymark-org/waymark/bot"
)

// ErrInvalidUserID is wrapped by the network moderator methods when a
// platform user id could not be one: empty, with spaces, too long or
// unprintable.
var ErrInvalidUserID = errors.New("invalid user id")

// MaxUserIDLen is the longest platform user id accepted, in characters.
// Slack ids are about 11 and Discord snowflakes at most 20; the headroom
// is for the terminal's OS user names.
const MaxUserIDLen = 64

// maxNoteLen bounds a network moderator's note: a name and a role, not
// a biography.
const maxNoteLen = 200

// NetworkModerator is someone named with `waymark moderators add` who may
// edit the network layer in the console.
type NetworkModerator struct {
	UserID  string
	Note    string
	AddedBy string
	AddedAt time.Time
}

type networkModeratorRow struct {
	UserID  string    `db:"user_id"`
	Note    string    `db:"note"`
	AddedBy string    `db:"added_by"`
	AddedAt Timestamp `db:"added_at"`
}

// ValidateUserID says why id cannot be a platform user id, or nil. Ids are
// checked rather than cleaned: quietly changing one would name someone
// else, or no one.
func ValidateUserID(id string) error {
	switch {
	case id == "":
		return fmt.Errorf("%w: it is empty", ErrInvalidUserID)
	case !utf8.ValidString(id):
		return fmt.Errorf("%w %q: it is not valid UTF-8", ErrInvalidUserID, id)
	case utf8.RuneCountInString(id) > MaxUserIDLen:
		return fmt.Errorf("%w %.20q...: it is longer than %d characters", ErrInvalidUserID, id, MaxUserIDLen)
	case strings.ContainsFunc(id, unicode.IsSpace):
		return fmt.Errorf("%w %q: it contains spaces", ErrInvalidUserID, id)
	case strings.ContainsFunc(id, func(r rune) bool { return !unicode.IsPrint(r) }):
		return fmt.Errorf("%w %q: it contains characters that cannot be printed", ErrInvalidUserID, id)
	}
	return nil
}

// AddNetworkModerator names a network moderator. Adding someone already
// named only replaces the note: who added them, and when, stay as first
// recorded.
func (db *DB) AddNetworkModerator(ctx context.Context, userID, note, addedBy string) error {
	if err := ValidateUserID(userID); err != nil {
		return fmt.Errorf("add network moderator: %w", err)
	}
	note, addedBy = oneLine(note), oneLine(addedBy)
	if n := utf8.RuneCountInString(note); n > maxNoteLen {
		return fmt.Errorf("add network moderator %q: the note is %d characters long; keep it to %d", userID, n, maxNoteLen)
	}
	_, err := db.x.ExecContext(ctx, db.x.Rebind(`
		INSERT INTO network_moderators (user_id, note, added_by, added_at)
		VALUES (?, ?, ?, ?)
		ON CONFLICT (user_id) DO UPDATE SET note = excluded.note`),
		userID, note, addedBy, Timestamp{now()})
	if err != nil {
		return fmt.Errorf("add network moderator %q: %w", userID, err)
	}
	return nil
}

// oneLine cleans s and folds every run of white space, newlines too, into
// one space, so a note shows as one row of `waymark moderators list`.
func oneLine(s string) string { return strings.Join(strings.Fields(clean(s)), " ") }

// RemoveNetworkModerator takes someone off the network moderators, or
// returns bot.ErrNotFound if they were not on it. Their console sessions
// end at their next request, since the console checks again every time.
func (db *DB) RemoveNetworkModerator(ctx context.Context, userID string) error {
	if err := ValidateUserID(userID); err != nil {
		return fmt.Errorf("remove network moderator: %w", err)
	}
	res, err := db.x.ExecContext(ctx, db.x.Rebind(`DELETE FROM network_moderators WHERE user_id = ?`), userID)
	if err != nil {
		return fmt.Errorf("remove network moderator %q: %w", userID, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf("remove network moderator %q: %w", userID, err)
	}
	if n == 0 {
		return fmt.Errorf("network moderator %q: %w", userID, bot.ErrNotFound)
	}
	return nil
}

// NetworkModerators lists the network moderators named in the database,
// by user id. Those named in configuration are not here.
func (db *DB) NetworkModerators(ctx context.Context) ([]NetworkModerator, error) {
	var rows []networkModeratorRow
	if err := db.x.SelectContext(ctx, &rows, `SELECT user_id, note, added_by, added_at FROM network_moderators ORDER BY user_id`); err != nil {
		return nil, fmt.Errorf("list network moderators: %w", err)
	}
	out := make([]NetworkModerator, len(rows))
	for i, r := range rows {
		out[i] = NetworkModerator{UserID: r.UserID, Note: r.Note, AddedBy: r.AddedBy, AddedAt: r.AddedAt.Time}
	}
	return out, nil
}

// IsNetworkModerator reports whether the database names userID a network
// moderator. An id that could not be valid is simply not one.
func (db *DB) IsNetworkModerator(ctx context.Context, userID string) (bool, error) {
	if ValidateUserID(userID) != nil {
		return false, nil
	}
	var one int
	err := db.x.GetContext(ctx, &one, db.x.Rebind(`SELECT 1 FROM network_moderators WHERE user_id = ?`), userID)
	if notFound(err) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("is %q a network moderator: %w", userID, err)
	}
	return true, nil
}
