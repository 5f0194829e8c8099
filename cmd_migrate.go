package main

import (
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/waymark-org/waymark/internal/store"
)

func (a *app) migrateCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "migrate",
		Short: "Bring the database schema up to date (also done on every start)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			dsn, err := a.dsn()
			if err != nil {
				return err
			}
			rep, err := store.Migrate(cmd.Context(), dsn)
			if err != nil {
				return err
			}
			out := cmd.OutOrStdout()
			if len(rep.Applied) == 0 {
				fmt.Fprintf(out, "%s schema is up to date at version %d\n", rep.Dialect, rep.Current)
				return nil
			}
			for _, m := range rep.Applied {
				fmt.Fprintf(out, "applied %s (%s)\n", m.File, m.Duration.Round(time.Millisecond))
			}
			fmt.Fprintf(out, "%s schema now at version %d\n", rep.Dialect, rep.Current)
			return nil
		},
	}
}
