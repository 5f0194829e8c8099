// Package store persists Waymark's data with sqlx over SQLite (the embedded
// default, pure Go via modernc.org/sqlite) or PostgreSQL (lib/pq). There is
// one set of queries, written with "?" placeholders and passed through
// sqlx's Rebind, and one set of goose migrations per dialect, applied on
// Open.
//
// # Times
//
// Every time is stored in UTC at microsecond precision, PostgreSQL's
// precision, so both dialects give back identical time.Time values (UTC,
// no monotonic reading). PostgreSQL keeps them in timestamptz columns.
// SQLite keeps them as TEXT in one fixed-width form,
// "2006-01-02T15:04:05.000000Z" (see [TimeLayout]): fixed width means
// text order is time order, so comparisons and ORDER BY work in SQL. Go
// always supplies the value, through [Timestamp] and [NullTimestamp]; do
// not use SQL defaults such as CURRENT_TIMESTAMP, whose format differs.
//
// # SQLite and concurrency
//
// A SQLite DB uses a single connection. SQLite allows one writer at a time
// anyway, and one connection means goroutines queue in database/sql (honouring
// their contexts) instead of failing with SQLITE_BUSY, and ":memory:"
// databases work. The consequence for code in this package: inside a
// transaction use only the transaction, never the DB, or it deadlocks. WAL,
// busy_timeout and BEGIN IMMEDIATE still matter for other processes using the
// same file (a `waymark migrate` next to a running server).
//
// # Other packages' tables
//
// Migration versions are reserved per feature: 00001-00099 core,
// 00100-00199 Slack, 00200-00299 jobs, deadlines and check-ins, 00300-00399
// Discord. Out-of-order application is allowed, so a lower version added
// later is still applied.
// Code that adds queries lives in store_*.go files here, or uses [DB.X]:
// the platform adapters keep their own tables' SQL with them
// (adapters/slack/store.go, adapters/discord/store.go), while those
// tables' migrations stay here so one ordered run creates every table.
package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/jmoiron/sqlx"
	_ "github.com/lib/pq" // registers "postgres" (scratch schemas, tools)
	"github.com/riverqueue/river"
	_ "modernc.org/sqlite" // registers "sqlite"

	"github.com/waymark-org/waymark/bot"
)

// Dialect names returned by DB.Dialect.
const (
	SQLite   = "sqlite"
	Postgres = "postgres"
)

// PostgresIdleConns is how many PostgreSQL connections stay open between
// queries.
const PostgresIdleConns = 16

// DB is Waymark's database handle. It implements bot.Store.
type DB struct {
	x       *sqlx.DB
	dialect string
	logger  *slog.Logger
	// migrated records what Open's migration step did.
	migrated MigrationReport
	// tenants caches tenant rows; see tenant_cache.go.
	tenants *tenantCache
	// stamps caches entry stamps; see entry_stamp_cache.go.
	stamps stampCache
	// stmts holds prepared statements of the hottest queries; see getHot.
	stmts stmtCache
	// forgetHooks are adapters' parts of forget-me; see OnForget.
	forgetMu    sync.Mutex
	forgetHooks []ForgetHook
	// riverClient inserts jobs in the store's transactions; made on
	// first use (see river.go).
	riverOnce   sync.Once
	riverClient *river.Client[*sql.Tx]
	riverErr    error
}

var _ bot.Store = (*DB)(nil)

// Open connects to dsn and applies pending migrations. A dsn starting with
// postgres:// or postgresql:// selects PostgreSQL; anything else is a SQLite
// file path (parent directories are created), ":memory:", or a "file:" URI.
// A nil logger discards logs. PostgreSQL gets DefaultTimeouts.
func Open(ctx context.Context, dsn string, logger *slog.Logger) (*DB, error) {
	return OpenWith(ctx, dsn, Options{Logger: logger})
}

// Options tune OpenWith.
type Options struct {
	Logger *slog.Logger
	// Timeouts for PostgreSQL; zero fields take DefaultTimeouts.
	Timeouts Timeouts
	// OnError, if set, is told of every failed PostgreSQL connect and
	// every connection that broke or timed out ("connect", "network",
	// "timeout"), for metrics. It must not block.
	OnError func(kind string)
}

