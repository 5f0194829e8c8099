package store

import (
	"context"
	"fmt"
	"sync"

	"github.com/jmoiron/sqlx"
)

// stmtCache keeps prepared statements of queries that run on every answer.
// The SQLite driver parses a query's text afresh on every call and keeps
// no statement cache, and under load the parsing cost more than running
// the query: measured at 1,000 Discord interactions a second, about a
// fifth of serve's CPU went to parsing the entry-stamp query (asked
// several times per answer), all of it while holding SQLite's one
// connection, which the event claims then queued behind.
type stmtCache struct {
	mu    sync.Mutex
	stmts map[string]*sqlx.Stmt
}

// getHot is GetContext for a fixed query that runs on every answer. On
// SQLite it runs a statement prepared once (on the one connection; see
// the package comment); on PostgreSQL it runs the query as any other, as
// lib/pq already sends it in one round trip and a prepared statement per
// connection would outlive a schema change made by another replica.
// Never call it inside a transaction: on SQLite it takes the connection.
func (db *DB) getHot(ctx context.Context, dest any, query string, args ...any) error {
	if db.dialect != SQLite {
		return db.x.GetContext(ctx, dest, db.x.Rebind(query), args...)
	}
	st, err := db.prepared(ctx, query)
	if err != nil {
		return err
	}
	return st.GetContext(ctx, dest, args...)
}

func (db *DB) prepared(ctx context.Context, query string) (*sqlx.Stmt, error) {
	db.stmts.mu.Lock()
	defer db.stmts.mu.Unlock()
	if st, ok := db.stmts.stmts[query]; ok {
		return st, nil
	}
	st, err := db.x.PreparexContext(ctx, db.x.Rebind(query))
	if err != nil {
		return nil, fmt.Errorf("prepare: %w", err)
	}
	if db.stmts.stmts == nil {
		db.stmts.stmts = map[string]*sqlx.Stmt{}
	}
	db.stmts.stmts[query] = st
	return st, nil
}
