// Package library is the knowledge base as each group sees it: the
// built-in entries, the network's over them and the group's own over
// those, searched through one index per group. It is the one place that
// index is cached: rebuilt when the store's stamp for the group moves (an
// edit on any replica), and dropped at once when an edit is made through
// it. Answering, moderation, check-ins and the console all read entries
// here.
package library

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"regexp"
	"strings"
	"sync"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/waymark-org/waymark/bot"
	"github.com/waymark-org/waymark/knowledge"
)

// Store is what the library reads and writes: each group's published
// entries, the network's, and their versions.
type Store interface {
	TenantEntries(ctx context.Context, tenantID int64) ([]bot.TenantEntry, error)
	bot.EntryVersions
}

// Config is what a Library is built from. Store is required.
type Config struct {
	Store Store
	// Base is the network-wide knowledge base; nil loads the embedded one.
	Base     []*knowledge.Entry
	Synonyms *knowledge.Synonyms
	// Learned is the search's learned layer; nil loads the embedded one
	// when Base is nil too (it was trained on the embedded base, and
	// means little for another).
	Learned *knowledge.Learned
	Now     func() time.Time
	Logger  *slog.Logger
	// LocalCacheTTL bounds how stale another replica's kb edits may look
	// when the store cannot say whether they changed (see layered).
	LocalCacheTTL time.Duration
}

// Library is safe for concurrent use.
type Library struct {
	store     Store
	base      []*knowledge.Entry
	baseIndex *knowledge.Index
	synonyms  *knowledge.Synonyms
	learned   *knowledge.Learned
	now       func() time.Time
	log       *slog.Logger
	cacheTTL  time.Duration

	mu     sync.Mutex
	tenant map[int64]*tenantIndex
}

// tenantIndex is the search index of one tenant that has entries of its
// own: the base with the tenant's entries on top.
type tenantIndex struct {
	index   *knowledge.Index
	builtAt time.Time
	// stamp is the store's entry stamp the index was built at (see
	// bot.EntryVersions.EntryStamp); layers names the non-built-in entries.
	stamp   int64
	stamped bool
	layers  map[string]bot.Layer
}