// OpenWith is Open with options.
func OpenWith(ctx context.Context, dsn string, opts Options) (*DB, error) {
	logger := opts.Logger
	if logger == nil {
		logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	dialect := dialectOf(dsn)
	var (
		x   *sqlx.DB
		err error
	)
	switch dialect {
	case Postgres:
		t := opts.Timeouts.withDefaults()
		pgdsn, err := pgDSN(dsn, t)
		if err != nil {
			return nil, fmt.Errorf("open postgres: %w", err)
		}
		x = sqlx.NewDb(sql.OpenDB(&pgConnector{dsn: pgdsn, io: t.IO, onError: opts.OnError}), "postgres")
		// database/sql keeps only two idle connections by default, so a
		// busy server (job workers, Slack workers) would open and close a
		// PostgreSQL connection per query. The open limit stays unbounded
		// here; `serve` bounds it (see serve.Config.MaxDBConns).
		x.SetMaxIdleConns(PostgresIdleConns)
	default:
		var sqliteDSN string
		sqliteDSN, err = sqliteDSNFor(dsn)
		if err != nil {
			return nil, err
		}
		x, err = sqlx.Open("sqlite", sqliteDSN)
		if err != nil {
			return nil, fmt.Errorf("open sqlite %s: %w", dsn, err)
		}
		// See the package comment: one connection serialises writers
		// in-process and keeps a ":memory:" database alive.
		x.SetMaxOpenConns(1)
		x.SetMaxIdleConns(1)
		x.SetConnMaxLifetime(0)
		x.SetConnMaxIdleTime(0)
	}
	if err := x.PingContext(ctx); err != nil {
		x.Close()
		return nil, fmt.Errorf("connect to %s database %s: %w", dialect, redact(dsn), err)
	}
	db := &DB{x: x, dialect: dialect, logger: logger, tenants: newTenantCache()}
	report, err := db.Migrate(ctx)
	if err != nil {
		x.Close()
		return nil, err
	}
	db.migrated = report
	return db, nil
}

// Close closes the database.
func (db *DB) Close() error {
	return db.x.Close()
}

// Dialect is "sqlite" or "postgres".
func (db *DB) Dialect() string { return db.dialect }

// X is the underlying handle, for packages that add their own queries. Write
// queries with "?" and pass them through X().Rebind; store times with
// Timestamp and NullTimestamp.
func (db *DB) X() *sqlx.DB { return db.x }

// Migrated reports what Open's migration step applied.
func (db *DB) Migrated() MigrationReport { return db.migrated }

func dialectOf(dsn string) string {
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		return Postgres
	}
	return SQLite
}

// sqlitePragmas are set on every connection. busy_timeout comes first (the
// driver orders it so) so the others cannot fail with SQLITE_BUSY;
// _txlock=immediate takes the write lock at BEGIN, so a transaction never
// fails half-way on upgrading a read lock to a write lock. synchronous=NORMAL
// is the usual WAL choice: no corruption, at worst the last commits lost on
// power failure.
var sqlitePragmas = []string{
	"_pragma=busy_timeout(5000)",
	"_pragma=journal_mode(WAL)",
	"_pragma=foreign_keys(1)",
	"_pragma=synchronous(NORMAL)",
	"_txlock=immediate",
}

// sqliteDSNFor turns a path, ":memory:" or a "file:" URI into a modernc DSN
// with Waymark's pragmas, creating the file's directory.
func sqliteDSNFor(dsn string) (string, error) {
	if dsn == "" {
		return "", errors.New("open sqlite: empty database path")
	}
	params := strings.Join(sqlitePragmas, "&")
	if strings.HasPrefix(dsn, "file:") {
		sep := "?"
		if strings.Contains(dsn, "?") {
			sep = "&"
		}
		return dsn + sep + params, nil
	}
	if strings.Contains(dsn, "?") {
		return "", fmt.Errorf("open sqlite %q: use a file: URI to pass parameters", dsn)
	}
	if dsn != ":memory:" {
		if err := os.MkdirAll(filepath.Dir(dsn), 0o750); err != nil {
			return "", fmt.Errorf("open sqlite %s: %w", dsn, err)
		}
	}
	return dsn + "?" + params, nil
}

