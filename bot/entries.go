package bot

import (
	"context"
	"errors"
	"time"

	"github.com/waymark-org/waymark/knowledge"
)

// Layer says where an entry comes from. Answers prefer a group's own entry,
// then the network's (the deployment's), then the built-in one.
type Layer string

const (
	LayerBuiltIn Layer = "built-in"
	LayerNetwork Layer = "network"
	LayerGroup   Layer = "group"
)

// EntryScope names one editable layer: a group's entries, or with
// TenantID 0 the network's. Every versioned store method takes one, so no
// call can reach another group's rows.
type EntryScope struct {
	TenantID int64
}

// NetworkScope is the network layer, shared by every group.
func NetworkScope() EntryScope { return EntryScope{} }

// GroupScope is one group's own layer.
func GroupScope(tenantID int64) EntryScope { return EntryScope{TenantID: tenantID} }

// Network reports whether the scope is the network layer.
func (s EntryScope) Network() bool { return s.TenantID == 0 }

// Layer is the layer the scope edits.
func (s EntryScope) Layer() Layer {
	if s.Network() {
		return LayerNetwork
	}
	return LayerGroup
}

// Version states: a draft is kept but not answered from; a published
// version is what answers use; a deleted one takes the entry out of its
// layer. A pending version is a publish waiting for a second moderator
// (the group's approval setting); approving it publishes its text as a
// new version and leaves it approved, rejecting it leaves it rejected.
// Answers never use pending, approved or rejected rows themselves.
const (
	StateDraft     = "draft"
	StatePublished = "published"
	StateDeleted   = "deleted"
	StatePending   = "pending"
	StateApproved  = "approved"
	StateRejected  = "rejected"
)

// Version actions, for history.
const (
	ActionEdit    = "edit"
	ActionPublish = "publish"
	ActionRevert  = "revert"
	ActionReview  = "review"
	ActionImport  = "import"
	ActionDelete  = "delete"
	// ActionApprove is the published version a second moderator made
	// from a pending one; its CreatedBy is the approver, the pending
	// row keeps the author.
	ActionApprove = "approve"
)

// Refusals of an approval, told apart so callers can say why.
var (
	// ErrOwnApproval: the author of a pending version cannot approve it.
	ErrOwnApproval = errors.New("a moderator cannot approve their own change")
	// ErrNotPending: the version is not (or no longer) waiting for approval.
	ErrNotPending = errors.New("that version is not waiting for approval")
)

// EntryVersion is one change to an entry in one layer.
type EntryVersion struct {
	ID      int64
	Scope   EntryScope
	EntryID string
	// Version counts from 1 per entry and layer.
	Version int
	Source  string
	State   string
	Action  string
	// CreatedBy is the platform user id of the moderator, or a tool
	// ("kb import"); empty once they asked to be forgotten.
	CreatedBy string
	CreatedAt time.Time
}

// NewEntryVersion is a change to save.
type NewEntryVersion struct {
	Scope   EntryScope
	EntryID string
	Source  string
	By      string
	Action  string
	// Publish makes it the version answers use; otherwise it is a draft.
	Publish bool
	// Pending keeps a publish waiting for a second moderator's approval
	// instead (bot.Tenant.NeedsApproval); it wins over Publish.
	Pending bool
	// At is when; zero means now.
	At time.Time
}

// EntryVersions is the versioned history of the network's and groups'
// entries, as the knowledge library and the console need it.
type EntryVersions interface {
	// SaveEntryVersion appends a version, and when it is published makes
	// it the layer's current text, in one transaction.
	SaveEntryVersion(ctx context.Context, v NewEntryVersion) (EntryVersion, error)
	// EntryHistory lists an entry's versions in the scope, newest first.
	EntryHistory(ctx context.Context, s EntryScope, entryID string) ([]EntryVersion, error)
	// EntryVersionAt is one version; ErrNotFound when the scope has no
	// such version.
	EntryVersionAt(ctx context.Context, s EntryScope, entryID string, version int) (EntryVersion, error)
	// NetworkEntries is the published network layer, by entry id.
	NetworkEntries(ctx context.Context) ([]TenantEntry, error)
	// EntryStamp changes whenever the published group or network layer
	// of the tenant changes: answers compare it before every search, so
	// an edit on any replica is answered from at once.
	EntryStamp(ctx context.Context, tenantID int64) (int64, error)
	// PendingEntryVersions lists a group's versions waiting for a second
	// moderator's approval.
	PendingEntryVersions(ctx context.Context, tenantID int64) ([]EntryVersion, error)
	// DecideEntryVersion approves (publishes as a new version by) or
	// rejects a pending version; ErrOwnApproval when its author tries to
	// approve it, ErrNotPending when it is not waiting.
	DecideEntryVersion(ctx context.Context, s EntryScope, entryID string, version int, by string, approve bool) (EntryVersion, error)
}

// LayeredEntry is an entry as a group sees it, with the layer it comes from.
type LayeredEntry struct {
	*knowledge.Entry
	Layer Layer
}
