// Package bot is Waymark's platform-neutral core. Adapters turn platform
// events into a Request and render the Reply; everything that decides what
// to say lives here. The core never imports an adapter, a driver or an SDK:
// it declares the small interfaces it needs (Store, Notifier) and the outer
// packages implement them.
package bot

import (
	"time"

	"github.com/waymark-org/waymark/knowledge"
)

// Tenant is one installation: a Slack workspace, a Discord server, or the
// local terminal. Every stored row belongs to exactly one tenant.
type Tenant struct {
	ID           int64     `db:"id"`
	Platform     string    `db:"platform"`
	ExternalID   string    `db:"external_id"`
	Name         string    `db:"name"`
	Timezone     string    `db:"timezone"`
	Jurisdiction string    `db:"jurisdiction"`
	Settings     Settings  `db:"settings"`
	Active       bool      `db:"active"`
	CreatedAt    time.Time `db:"created_at"`
	// Version is raised by every change to the row. Store.UpdateTenant
	// saves only over the version it was read at.
	Version int64 `db:"version"`
}

// Settings are the per-tenant choices made with /waymark settings.
type Settings struct {
	// SafeguardingLead is the platform user id alerted on a crisis.
	SafeguardingLead string `json:"safeguarding_lead,omitempty"`
	// Moderators are platform user ids allowed to edit entries, on top of
	// whoever the platform marks as an admin.
	Moderators []string `json:"moderators,omitempty"`
	// ReminderHour is the local hour (0-23) reminders go out; nil means 9.
	ReminderHour *int `json:"reminder_hour,omitempty"`
	// DigestOff stops the moderators' weekly digest (settings digest off).
	DigestOff bool `json:"digest_off,omitempty"`
}

// Location is the tenant's time zone, Europe/London when unset or unknown.
func (t *Tenant) Location() *time.Location {
	if t != nil && t.Timezone != "" {
		if loc, err := time.LoadLocation(t.Timezone); err == nil {
			return loc
		}
	}
	loc, err := time.LoadLocation("Europe/London")
	if err != nil {
		return time.UTC
	}
	return loc
}

// Request is one thing a person said to Waymark, already verified and
// deduplicated by the adapter.
type Request struct {
	Tenant    *Tenant
	ChannelID string
	UserID    string
	UserName  string
	// Moderator is true when the platform says the user may moderate
	// (a workspace admin, a Discord role) or the tenant lists them.
	Moderator bool
	// Direct is true in a DM or the terminal.
	Direct bool
	// Text is what the user typed: a question, or the words after
	// "/waymark" when Command is set.
	Text string
	// Command is true when Text came from a slash command (or a line
	// starting with "/waymark " in the terminal).
	Command bool
}

// Kind says what sort of reply this is; adapters and `ask --json` use it.
type Kind string

const (
	KindAnswer   Kind = "answer"
	KindNoAnswer Kind = "no_answer"
	KindCrisis   Kind = "crisis"
	KindInfo     Kind = "info"  // help, greetings, command confirmations
	KindError    Kind = "error" // the user's input was refused; nothing changed
)

// Reply is platform-neutral. Text is the whole reply as a person reads it
// in plain text; the structured fields let an adapter render it richly.
type Reply struct {
	Kind Kind
	Text string
	// Level is LevelCrisis or LevelConcern on a crisis reply.
	Level string
	// Confidence is ConfidenceHigh or ConfidenceTentative on an answer.
	Confidence string

	Title    string
	Short    string
	Detail   string
	Sources  []knowledge.Source
	Reviewed time.Time
	EntryID  string
	// Layer is where the entry came from: built-in, network or group.
	Layer Layer
	Score float64
	// Suggestions are the closest entries when there is no confident answer,
	// or related entries after an answer.
	Suggestions []Suggestion
	Buttons     []Button
	// Footer is the small print: general information, not advice.
	Footer string
	// Private replies go only to the asker (ephemeral in a channel).
	Private bool
}

// Suggestion points to an entry.
type Suggestion struct {
	ID    string
	Title string
}

// Button is an action the user can take on a reply.
type Button struct {
	// Action is stable across platforms, e.g. "feedback.helpful".
	Action string
	Label  string
	// Value travels with the click, e.g. the entry id.
	Value string
}
