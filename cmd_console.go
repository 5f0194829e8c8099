package main

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"time"

	"github.com/spf13/cobra"

	"github.com/waymark-org/waymark/assistant"
	"github.com/waymark-org/waymark/bot"
	"github.com/waymark-org/waymark/internal/console"
	"github.com/waymark-org/waymark/internal/httpserver"
	"github.com/waymark-org/waymark/internal/store"
)

// defaultConsoleAddr is where `waymark console` listens: this computer
// only, since whoever runs it is its moderator.
const defaultConsoleAddr = "127.0.0.1:8090"

func (a *app) consoleCmd() *cobra.Command {
	var addr string
	cmd := &cobra.Command{
		Use:   "console",
		Short: "Serve the moderators' console on this computer and print a one-time sign-in link",
		Long: `Serve the moderators' console for this computer's Waymark (the database of
waymark chat), on 127.0.0.1:8090 unless --addr says otherwise. It prints a
sign-in link that works once, for 10 minutes; /waymark console in
waymark chat makes another. Whoever runs it moderates both this
computer's own entries and its network layer.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			l, err := a.openLocal(ctx, "", "")
			if err != nil {
				return err
			}
			defer l.db.Close()
			ln, err := net.Listen("tcp", addr)
			if err != nil {
				return fmt.Errorf("console: listen on %s: %w", addr, err)
			}
			user := localUser()
			con, err := a.newLocalConsole(l.db, l.bot, "http://"+ln.Addr().String(), user)
			if err != nil {
				ln.Close()
				return err
			}
			link, err := con.SignInLink(ctx, l.tenant, user, bot.ViaLocal, "")
			if err != nil {
				ln.Close()
				return err
			}
			// The link goes to the terminal only, never to the log.
			fmt.Fprintf(cmd.OutOrStdout(), "Waymark console on http://%s/console/\nOpen this link within 10 minutes to sign in (it works once):\n\n  %s\n\nCtrl-C stops the console.\n", ln.Addr(), link)
			mux := http.NewServeMux()
			mux.Handle(con.Prefix()+"/", con.Handler())
			mux.Handle("GET /{$}", http.RedirectHandler(con.Prefix()+"/", http.StatusSeeOther))
			return httpserver.Serve(ctx, ln, mux, 5*time.Second, a.log)
		},
	}
	cmd.Flags().StringVar(&addr, "addr", defaultConsoleAddr, "address to listen on")
	return cmd
}

// localUser names whoever runs the terminal commands, as the terminal
// adapter does.
func localUser() string {
	if u := os.Getenv("USER"); u != "" {
		return u
	}
	return "you"
}

// newLocalConsole is the console of this computer's Waymark: its user
// moderates the network layer too.
func (a *app) newLocalConsole(db *store.DB, b *assistant.Assistant, baseURL, user string) (*console.Console, error) {
	return console.New(console.Config{Store: db, Core: b.Library, BaseURL: baseURL, NetworkModerators: []string{user}, Logger: a.log})
}

// enableLocalConsole lets `/waymark console` in waymark chat make links
// for a `waymark console` running on the default address with the same
// database.
func (a *app) enableLocalConsole(ctx context.Context, db *store.DB, b *assistant.Assistant) {
	con, err := a.newLocalConsole(db, b, "http://"+defaultConsoleAddr, localUser())
	if err != nil {
		a.log.WarnContext(ctx, "console links unavailable", "err", err)
		return
	}
	if err := b.EnableConsole(con, con.Prefix()); err != nil {
		a.log.WarnContext(ctx, "console links unavailable", "err", err)
	}
}
