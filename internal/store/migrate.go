package store

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"hash/fnv"
	"io/fs"
	"time"

	"github.com/pressly/goose/v3"
	"github.com/riverqueue/river/rivermigrate"
)

// migrationFS holds one directory of goose SQL migrations per dialect.
// Version blocks are reserved per feature (see the package comment), so
// files from other features may sort before ones already applied.
//
//go:embed migrations/sqlite/*.sql migrations/postgres/*.sql
var migrationFS embed.FS

// AppliedMigration is one migration applied by a run.
type AppliedMigration struct {
	Version  int64
	File     string
	Duration time.Duration
}

// MigrationReport says what a migration run did.
type MigrationReport struct {
	Dialect string
	// Applied lists the migrations applied by this run, in the order run;
	// empty when the schema was already current.
	Applied []AppliedMigration
	// Current is the highest version applied to the database.
	Current int64
}

// Migrate opens dsn, applies pending migrations and closes it again. It is
// what `waymark migrate` runs; Open migrates too, so it is never required.
func Migrate(ctx context.Context, dsn string) (MigrationReport, error) {
	db, err := Open(ctx, dsn, nil)
	if err != nil {
		return MigrationReport{}, err
	}
	report := db.Migrated()
	if err := db.Close(); err != nil {
		return report, fmt.Errorf("close %s database: %w", report.Dialect, err)
	}
	return report, nil
}

// Migrate applies pending migrations to an open database.
func (db *DB) Migrate(ctx context.Context) (MigrationReport, error) {
	report := MigrationReport{Dialect: db.dialect}
	sub, err := fs.Sub(migrationFS, "migrations/"+db.dialect)
	if err != nil {
		return report, fmt.Errorf("migrate: %w", err)
	}
	opts := []goose.ProviderOption{
		goose.WithAllowOutofOrder(true),
		goose.WithDisableGlobalRegistry(true),
		goose.WithGoMigrations(db.engineJobsMigration()),
	}
	gooseDialect := goose.DialectSQLite3
	if db.dialect == Postgres {
		gooseDialect = goose.DialectPostgres
		// Several replicas may start at once; the advisory lock makes one
		// of them migrate (River's tables, then ours) while the others
		// wait. SQLite needs none: one process owns the file, and its
		// writes are serialised anyway.
		unlock, err := db.migrationLock(ctx)
		if err != nil {
			return report, err
		}
		defer unlock()
	}
	// River's tables first: our migrations may move rows into them.
	riverApplied, err := db.migrateRiver(ctx)
	report.Applied = append(report.Applied, riverApplied...)
	if err != nil {
		return report, err
	}
	// Provider.Close would close db.x, so the provider is simply dropped.
	p, err := goose.NewProvider(gooseDialect, db.x.DB, sub, opts...)
	if err != nil {
		return report, fmt.Errorf("migrate %s: %w", db.dialect, err)
	}
	results, upErr := p.Up(ctx)
	var partial *goose.PartialError
	if errors.As(upErr, &partial) {
		results = partial.Applied
	}
	for _, r := range results {
		if r.Error != nil {
			continue
		}
		m := AppliedMigration{Version: r.Source.Version, File: r.Source.Path, Duration: r.Duration}
		if m.File == "" && m.Version == versionMoveEngineJobs {
			m.File = "00203 (Go): move the old engine's pending jobs into River"
		}
		report.Applied = append(report.Applied, m)
		db.logger.InfoContext(ctx, "migration applied",
			"dialect", db.dialect, "version", m.Version, "file", m.File, "duration", m.Duration)
	}
	if upErr != nil {
		if partial != nil && partial.Failed != nil && partial.Failed.Source != nil {
			return report, fmt.Errorf("migrate %s: %s: %w", db.dialect, partial.Failed.Source.Path, partial.Err)
		}
		return report, fmt.Errorf("migrate %s: %w", db.dialect, upErr)
	}
	report.Current, err = p.GetDBVersion(ctx)
	if err != nil {
		return report, fmt.Errorf("migrate %s: read version: %w", db.dialect, err)
	}
	return report, nil
}

// migrateRiver brings River's own schema (river_job and its companions)
// up to date with rivermigrate, beside ours.
func (db *DB) migrateRiver(ctx context.Context) ([]AppliedMigration, error) {
	m, err := rivermigrate.New(db.RiverDriver(), &rivermigrate.Config{Logger: db.logger})
	if err != nil {
		return nil, fmt.Errorf("migrate %s: river: %w", db.dialect, err)
	}
	res, err := m.Migrate(ctx, rivermigrate.DirectionUp, nil)
	if err != nil {
		return nil, fmt.Errorf("migrate %s: river: %w", db.dialect, err)
	}
	var out []AppliedMigration
	for _, v := range res.Versions {
		a := AppliedMigration{Version: int64(v.Version), File: fmt.Sprintf("river %03d_%s", v.Version, v.Name), Duration: v.Duration}
		out = append(out, a)
		db.logger.InfoContext(ctx, "migration applied", "dialect", db.dialect, "river_version", v.Version, "name", v.Name, "duration", v.Duration)
	}
	return out, nil
}

// migrationLock takes a PostgreSQL advisory lock keyed on the current
// schema, so databases in different schemas (parallel tests, several
// deployments in one database) do not wait for each other. It tries each
// second for up to five minutes: a long migration on another replica is
// worth waiting for. The lock belongs to one connection, kept until
// unlock.
func (db *DB) migrationLock(ctx context.Context) (unlock func(), err error) {
	var schema string
	if err := db.x.GetContext(ctx, &schema, "SELECT current_schema()"); err != nil {
		return nil, fmt.Errorf("migrate: current schema: %w", err)
	}
	h := fnv.New64a()
	h.Write([]byte("waymark migrate " + schema))
	id := int64(h.Sum64() >> 1)
	conn, err := db.x.Conn(ctx)
	if err != nil {
		return nil, fmt.Errorf("migrate: lock: %w", err)
	}
	deadline := time.Now().Add(5 * time.Minute)
	for {
		var got bool
		if err := conn.QueryRowContext(ctx, "SELECT pg_try_advisory_lock($1)", id).Scan(&got); err != nil {
			conn.Close()
			return nil, fmt.Errorf("migrate: lock: %w", err)
		}
		if got {
			break
		}
		if time.Now().After(deadline) {
			conn.Close()
			return nil, errors.New("migrate: another replica held the migration lock for five minutes")
		}
		t := time.NewTimer(time.Second)
		select {
		case <-ctx.Done():
			t.Stop()
			conn.Close()
			return nil, fmt.Errorf("migrate: lock: %w", ctx.Err())
		case <-t.C:
		}
	}
	return func() {
		// Unlocking must happen even when ctx has ended; closing the
		// connection would release it too, as a fallback.
		uctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
		defer cancel()
		if _, err := conn.ExecContext(uctx, "SELECT pg_advisory_unlock($1)", id); err != nil {
			db.logger.WarnContext(ctx, "migrate: unlock", "err", err)
		}
		conn.Close()
	}, nil
}
