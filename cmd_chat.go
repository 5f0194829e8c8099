package main

import (
	"os"

	"github.com/spf13/cobra"

	"github.com/waymark-org/waymark/adapters/console"
)

func (a *app) chatCmd() *cobra.Command {
	var jurisdiction string
	cmd := &cobra.Command{
		Use:   "chat",
		Short: "Talk to Waymark in the terminal (no tokens, no network)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := checkJurisdiction(jurisdiction); err != nil {
				return err
			}
			ctx := cmd.Context()
			db, err := a.open(ctx)
			if err != nil {
				return err
			}
			defer db.Close()
			b, err := a.newBot(db)
			if err != nil {
				return err
			}
			t, err := localTenant(ctx, db, jurisdiction)
			if err != nil {
				return err
			}
			user := os.Getenv("USER")
			if user == "" {
				user = "you"
			}
			c := &console.Console{Handler: b, Tenant: t, UserID: user, In: cmd.InOrStdin(), Out: cmd.OutOrStdout(), Prompt: "> "}
			b.SetNotifier(c)
			defer a.runScheduling(ctx, b, db)()
			return c.Run(ctx)
		},
	}
	cmd.Flags().StringVar(&jurisdiction, "jurisdiction", "", "england, wales, scotland or northern-ireland (default: the saved setting, england)")
	return cmd
}
