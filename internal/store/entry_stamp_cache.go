package store

import (
	"sync"
	"time"
)

// EntryStamp is asked before every search, several times per answer, so
// the store keeps each tenant's stamp for at most TenantCacheConfig.
// Revalidate (1 s by default), with the tenant rows' rules: a version
// saved through this DB drops every stamp at once, and one saved on
// another replica is seen within that interval. Measured at 1,000 Discord
// interactions a second on SQLite, the stamp queries were most of what
// held the one connection, and event claims, waiting their turn behind
// them, timed out.
type stampCache struct {
	mu   sync.Mutex
	rows map[int64]cachedStamp
	// gen counts drops, so a stamp read before a save committed is not
	// put back after the save dropped the stamps.
	gen uint64
}

type cachedStamp struct {
	stamp    int64
	loadedAt time.Time
}

func (c *stampCache) get(tenantID int64, now time.Time, ttl time.Duration) (int64, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.rows[tenantID]
	if !ok || now.Sub(e.loadedAt) >= ttl || now.Before(e.loadedAt) {
		return 0, false
	}
	return e.stamp, true
}

func (c *stampCache) generation() uint64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.gen
}

func (c *stampCache) put(tenantID, stamp int64, at time.Time, gen uint64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if gen != c.gen {
		return
	}
	if c.rows == nil || len(c.rows) >= 100_000 {
		c.rows = map[int64]cachedStamp{} // a crude bound; it costs only reads
	}
	c.rows[tenantID] = cachedStamp{stamp: stamp, loadedAt: at}
}

func (c *stampCache) forgetAll() {
	c.mu.Lock()
	c.rows = nil
	c.gen++
	c.mu.Unlock()
}

// clock is the tenant cache's clock and revalidation interval, which the
// stamps share.
func (c *tenantCache) clock() (time.Time, time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.cfg.Now(), c.cfg.Revalidate
}
