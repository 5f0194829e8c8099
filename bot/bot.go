// Package bot is Waymark's platform-neutral core: the domain types every
// feature and adapter share (Tenant, Request, Reply, entries, deadlines,
// check-ins), the small interfaces features need from the outside world
// (stores, Notifier, the crisis Safeguard), and the host the features live
// in: a registry of commands, button actions and personal-data hooks, and
// Handle, which screens every message for crisis language before anything
// else.
//
// The core decides nothing a feature decides. Answering, scheduling,
// moderation and settings are packages under feature/ that register
// themselves through Bot's public methods; the core never imports them, nor
// an adapter, a driver or an SDK (rules_test.go checks). Adapters translate
// platform syntax into the core's (see refs.go) before it sees a message.
package bot

import (
	"slices"
	"time"

	"github.com/waymark-org/waymark/knowledge"
)

// Tenant is one installation: a Slack workspace, a Discord server, or the
// local terminal. Every stored row belongs to exactly one tenant.
type Tenant struct {
	ID           int64
	Platform     string
	ExternalID   string
	Name         string
	Timezone     string
	Jurisdiction string
	Settings     Settings
	Active       bool
	CreatedAt    time.Time
	// Version is raised by every change to the row. Store.UpdateTenant
	// saves only over the version it was read at.
	Version int64
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
	// Approval makes a group moderator's publish wait for a second,
	// different moderator to approve it (settings approval on), so one
	// person's mistake does not reach members unseen.
	Approval bool `json:"approval,omitempty"`
}

// NeedsApproval reports whether publishing in scope waits for a second
// moderator: only the group's own layer of a group that turned approval
// on. The network layer has its own moderators and is not governed by a
// group's settings.
func (t *Tenant) NeedsApproval(s EntryScope) bool {
	return t != nil && t.Settings.Approval && !s.Network()
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
	// FormFieldMax is the longest text a form field holds where the
	// request came from, set by an adapter that can answer this request
	// with a form (Reply.Form); 0 means it cannot (the terminal, a message
	// rather than a slash command).
	FormFieldMax int
}

// CanOpenForm reports whether the reply to this request may be a form.
func (r Request) CanOpenForm() bool { return r.FormFieldMax > 0 }

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
	// Form, when set, asks the platform to open a form for the asker
	// instead of posting Text; Text is posted if the form cannot open.
	Form *Form
	// FieldErrors, on a refused form submission, say what is wrong with
	// each field by field id; a platform that can show them in the open
	// form does (Slack), and Text says the same for one that cannot.
	FieldErrors map[string]string
}

// Disclaimer ends every answer from the base, as Reply.Footer and as the
// last line of its Text.
const Disclaimer = "This is general information, not legal, financial or medical advice. Check the sources, or ask a professional, before acting on it."

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

// Crisis levels as replies carry them (and `ask --json` prints them).
const (
	LevelCrisis  = "crisis"
	LevelConcern = "concern"
)

// Button actions the core's features answer, the same on every platform.
// A feature owns every action under its prefix ("feedback.", "entry.",
// "checkin.", "deadline."); see Bot.RegisterAction.
const (
	ActionHelpful    = "feedback.helpful"
	ActionNotHelpful = "feedback.not_helpful"
	ActionRelated    = "entry.related"
	ActionShow       = "entry.show"
)

// ModeratorVia is how someone qualified as a group's moderator. The
// console keeps it with a session and checks it again on every request
// where it can.
type ModeratorVia string

const (
	// ViaPlatform: a platform admin (a Slack workspace admin, Discord
	// Manage Server), known only from the request made in chat, so it
	// cannot be checked again later.
	ViaPlatform ModeratorVia = "platform"
	// ViaSettings: named in the group's settings moderators list, which
	// can be (and is) checked again on every console request.
	ViaSettings ModeratorVia = "settings"
	// ViaLocal: the person running this computer's own Waymark
	// (`waymark console`); like a platform admin, nothing to check again.
	ViaLocal ModeratorVia = "local"
)

// IsModerator reports whether the request's user may moderate the group:
// the platform says so, or the group's settings list them. Every feature
// asks here, so the rule is the same for every command.
func (r Request) IsModerator() bool {
	if r.Moderator {
		return true
	}
	if r.Tenant == nil {
		return false
	}
	return slices.Contains(r.Tenant.Settings.Moderators, r.UserID)
}

// ModeratorVia is how the request's user is a moderator, and false if
// they are not. A platform admin counts as such even when also on the
// list: removing them from the list does not make them less of an admin.
func (r Request) ModeratorVia() (ModeratorVia, bool) {
	if r.Moderator {
		return ViaPlatform, true
	}
	if r.Tenant != nil && r.UserID != "" && slices.Contains(r.Tenant.Settings.Moderators, r.UserID) {
		return ViaSettings, true
	}
	return "", false
}

// Jurisdiction is the group's nation, "" when there is no group.
func (r Request) Jurisdiction() string {
	if r.Tenant != nil {
		return r.Tenant.Jurisdiction
	}
	return ""
}

// TenantID is the group's id, 0 when there is no group.
func (r Request) TenantID() int64 {
	if r.Tenant == nil {
		return 0
	}
	return r.Tenant.ID
}

// ErrorReply refuses the user's input privately; nothing changed.
func ErrorReply(msg string) Reply {
	return Reply{Kind: KindError, Text: msg, Private: true}
}

// InfoReply is a plain reply: help, a greeting, a confirmation.
func InfoReply(text string) Reply {
	return Reply{Kind: KindInfo, Text: text}
}

// PrivateInfo is InfoReply seen only by the asker.
func PrivateInfo(text string) Reply {
	r := InfoReply(text)
	r.Private = true
	return r
}
