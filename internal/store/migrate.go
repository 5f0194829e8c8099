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
	"github.com/pressly/goose/v3/lock"
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
	}
	gooseDialect := goose.DialectSQLite3
	if db.dialect == Postgres {
		gooseDialect = goose.DialectPostgres
		// Several replicas may start at once; the advisory lock makes one
		// of them migrate while the others wait.
		locker, err := db.migrationLocker(ctx)
		if err != nil {
			return report, err
		}
		opts = append(opts, goose.WithSessionLocker(locker))
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

// migrationLocker returns an advisory-lock locker keyed on the current
// schema, so databases in different schemas (parallel tests, several
// deployments in one database) do not wait for each other.
func (db *DB) migrationLocker(ctx context.Context) (lock.SessionLocker, error) {
	var schema string
	if err := db.x.GetContext(ctx, &schema, "SELECT current_schema()"); err != nil {
		return nil, fmt.Errorf("migrate: current schema: %w", err)
	}
	h := fnv.New64a()
	h.Write([]byte("waymark migrate " + schema))
	// Poll each second for up to five minutes: a long migration on another
	// replica is worth waiting for.
	locker, err := lock.NewPostgresSessionLocker(
		lock.WithLockID(int64(h.Sum64()>>1)),
		lock.WithLockTimeout(1, 300),
	)
	if err != nil {
		return nil, fmt.Errorf("migrate: lock: %w", err)
	}
	return locker, nil
}
