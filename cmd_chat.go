package main

import (
	"os"
	"runtime/debug"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/waymark-org/waymark/adapters/console"
)

func (a *app) chatCmd() *cobra.Command {
	var jurisdiction string
	cmd := &cobra.Command{
		Use:   "chat",
		Short: "Talk to Waymark in the terminal (no tokens, no network)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			l, err := a.openLocal(ctx, "", jurisdiction)
			if err != nil {
				return err
			}
			defer l.db.Close()
			b, t := l.bot, l.tenant
			user := os.Getenv("USER")
			if user == "" {
				user = "you"
			}
			c := &console.Console{Handler: b, Tenant: t, UserID: user, In: cmd.InOrStdin(), Out: cmd.OutOrStdout(), Prompt: "> ", Width: terminalWidth()}
			// Loading the knowledge base and the screen's model peaks at
			// several times what stays live; a terminal session then sits
			// idle for minutes, so give the peak back.
			debug.FreeOSMemory()
			b.SetNotifier(c)
			a.enableLocalConsole(ctx, l.db, b)
			defer a.runScheduling(ctx, b, l.db)()
			return c.Run(ctx)
		},
	}
	cmd.Flags().StringVar(&jurisdiction, "jurisdiction", "", "england, wales, scotland or northern-ireland (default: the saved setting, england)")
	return cmd
}

// terminalWidth is the width of the terminal on standard output, or 0 when
// output goes to a file or a pipe.
func terminalWidth() int {
	fd := int(os.Stdout.Fd())
	if !term.IsTerminal(fd) {
		return 0
	}
	w, _, err := term.GetSize(fd)
	if err != nil {
		return 0
	}
	return w
}
