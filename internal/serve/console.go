package serve

import (
	"context"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/waymark-org/waymark/assistant"
	"github.com/waymark-org/waymark/internal/console"
	"github.com/waymark-org/waymark/internal/store"
)

// mountConsole serves the moderators' console at /console, lets the core
// send sign-in links (when there is a public URL for them to point to),
// and returns a runner that deletes expired links and sessions.
func mountConsole(mux *http.ServeMux, db *store.DB, core *assistant.Assistant, cfg Config, log *slog.Logger) (Runner, error) {
	con, err := console.New(console.Config{Store: db, Core: core.Library, BaseURL: cfg.PublicURL, NetworkModerators: cfg.NetworkModerators, Logger: log})
	if err != nil {
		return nil, err
	}
	mux.Handle(con.Prefix()+"/", con.Handler())
	mux.Handle(con.Prefix(), con.Handler())
	if strings.TrimSpace(cfg.PublicURL) != "" {
		if err := core.EnableConsole(con, con.Prefix()); err != nil {
			return nil, err
		}
	} else {
		log.Warn("console: WAYMARK_PUBLIC_URL is not set, so /waymark console cannot send sign-in links")
	}
	return func(ctx context.Context) error {
		t := time.NewTicker(10 * time.Minute)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return nil
			case <-t.C:
			}
			sctx, cancel := context.WithTimeout(ctx, time.Minute)
			if _, err := db.PurgeExpiredConsole(sctx, time.Now()); err != nil {
				log.ErrorContext(ctx, "purge expired console links and sessions", "err", err)
			}
			cancel()
		}
	}, nil
}
