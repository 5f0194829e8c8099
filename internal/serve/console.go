package serve

import (
	"log/slog"
	"net/http"
	"strings"

	"github.com/waymark-org/waymark/assistant"
	"github.com/waymark-org/waymark/internal/console"
	"github.com/waymark-org/waymark/internal/store"
)

// mountConsole serves the moderators' console at /console and lets the
// core send sign-in links (when there is a public URL for them to point
// to). Expired links and sessions go in Housekeeping's console.sweep.
func mountConsole(mux *http.ServeMux, db *store.DB, core *assistant.Assistant, cfg Config, log *slog.Logger) error {
	con, err := console.New(console.Config{
		Store: db, Core: core.Library, BaseURL: cfg.PublicURL,
		// Network moderators come from WAYMARK_NETWORK_MODERATORS and
		// from `waymark moderators add`, which every replica sees.
		NetworkModerators: cfg.NetworkModerators, NetworkModeratorStore: db,
		Logger: log,
	})
	if err != nil {
		return err
	}
	mux.Handle(con.Prefix()+"/", con.Handler())
	mux.Handle(con.Prefix(), con.Handler())
	if strings.TrimSpace(cfg.PublicURL) != "" {
		if err := core.EnableConsole(con, con.Prefix()); err != nil {
			return err
		}
	} else {
		log.Warn("console: WAYMARK_PUBLIC_URL is not set, so /waymark console cannot send sign-in links")
	}
	return nil
}
