package store

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/waymark-org/waymark/bot"
)

// Tenant rows are read for every event and every job, so DB.Tenant keeps
// them in memory. Two rules keep that cache honest:
//
//   - Every write to a tenant through this DB drops its cached row at once
//     (settings, install, uninstall, delete, purge).
//   - Every write raises the row's version, and the cache compares the
//     versions of all the rows it holds with the database at most once per
//     TenantCacheConfig.Revalidate (one query for all of them), dropping
//     any another replica has changed or deleted. So a change made on one
//     replica is seen on every other within that interval (1 s by
//     default), at the cost of one small query per second per busy replica
//     rather than one per event.
//
// MaxAge bounds how long a row is kept at all, as a backstop.

// TenantCacheConfig tunes the tenant cache; zero values take the defaults.
type TenantCacheConfig struct {
	// Revalidate is how often cached rows are compared with the database.
	Revalidate time.Duration
	// MaxAge is the longest a row is kept.
	MaxAge time.Duration
	// Now is the cache's clock; tests move it.
	Now func() time.Time
}

// Defaults of TenantCacheConfig.
const (
	DefaultTenantRevalidate = time.Second
	DefaultTenantMaxAge     = 5 * time.Minute
)

type cachedTenant struct {
	t        bot.Tenant
	loadedAt time.Time
}

type tenantCache struct {
	mu        sync.Mutex
	cfg       TenantCacheConfig
	rows      map[int64]cachedTenant
	checkedAt time.Time
	// gen counts forgets, so a row read before a write committed is not
	// put back after the write dropped it.
	gen uint64
	// checking is held by the one reader comparing versions; the others
	// use the rows as they are meanwhile rather than queue behind it.
	checking sync.Mutex
}

func newTenantCache() *tenantCache {
	c := &tenantCache{rows: map[int64]cachedTenant{}}
	c.configure(TenantCacheConfig{})
	return c
}

func (c *tenantCache) configure(cfg TenantCacheConfig) {
	if cfg.Revalidate <= 0 {
		cfg.Revalidate = DefaultTenantRevalidate
	}
	if cfg.MaxAge <= 0 {
		cfg.MaxAge = DefaultTenantMaxAge
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	c.mu.Lock()
	c.cfg = cfg
	c.rows = map[int64]cachedTenant{}
	c.checkedAt = cfg.Now()
	c.gen++
	c.mu.Unlock()
}

// copyTenant is a deep copy: callers may change what they are given.
func copyTenant(t bot.Tenant) *bot.Tenant {
	t.Settings.Moderators = append([]string(nil), t.Settings.Moderators...)
	if t.Settings.ReminderHour != nil {
		h := *t.Settings.ReminderHour
		t.Settings.ReminderHour = &h
	}
	return &t
}

func (c *tenantCache) get(id int64) (*bot.Tenant, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.rows[id]
	if !ok || c.cfg.Now().Sub(e.loadedAt) >= c.cfg.MaxAge {
		return nil, false
	}
	return copyTenant(e.t), true
}

// generation is taken before reading a row from the database; see put.
func (c *tenantCache) generation() uint64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.gen
}

// put caches a row read when the cache was at generation gen, unless a
// write has dropped rows since.
func (c *tenantCache) put(t *bot.Tenant, gen uint64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if gen != c.gen {
		return
	}
	if len(c.rows) >= 100_000 {
		c.rows = map[int64]cachedTenant{} // a crude bound; it costs only reads
	}
	c.rows[t.ID] = cachedTenant{t: *copyTenant(*t), loadedAt: c.cfg.Now()}
}

func (c *tenantCache) forget(id int64) {
	c.mu.Lock()
	delete(c.rows, id)
	c.gen++
	c.mu.Unlock()
}

func (c *tenantCache) forgetAll() {
	c.mu.Lock()
	c.rows = map[int64]cachedTenant{}
	c.gen++
	c.mu.Unlock()
}

// due reports whether the versions should be compared now, and if so the
// cached ids and their versions.
func (c *tenantCache) due() (map[int64]int64, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.rows) == 0 || c.cfg.Now().Sub(c.checkedAt) < c.cfg.Revalidate {
		return nil, false
	}
	versions := make(map[int64]int64, len(c.rows))
	for id, e := range c.rows {
		versions[id] = e.t.Version
	}
	return versions, true
}

// ConfigureTenantCache replaces the tenant cache's settings and empties it.
func (db *DB) ConfigureTenantCache(cfg TenantCacheConfig) {
	db.tenants.configure(cfg)
	db.stamps.forgetAll()
}

// RevalidateTenants compares every cached tenant row with the database now
// and drops those changed or deleted since they were read. Tenant does
// this by itself once per TenantCacheConfig.Revalidate.
func (db *DB) RevalidateTenants(ctx context.Context) error {
	c := db.tenants
	c.mu.Lock()
	versions := make(map[int64]int64, len(c.rows))
	for id, e := range c.rows {
		versions[id] = e.t.Version
	}
	c.mu.Unlock()
	return db.revalidate(ctx, versions)
}

// maybeRevalidate compares versions if the interval has passed and no one
// else is doing it.
func (db *DB) maybeRevalidate(ctx context.Context) {
	c := db.tenants
	versions, ok := c.due()
	if !ok || !c.checking.TryLock() {
		return
	}
	defer c.checking.Unlock()
	if err := db.revalidate(ctx, versions); err != nil {
		// Not knowing is not knowing: drop everything rather than serve
		// rows that may be stale.
		c.forgetAll()
		db.logger.WarnContext(ctx, "compare cached tenant rows", "err", err)
	}
}

func (db *DB) revalidate(ctx context.Context, cached map[int64]int64) error {
	c := db.tenants
	startedAt := c.cfg.Now()
	ids := make([]any, 0, len(cached))
	for id := range cached {
		ids = append(ids, id)
	}
	current := make(map[int64]int64, len(ids))
	const chunk = 500
	for len(ids) > 0 {
		n := min(chunk, len(ids))
		var rows []struct {
			ID      int64 `db:"id"`
			Version int64 `db:"version"`
		}
		q := `SELECT id, version FROM tenants WHERE id IN (?` + strings.Repeat(", ?", n-1) + `)`
		if err := db.x.SelectContext(ctx, &rows, db.x.Rebind(q), ids[:n]...); err != nil {
			return fmt.Errorf("revalidate %d cached tenants: %w", len(cached), err)
		}
		for _, r := range rows {
			current[r.ID] = r.Version
		}
		ids = ids[n:]
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for id, v := range cached {
		if cv, ok := current[id]; !ok || cv != v {
			delete(c.rows, id)
			c.gen++
		}
	}
	c.checkedAt = startedAt
	return nil
}