// inTx runs fn in a transaction, committing if it returns nil.
func (db *DB) inTx(ctx context.Context, fn func(tx *sqlx.Tx) error) error {
	tx, err := db.x.BeginTxx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	if err := fn(tx); err != nil {
		_ = tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// now is the current time as the store keeps it.
func now() time.Time { return Round(time.Now()) }

// TimeLayout is how SQLite stores times: UTC, fixed width, microseconds.
const TimeLayout = "2006-01-02T15:04:05.000000Z"

// Round returns t as the store will give it back: UTC, truncated to the
// microsecond, without a monotonic clock reading.
func Round(t time.Time) time.Time {
	return t.UTC().Truncate(time.Microsecond)
}

// Timestamp stores a time.Time the same way in both dialects: see the
// package comment. Use it (and NullTimestamp) in row structs and as a query
// argument.
type Timestamp struct{ time.Time }

// Value writes the fixed-width UTC text form. PostgreSQL reads it as
// timestamptz wherever the column or a cast decides the type. A year
// outside 1-9999 is refused: it would not be fixed width, so SQLite would
// sort it wrongly and no one could read it back.
func (t Timestamp) Value() (driver.Value, error) {
	u := Round(t.Time)
	if y := u.Year(); y < 1 || y > 9999 {
		return nil, fmt.Errorf("timestamp %d-%02d-%02d: the year must be 1 to 9999", y, u.Month(), u.Day())
	}
	return u.Format(TimeLayout), nil
}

// Scan reads a timestamptz (PostgreSQL) or the text form (SQLite).
func (t *Timestamp) Scan(src any) error {
	v, ok, err := scanTime(src)
	if err != nil {
		return err
	}
	if !ok {
		return errors.New("scan timestamp: NULL; use NullTimestamp")
	}
	t.Time = v
	return nil
}

// NullTimestamp is a nullable Timestamp.
type NullTimestamp struct {
	Time  time.Time
	Valid bool
}

// Value writes NULL or the fixed-width UTC text form.
func (t NullTimestamp) Value() (driver.Value, error) {
	if !t.Valid {
		return nil, nil
	}
	return Timestamp{t.Time}.Value()
}

// Scan reads NULL, a timestamptz or the text form.
func (t *NullTimestamp) Scan(src any) error {
	v, ok, err := scanTime(src)
	if err != nil {
		return err
	}
	t.Time, t.Valid = v, ok
	return nil
}

// textTimeLayouts are accepted on read, TimeLayout first; the others cover
// values written by hand or by SQLite's own date functions.
var textTimeLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02 15:04:05.999999999Z07:00",
	"2006-01-02 15:04:05.999999999",
	"2006-01-02T15:04:05.999999999",
}

func scanTime(src any) (time.Time, bool, error) {
	var s string
	switch v := src.(type) {
	case nil:
		return time.Time{}, false, nil
	case time.Time:
		return Round(v), true, nil
	case string:
		s = v
	case []byte:
		s = string(v)
	default:
		return time.Time{}, false, fmt.Errorf("scan timestamp: unsupported type %T", src)
	}
	for _, layout := range textTimeLayouts {
		if v, err := time.Parse(layout, s); err == nil {
			return Round(v), true, nil
		}
	}
	return time.Time{}, false, fmt.Errorf("scan timestamp: cannot parse %q", s)
}

// clean is bot.CleanText: every text a caller passes is cleaned before it
// is written, so SQLite and PostgreSQL keep the same thing (PostgreSQL
// refuses NUL bytes and invalid UTF-8 that SQLite would store).
func clean(s string) string { return bot.CleanText(s) }

// notFound reports whether err means no row.
func notFound(err error) bool { return errors.Is(err, sql.ErrNoRows) }

// redact hides a PostgreSQL password when a dsn appears in a message.
func redact(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil || u.User == nil {
		return dsn
	}
	if _, ok := u.User.Password(); ok {
		u.User = url.UserPassword(u.User.Username(), "xxxxx")
	}
	return u.String()
}
