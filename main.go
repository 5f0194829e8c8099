// Command waymark is a chat assistant for organisers of small user-led
// mental-health groups. See README.md.
package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/spf13/cobra"

	"github.com/waymark-org/waymark/assistant"
	"github.com/waymark-org/waymark/bot"
	"github.com/waymark-org/waymark/internal/store"
	"github.com/waymark-org/waymark/knowledge"
	"github.com/waymark-org/waymark/safety"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := newRoot().ExecuteContext(ctx); err != nil {
		fmt.Fprintln(os.Stderr, "waymark:", err)
		os.Exit(1)
	}
}

// app holds what every sub-command shares: where the database is and how
// to log. Nothing here is global so tests can build commands side by side.
type app struct {
	db       string
	logLevel string
	level    slog.Level
	log      *slog.Logger
}

func newRoot() *cobra.Command {
	a := &app{}
	root := &cobra.Command{
		Use:           "waymark",
		Short:         "Answers for people running user-led mental-health groups",
		SilenceUsage:  true,
		SilenceErrors: true,
		PersistentPreRunE: func(cmd *cobra.Command, _ []string) error {
			var level slog.Level
			if err := level.UnmarshalText([]byte(a.logLevel)); err != nil {
				return fmt.Errorf("--log-level %q: use debug, info, warn or error", a.logLevel)
			}
			a.level = level
			a.log = slog.New(slog.NewTextHandler(cmd.ErrOrStderr(), &slog.HandlerOptions{Level: level}))
			return nil
		},
	}
	root.PersistentFlags().StringVar(&a.db, "db", "", "database: a SQLite file path or a postgres:// URL (default $DATABASE_URL, else a SQLite file in your data directory)")
	root.PersistentFlags().StringVar(&a.logLevel, "log-level", "warn", "log level: debug, info, warn or error")
	root.AddCommand(a.chatCmd(), a.askCmd(), a.kbCmd(), a.evalCmd(), a.migrateCmd())
	root.AddCommand(a.serveCmd(), a.tenantCmd(), a.secretsCmd(), a.screenCmd(), a.discordCmd())
	root.AddCommand(a.consoleCmd(), a.moderatorsCmd())
	return root
}

// dsn picks the database: --db, then $DATABASE_URL, then a SQLite file in
// the user's data directory.
func (a *app) dsn() (string, error) {
	if a.db != "" {
		return a.db, nil
	}
	if env := os.Getenv("DATABASE_URL"); env != "" {
		return env, nil
	}
	dir := os.Getenv("XDG_DATA_HOME")
	if dir == "" {
		home, err := os.UserHomeDir()
		if err != nil {
			return "", fmt.Errorf("find your data directory (set --db instead): %w", err)
		}
		dir = filepath.Join(home, ".local", "share")
	}
	return filepath.Join(dir, "waymark", "waymark.db"), nil
}

func (a *app) open(ctx context.Context) (*store.DB, error) {
	dsn, err := a.dsn()
	if err != nil {
		return nil, err
	}
	return store.Open(ctx, dsn, a.log)
}

func (a *app) newBot(db *store.DB, cfg assistant.Config) (*assistant.Assistant, error) {
	cfg.Store, cfg.Logger = db, a.log
	return assistant.New(cfg)
}

// local is Waymark on this computer: a database, the core, and the
// terminal's tenant, as chat, ask, eval and kb need them.
type local struct {
	db     *store.DB
	bot    *assistant.Assistant
	tenant *bot.Tenant
}

// openLocal opens dsn (empty: the usual database, see dsn), builds the core
// and resolves the terminal's tenant, answering for jurisdiction when one
// is given. The caller closes l.db.
func (a *app) openLocal(ctx context.Context, dsn, jurisdiction string) (*local, error) {
	return a.openLocalWith(ctx, dsn, jurisdiction, assistant.Config{})
}

// openLocalWith is openLocal with a core built from cfg (its store and
// logger are set here).
func (a *app) openLocalWith(ctx context.Context, dsn, jurisdiction string, cfg assistant.Config) (*local, error) {
	if err := checkJurisdiction(jurisdiction); err != nil {
		return nil, err
	}
	if dsn == "" {
		var err error
		if dsn, err = a.dsn(); err != nil {
			return nil, err
		}
	}
	if cfg.Screener == nil {
		// The screen loads while the database opens and migrates.
		safety.Preload()
	}
	db, err := store.Open(ctx, dsn, a.log)
	if err != nil {
		return nil, err
	}
	b, err := a.newBot(db, cfg)
	if err != nil {
		db.Close()
		return nil, err
	}
	t, err := localTenant(ctx, db, jurisdiction)
	if err != nil {
		db.Close()
		return nil, err
	}
	return &local{db: db, bot: b, tenant: t}, nil
}

// localTenant is the tenant of the terminal and of one-off commands.
func localTenant(ctx context.Context, db *store.DB, jurisdiction string) (*bot.Tenant, error) {
	t, err := db.EnsureTenant(ctx, "console", "local", "This computer")
	if err != nil {
		return nil, fmt.Errorf("local tenant: %w", err)
	}
	if jurisdiction != "" {
		t.Jurisdiction = jurisdiction
	}
	return t, nil
}

func checkJurisdiction(j string) error {
	if j == "" {
		return nil
	}
	for _, k := range knowledge.Jurisdictions {
		if j == k {
			return nil
		}
	}
	return fmt.Errorf("--jurisdiction %q: use one of %s", j, strings.Join(knowledge.Jurisdictions, ", "))
}
