package store_test

import (
	"context"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/waymark-org/waymark/internal/faultproxy"
	"github.com/waymark-org/waymark/internal/store"
	"github.com/waymark-org/waymark/internal/store/storetest"
)

// viaProxy returns a fresh PostgreSQL DSN whose connections pass through a
// fault proxy, and the proxy.
func viaProxy(t *testing.T) (string, *faultproxy.Proxy) {
	t.Helper()
	dsn := storetest.DSN(t, store.Postgres)
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatal(err)
	}
	p, err := faultproxy.Listen(u.Host)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.Close() })
	u.Host = p.Addr()
	return u.String(), p
}

// within runs fn and fails the test if it has not returned by limit: a
// stalled query must not hang its caller.
func within(t *testing.T, limit time.Duration, what string, fn func() error) error {
	t.Helper()
	done := make(chan error, 1)
	start := time.Now()
	go func() { done <- fn() }()
	select {
	case err := <-done:
		t.Logf("%s returned after %s: %v", what, time.Since(start).Round(time.Millisecond), err)
		return err
	case <-time.After(limit):
		t.Fatalf("%s still blocked after %s", what, limit)
		return nil
	}
}

// A silent network stall (nothing refused, nothing answered) must not
// hold a query past its context's deadline, and the database is usable
// again once the network is.
func TestStalledPostgresQueriesKeepTheirDeadlines(t *testing.T) {
	dsn, p := viaProxy(t)
	ctx := context.Background()
	db, err := store.Open(ctx, dsn, storetest.Logger(t))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.EnsureTenant(ctx, "slack", "T1", "Group"); err != nil {
		t.Fatal(err)
	}

	p.Set(faultproxy.Stall)
	qctx, cancel := context.WithTimeout(ctx, 500*time.Millisecond)
	defer cancel()
	err = within(t, 15*time.Second, "a query with a 500 ms deadline", func() error {
		_, err := db.EnsureTenant(qctx, "slack", "T1", "Group")
		return err
	})
	if err == nil {
		t.Fatal("a query through a stalled network succeeded")
	}
	err = within(t, 15*time.Second, "a ping with a 500 ms deadline", func() error {
		pctx, cancel := context.WithTimeout(ctx, 500*time.Millisecond)
		defer cancel()
		return db.X().PingContext(pctx)
	})
	if err == nil {
		t.Fatal("a ping through a stalled network succeeded")
	}

	p.Set(faultproxy.Forward)
	err = within(t, 15*time.Second, "a query after the stall", func() error {
		rctx, cancel := context.WithTimeout(ctx, 10*time.Second)
		defer cancel()
		_, err := db.EnsureTenant(rctx, "slack", "T1", "Group")
		return err
	})
	if err != nil {
		t.Fatalf("after the stall: %v", err)
	}
}

// A caller whose context has no deadline is still bounded: PostgreSQL
// ends a slow statement, and a silent connection is given up after the
// I/O timeout.
func TestPostgresStatementAndIOTimeouts(t *testing.T) {
	dsn, p := viaProxy(t)
	ctx := context.Background()
	db, err := store.OpenWith(ctx, dsn, store.Options{
		Logger:   storetest.Logger(t),
		Timeouts: store.Timeouts{Statement: 300 * time.Millisecond, IO: time.Second},
	})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	err = within(t, 15*time.Second, "a slow statement", func() error {
		_, err := db.X().ExecContext(ctx, "SELECT pg_sleep(3)")
		return err
	})
	if err == nil || !strings.Contains(err.Error(), "statement timeout") {
		t.Fatalf("a 3 s statement under a 300 ms statement_timeout: %v", err)
	}
	p.Set(faultproxy.Stall)
	err = within(t, 15*time.Second, "a query without a deadline", func() error {
		_, err := db.EnsureTenant(ctx, "slack", "T1", "Group")
		return err
	})
	if err == nil {
		t.Fatal("a query through a stalled network succeeded")
	}
	p.Set(faultproxy.Forward)
	if _, err := db.EnsureTenant(ctx, "slack", "T1", "Group"); err != nil {
		t.Fatalf("after the stall: %v", err)
	}
}
