package bot

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"
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
// layer.
const (
	StateDraft     = "draft"
	StatePublished = "published"
	StateDeleted   = "deleted"
)

// Version actions, for history.
const (
	ActionEdit    = "edit"
	ActionPublish = "publish"
	ActionRevert  = "revert"
	ActionReview  = "review"
	ActionImport  = "import"
	ActionDelete  = "delete"
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
	// At is when; zero means now.
	At time.Time
}

// EntryVersions is what moderation needs from the store on top of Store.
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
}

// ErrNoVersions is returned by moderation when the store keeps no versions.
var ErrNoVersions = errors.New("this store keeps no entry versions")

func (b *Bot) versions() (EntryVersions, error) {
	v, ok := b.store.(EntryVersions)
	if !ok {
		return nil, ErrNoVersions
	}
	return v, nil
}

// BaseEntries is the built-in knowledge base this bot answers from.
func (b *Bot) BaseEntries() []*knowledge.Entry { return b.base }

// LayeredEntry is an entry as a group sees it, with the layer it comes from.
type LayeredEntry struct {
	*knowledge.Entry
	Layer Layer
}

// LayeredEntries lists every entry the tenant is answered from, each from
// the layer that wins for it.
func (b *Bot) LayeredEntries(ctx context.Context, t *Tenant) []LayeredEntry {
	ti := b.layered(ctx, t)
	out := make([]LayeredEntry, 0, len(ti.index.Entries()))
	for _, e := range ti.index.Entries() {
		out = append(out, LayeredEntry{Entry: e, Layer: ti.layerOf(e.ID)})
	}
	return out
}

// EntryLayer is the layer the tenant's answers take entry id from, or ""
// when there is no such entry.
func (b *Bot) EntryLayer(ctx context.Context, t *Tenant, id string) Layer {
	ti := b.layered(ctx, t)
	if ti.index.Entry(id) == nil {
		return ""
	}
	return ti.layerOf(id)
}

func (ti *tenantIndex) layerOf(id string) Layer {
	if l, ok := ti.layers[id]; ok {
		return l
	}
	return LayerBuiltIn
}

// layered returns the tenant's index: the built-in base, the network's
// entries over it, the group's over those. It is rebuilt when the store's
// stamp for the tenant moves, so an edit made on any replica is answered
// from by the next question. Only when the store cannot give a stamp (an
// outage, or a store without versions) is a copy up to LocalCacheTTL old
// used.
func (b *Bot) layered(ctx context.Context, t *Tenant) *tenantIndex {
	if t == nil {
		return &tenantIndex{index: b.baseIndex}
	}
	b.mu.Lock()
	ti := b.tenant[t.ID]
	b.mu.Unlock()
	stamp, stamped := int64(0), false
	if vs, err := b.versions(); err == nil {
		if s, err := vs.EntryStamp(ctx, t.ID); err == nil {
			stamp, stamped = s, true
		} else {
			b.log.WarnContext(ctx, "read entry stamp; using the cached index", "tenant", t.ID, "err", err)
		}
	}
	if ti != nil {
		if stamped && ti.stamped && ti.stamp == stamp {
			return ti
		}
		if !stamped && b.now().Sub(ti.builtAt) < b.cacheTTL {
			return ti
		}
	}
	built, err := b.buildLayered(ctx, t.ID)
	if err != nil {
		b.log.ErrorContext(ctx, "load entries; answering from the built-in base", "tenant", t.ID, "err", err)
		if ti != nil {
			return ti
		}
		return &tenantIndex{index: b.baseIndex}
	}
	built.stamp, built.stamped = stamp, stamped
	b.mu.Lock()
	b.tenant[t.ID] = built
	b.mu.Unlock()
	return built
}

func (b *Bot) buildLayered(ctx context.Context, tenantID int64) (*tenantIndex, error) {
	ti := &tenantIndex{index: b.baseIndex, builtAt: b.now(), layers: map[string]Layer{}}
	var network []TenantEntry
	if vs, err := b.versions(); err == nil {
		if network, err = vs.NetworkEntries(ctx); err != nil {
			return nil, fmt.Errorf("network entries: %w", err)
		}
	}
	group, err := b.store.TenantEntries(ctx, tenantID)
	if err != nil {
		return nil, fmt.Errorf("tenant %d entries: %w", tenantID, err)
	}
	if len(network) == 0 && len(group) == 0 {
		return ti, nil
	}
	all := make([]*knowledge.Entry, 0, len(b.base)+len(network)+len(group))
	all = append(all, b.base...)
	// Later entries with the same id replace earlier ones in the index:
	// base, then network, then group.
	all = append(all, b.parseRows(ctx, network, LayerNetwork, ti.layers)...)
	all = append(all, b.parseRows(ctx, group, LayerGroup, ti.layers)...)
	ti.index = knowledge.BuildWith(all, b.synonyms, b.learned)
	return ti, nil
}

