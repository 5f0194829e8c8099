package bot

import (
	"context"
	"errors"
	"time"
)

// ErrNotFound is returned by a Store when a row does not exist for the
// tenant asked about.
var ErrNotFound = errors.New("not found")

// ErrUnreadable is returned with a row the store holds but cannot read
// back (a date no reader understands, left by an older version). What
// could be read is returned with it, so the row can still be named and
// deleted.
var ErrUnreadable = errors.New("stored row cannot be read")

// ErrConflict is returned when a row changed since it was read, so a save
// made from the old copy would undo someone else's change.
var ErrConflict = errors.New("changed since it was read")

// TenantEntry is a tenant's own knowledge entry, stored as its source text
// so it round-trips exactly and can be linted again on load.
type TenantEntry struct {
	TenantID  int64
	EntryID   string
	Source    string
	UpdatedBy string
	UpdatedAt time.Time
}

// Unanswered is a question Waymark could not answer confidently, kept for
// moderators with no trace of who asked it.
type Unanswered struct {
	Question  string
	Count     int
	FirstSeen time.Time
	LastSeen  time.Time
}

// Store is the tenant rows and the records every feature shares, as the
// features and adapters need them; internal/store implements it. Every
// method is scoped to one tenant; no method can reach another tenant's
// rows. Features declare the narrower part they use.
type Store interface {
	// EnsureTenant returns the tenant for a platform's workspace/guild id,
	// creating it (active, Europe/London) on first sight.
	EnsureTenant(ctx context.Context, platform, externalID, name string) (*Tenant, error)
	// Tenant may come from a cache: see the store for how fresh it is.
	Tenant(ctx context.Context, id int64) (*Tenant, error)
	// UpdateTenant saves a whole tenant row read earlier; ErrConflict if
	// it changed since (its Version moved on).
	UpdateTenant(ctx context.Context, t *Tenant) error
	// ChangeTenant applies change to the tenant as it is in the database
	// now, and saves it, as one step: two changes at once, or a change
	// made from a stale copy, never undo each other. It returns the row
	// saved. An error from change saves nothing and is returned as it is.
	ChangeTenant(ctx context.Context, id int64, change func(t *Tenant) error) (*Tenant, error)

	TenantEntries(ctx context.Context, tenantID int64) ([]TenantEntry, error)
	PutTenantEntry(ctx context.Context, e TenantEntry) error
	DeleteTenantEntry(ctx context.Context, tenantID int64, entryID string) error

	// ForgetTraces takes a person's user id off the records that name
	// them outside the features' own data: the installer of the app and
	// the author of knowledge entry changes. Those records stay.
	ForgetTraces(ctx context.Context, tenantID int64, userID string) (Traces, error)

	// RecordUnanswered counts a normalised question for the tenant.
	RecordUnanswered(ctx context.Context, tenantID int64, question string, at time.Time) error
	UnansweredQuestions(ctx context.Context, tenantID int64, limit int) ([]Unanswered, error)
}

// Traces says what ForgetTraces found and unlinked.
type Traces struct {
	// Installer: they were recorded as the person who installed the app.
	Installer bool
	// EntryChanges is how many knowledge entry versions named them.
	EntryChanges int
}

// Notifier delivers messages Waymark starts itself (reminders, check-ins,
// safeguarding alerts) through whichever adapter serves the tenant.
type Notifier interface {
	// PostChannel posts to a channel of the tenant.
	PostChannel(ctx context.Context, t *Tenant, channelID string, r Reply) error
	// DirectMessage sends a private message to one user of the tenant.
	DirectMessage(ctx context.Context, t *Tenant, userID string, r Reply) error
}

// ErrNoNotifier is returned by the Bot's notifier while no adapter is
// attached (a one-off `waymark ask`): nothing can be delivered, and
// retrying will not change that.
var ErrNoNotifier = errors.New("no notifier attached")