// New builds a Library, loading the embedded knowledge base and synonyms
// where the config leaves them out.
func New(cfg Config) (*Library, error) {
	if cfg.Store == nil {
		return nil, errors.New("new library: a store is required")
	}
	l := &Library{
		store:    cfg.Store,
		base:     cfg.Base,
		synonyms: cfg.Synonyms,
		learned:  cfg.Learned,
		now:      cfg.Now,
		log:      cfg.Logger,
		cacheTTL: cfg.LocalCacheTTL,
		tenant:   map[int64]*tenantIndex{},
	}
	// The entries, the learned layer and the synonyms are read from
	// embedded files independently; on two cores, side by side.
	var g errgroup.Group
	if l.base == nil {
		g.Go(func() (err error) {
			if l.base, err = knowledge.LoadBase(); err != nil {
				return fmt.Errorf("load knowledge base: %w", err)
			}
			return nil
		})
		if l.learned == nil {
			g.Go(func() (err error) {
				l.learned, err = knowledge.DefaultLearned()
				return err
			})
		}
	}
	if l.synonyms == nil {
		g.Go(func() (err error) {
			l.synonyms, err = knowledge.DefaultSynonyms()
			return err
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	if l.now == nil {
		l.now = time.Now
	}
	if l.log == nil {
		l.log = slog.Default()
	}
	if l.cacheTTL == 0 {
		l.cacheTTL = time.Minute
	}
	l.baseIndex = knowledge.BuildWith(l.base, l.synonyms, l.learned)
	return l, nil
}

// Index is the index to search for a tenant: the built-in base with the
// network's and the group's entries over it (see layered).
func (l *Library) Index(ctx context.Context, t *bot.Tenant) *knowledge.Index {
	return l.layered(ctx, t).index
}

// Entry finds an entry by id as the tenant sees it.
func (l *Library) Entry(ctx context.Context, t *bot.Tenant, id string) *knowledge.Entry {
	return l.Index(ctx, t).Entry(id)
}

// Entries lists every entry the tenant's questions are answered from.
func (l *Library) Entries(ctx context.Context, t *bot.Tenant) []*knowledge.Entry {
	return l.Index(ctx, t).Entries()
}

// Drop forgets the tenant's cached index, so the next question rebuilds
// it; every write through the library calls it.
func (l *Library) Drop(tenantID int64) {
	l.mu.Lock()
	delete(l.tenant, tenantID)
	l.mu.Unlock()
}

// BaseEntries is the built-in knowledge base this bot answers from.
func (l *Library) BaseEntries() []*knowledge.Entry { return l.base }

// LayeredEntries lists every entry the tenant is answered from, each from
// the layer that wins for it.
func (l *Library) LayeredEntries(ctx context.Context, t *bot.Tenant) []bot.LayeredEntry {
	ti := l.layered(ctx, t)
	out := make([]bot.LayeredEntry, 0, len(ti.index.Entries()))
	for _, e := range ti.index.Entries() {
		out = append(out, bot.LayeredEntry{Entry: e, Layer: ti.layerOf(e.ID)})
	}
	return out
}

// EntryLayer is the layer the tenant's answers take entry id from, or ""
// when there is no such entry.
func (l *Library) EntryLayer(ctx context.Context, t *bot.Tenant, id string) bot.Layer {
	ti := l.layered(ctx, t)
	if ti.index.Entry(id) == nil {
		return ""
	}
	return ti.layerOf(id)
}

func (ti *tenantIndex) layerOf(id string) bot.Layer {
	if l, ok := ti.layers[id]; ok {
		return l
	}
	return bot.LayerBuiltIn
}

// layered returns the tenant's index: the built-in base, the network's
// entries over it, the group's over those. It is rebuilt when the store's
// stamp for the tenant moves, so an edit made on any replica is answered
// from by the next question. Only when the store cannot give a stamp (an
// outage) is a copy up to LocalCacheTTL old
// used.
func (l *Library) layered(ctx context.Context, t *bot.Tenant) *tenantIndex {
	if t == nil {
		return &tenantIndex{index: l.baseIndex}
	}
	l.mu.Lock()
	ti := l.tenant[t.ID]
	l.mu.Unlock()
	stamp, stamped := int64(0), false
	if s, err := l.store.EntryStamp(ctx, t.ID); err == nil {
		stamp, stamped = s, true
	} else {
		l.log.WarnContext(ctx, "read entry stamp; using the cached index", "tenant", t.ID, "err", err)
	}
	if ti != nil {
		if stamped && ti.stamped && ti.stamp == stamp {
			return ti
		}
		if !stamped && l.now().Sub(ti.builtAt) < l.cacheTTL {
			return ti
		}
	}
	built, err := l.buildLayered(ctx, t.ID)
	if err != nil {
		l.log.ErrorContext(ctx, "load entries; answering from the built-in base", "tenant", t.ID, "err", err)
		if ti != nil {
			return ti
		}
		return &tenantIndex{index: l.baseIndex}
	}
	built.stamp, built.stamped = stamp, stamped
	l.mu.Lock()
	l.tenant[t.ID] = built
	l.mu.Unlock()
	return built
}

func (l *Library) buildLayered(ctx context.Context, tenantID int64) (*tenantIndex, error) {
	ti := &tenantIndex{index: l.baseIndex, builtAt: l.now(), layers: map[string]bot.Layer{}}
	network, err := l.store.NetworkEntries(ctx)
	if err != nil {
		return nil, fmt.Errorf("network entries: %w", err)
	}
	group, err := l.store.TenantEntries(ctx, tenantID)
	if err != nil {
		return nil, fmt.Errorf("tenant %d entries: %w", tenantID, err)
	}
	if len(network) == 0 && len(group) == 0 {
		return ti, nil
	}
	all := make([]*knowledge.Entry, 0, len(l.base)+len(network)+len(group))
	all = append(all, l.base...)
	// Later entries with the same id replace earlier ones in the index:
	// base, then network, then group.
	all = append(all, l.parseRows(ctx, network, bot.LayerNetwork, ti.layers)...)
	all = append(all, l.parseRows(ctx, group, bot.LayerGroup, ti.layers)...)
	ti.index = knowledge.BuildWith(all, l.synonyms, l.learned)
	return ti, nil
}

func (l *Library) parseRows(ctx context.Context, rows []bot.TenantEntry, layer bot.Layer, layers map[string]bot.Layer) []*knowledge.Entry {
	out := make([]*knowledge.Entry, 0, len(rows))
	for _, row := range rows {
		e, err := knowledge.Parse(row.EntryID+".md", []byte(row.Source))
		if err != nil {
			l.log.ErrorContext(ctx, "skip stored entry that no longer parses", "tenant", row.TenantID, "layer", layer, "entry", row.EntryID, "err", err)
			continue
		}
		// The stored id wins over a changed front matter, so the layer
		// map and the index agree.
		e.ID = row.EntryID
		e.Local = layer == bot.LayerGroup
		layers[e.ID] = layer
		out = append(out, e)
	}
	return out
}

// Lookup is an entry as the tenant sees it and the layer it comes from,
// read from one index, or nil when there is no such entry.
func (l *Library) Lookup(ctx context.Context, t *bot.Tenant, id string) (*knowledge.Entry, bot.Layer) {
	ti := l.layered(ctx, t)
	e := ti.index.Entry(id)
	if e == nil {
		return nil, ""
	}
	return e, ti.layerOf(id)
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
// version: history only ever grows. With pending (the group's approval
// setting, bot.Tenant.NeedsApproval) the new version waits for a second
// moderator instead, and answers keep the current text.
func (l *Library) RevertEntry(ctx context.Context, s bot.EntryScope, entryID string, version int, by string, pending bool) (bot.EntryVersion, error) {
	vs := l.store
	old, err := vs.EntryVersionAt(ctx, s, entryID, version)
	if err != nil {
		return bot.EntryVersion{}, fmt.Errorf("revert %s to version %d: %w", entryID, version, err)
	}
	if old.State == bot.StateDeleted {
		return bot.EntryVersion{}, fmt.Errorf("revert %s to version %d: that version is a deletion", entryID, version)
	}
	return l.save(ctx, bot.NewEntryVersion{Scope: s, EntryID: entryID, Source: old.Source, By: by, Action: bot.ActionRevert, Publish: true, Pending: pending})
}

// DecideEntry approves or rejects a pending version (see
// bot.EntryVersions.DecideEntryVersion), dropping the cached indexes an
// approval makes stale.
func (l *Library) DecideEntry(ctx context.Context, s bot.EntryScope, entryID string, version int, by string, approve bool) (bot.EntryVersion, error) {
	v, err := l.store.DecideEntryVersion(ctx, s, entryID, version, by, approve)
	if err != nil {
		return v, err
	}
	l.dropScope(s)
	return v, nil
}

// ReviewEntry marks the layer's current text of an entry as checked today,
// as a new published version. A built-in entry is reviewed in Waymark's
// own releases, so a group or network can only review its own.
func (l *Library) ReviewEntry(ctx context.Context, s bot.EntryScope, entryID, by string) (bot.EntryVersion, error) {
	vs := l.store
	cur, err := currentVersion(ctx, vs, s, entryID)
	if err != nil {
		return bot.EntryVersion{}, err
	}
	src, err := MarkReviewedSource(cur.Source, l.now())
	if err != nil {
		return bot.EntryVersion{}, fmt.Errorf("review %s: %w", entryID, err)
	}
	return l.save(ctx, bot.NewEntryVersion{Scope: s, EntryID: entryID, Source: src, By: by, Action: bot.ActionReview, Publish: true})
}

// SaveEntry keeps a version a moderator wrote (the chat editor), dropping
// the cached indexes it makes stale as every write here does. The caller
// lints it first.
func (l *Library) SaveEntry(ctx context.Context, v bot.NewEntryVersion) (bot.EntryVersion, error) {
	saved, err := l.save(ctx, v)
	if err != nil {
		return saved, fmt.Errorf("save %s: %w", v.EntryID, err)
	}
	return saved, nil
}

// save keeps a version and drops what it makes stale: the group's index,
// or every group's for a network entry. Other replicas see the store's
// stamp move.
func (l *Library) save(ctx context.Context, v bot.NewEntryVersion) (bot.EntryVersion, error) {
	saved, err := l.store.SaveEntryVersion(ctx, v)
	if err != nil {
		return saved, err
	}
	l.dropScope(v.Scope)
	return saved, nil
}

// dropScope forgets the cached indexes a change in scope makes stale.
func (l *Library) dropScope(s bot.EntryScope) {
	if s.Network() {
		l.mu.Lock()
		clear(l.tenant)
		l.mu.Unlock()
		return
	}
	l.Drop(s.TenantID)
}

// currentVersion is the latest published version of an entry in a scope.
func currentVersion(ctx context.Context, vs bot.EntryVersions, s bot.EntryScope, entryID string) (bot.EntryVersion, error) {
	h, err := vs.EntryHistory(ctx, s, entryID)
	if err != nil {
		return bot.EntryVersion{}, err
	}
	for _, v := range h {
		switch v.State {
		case bot.StatePublished:
			return v, nil
		case bot.StateDeleted:
			return bot.EntryVersion{}, bot.ErrNotFound
		}
	}
	return bot.EntryVersion{}, bot.ErrNotFound
}