func (b *Bot) parseRows(ctx context.Context, rows []TenantEntry, layer Layer, layers map[string]Layer) []*knowledge.Entry {
	out := make([]*knowledge.Entry, 0, len(rows))
	for _, row := range rows {
		e, err := knowledge.Parse(row.EntryID+".md", []byte(row.Source))
		if err != nil {
			b.log.ErrorContext(ctx, "skip stored entry that no longer parses", "tenant", row.TenantID, "layer", layer, "entry", row.EntryID, "err", err)
			continue
		}
		// The stored id wins over a changed front matter, so the layer
		// map and the index agree.
		e.ID = row.EntryID
		e.Local = layer == LayerGroup
		layers[e.ID] = layer
		out = append(out, e)
	}
	return out
}

// withLayer says which layer an answer came from: in Layer always, and in
// the text for the network's and the group's own entries (the built-in
// base is the default and needs no note). An answer from an entry past
// its review date says so, so nobody relies on it unawares.
func (b *Bot) withLayer(ctx context.Context, t *Tenant, r Reply) Reply {
	if r.EntryID == "" || r.Kind != KindAnswer {
		return r
	}
	ti := b.layered(ctx, t)
	e := ti.index.Entry(r.EntryID)
	if e == nil {
		return r
	}
	r.Layer = ti.layerOf(r.EntryID)
	var notes []string
	switch r.Layer {
	case LayerGroup:
		notes = append(notes, "This answer is from your group's own entry.")
	case LayerNetwork:
		notes = append(notes, "This answer is from your network's entry.")
	}
	if due := e.ReviewDue(); !due.IsZero() && b.now().After(due) {
		notes = append(notes, fmt.Sprintf("This entry was due to be checked again on %s and has not been yet: check its sources before relying on it.", due.Format("2 January 2006")))
	}
	if len(notes) == 0 {
		return r
	}
	note := strings.Join(notes, "\n")
	if i := strings.LastIndex(r.Text, "\n"+Disclaimer); i >= 0 {
		r.Text = r.Text[:i] + "\n" + note + r.Text[i:]
	} else {
		r.Text += "\n" + note
	}
	return r
}

// reviewedLinePattern finds the reviewed field of the front matter.
var reviewedLinePattern = regexp.MustCompile(`(?m)^reviewed:.*$`)

// MarkReviewedSource sets an entry source's reviewed date, changing nothing
// else in the text.
func MarkReviewedSource(source string, day time.Time) (string, error) {
	line := "reviewed: " + day.Format(time.DateOnly)
	end := frontMatterEnd(source)
	if end < 0 {
		return "", errors.New("the entry has no front matter")
	}
	front := source[:end]
	if reviewedLinePattern.MatchString(front) {
		return reviewedLinePattern.ReplaceAllLiteralString(front, line) + source[end:], nil
	}
	return front + line + "\n" + source[end:], nil
}

// frontMatterEnd is the offset of the closing --- line, or -1.
func frontMatterEnd(source string) int {
	if !strings.HasPrefix(source, "---\n") {
		return -1
	}
	i := strings.Index(source[4:], "\n---")
	if i < 0 {
		return -1
	}
	return 4 + i + 1
}

// RevertEntry makes an earlier version current again, as a new published
// version: history only ever grows.
func (b *Bot) RevertEntry(ctx context.Context, s EntryScope, entryID string, version int, by string) (EntryVersion, error) {
	vs, err := b.versions()
	if err != nil {
		return EntryVersion{}, err
	}
	old, err := vs.EntryVersionAt(ctx, s, entryID, version)
	if err != nil {
		return EntryVersion{}, fmt.Errorf("revert %s to version %d: %w", entryID, version, err)
	}
	if old.State == StateDeleted {
		return EntryVersion{}, fmt.Errorf("revert %s to version %d: that version is a deletion", entryID, version)
	}
	return vs.SaveEntryVersion(ctx, NewEntryVersion{Scope: s, EntryID: entryID, Source: old.Source, By: by, Action: ActionRevert, Publish: true})
}

// ReviewEntry marks the layer's current text of an entry as checked today,
// as a new published version. A built-in entry is reviewed in Waymark's
// own releases, so a group or network can only review its own.
func (b *Bot) ReviewEntry(ctx context.Context, s EntryScope, entryID, by string) (EntryVersion, error) {
	vs, err := b.versions()
	if err != nil {
		return EntryVersion{}, err
	}
	cur, err := currentVersion(ctx, vs, s, entryID)
	if err != nil {
		return EntryVersion{}, err
	}
	src, err := MarkReviewedSource(cur.Source, b.now())
	if err != nil {
		return EntryVersion{}, fmt.Errorf("review %s: %w", entryID, err)
	}
	return vs.SaveEntryVersion(ctx, NewEntryVersion{Scope: s, EntryID: entryID, Source: src, By: by, Action: ActionReview, Publish: true})
}

// currentVersion is the latest published version of an entry in a scope.
func currentVersion(ctx context.Context, vs EntryVersions, s EntryScope, entryID string) (EntryVersion, error) {
	h, err := vs.EntryHistory(ctx, s, entryID)
	if err != nil {
		return EntryVersion{}, err
	}
	for _, v := range h {
		switch v.State {
		case StatePublished:
			return v, nil
		case StateDeleted:
			return EntryVersion{}, ErrNotFound
		}
	}
	return EntryVersion{}, ErrNotFound
}
