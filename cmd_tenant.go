package main

import (
	"errors"
	"fmt"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/waymark-org/waymark/bot"
	"github.com/waymark-org/waymark/internal/serve"
)

func (a *app) tenantCmd() *cobra.Command {
	cmd := &cobra.Command{Use: "tenant", Short: "List installed workspaces and servers, or delete one's data"}
	cmd.AddCommand(&cobra.Command{
		Use:   "list",
		Short: "List tenants",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			db, err := a.open(cmd.Context())
			if err != nil {
				return err
			}
			defer db.Close()
			ts, err := db.ListTenants(cmd.Context())
			if err != nil {
				return err
			}
			w := tabwriter.NewWriter(cmd.OutOrStdout(), 0, 4, 2, ' ', 0)
			fmt.Fprintln(w, "ID\tPLATFORM\tEXTERNAL ID\tNAME\tSTATUS")
			for _, t := range ts {
				status := "active"
				if !t.Active {
					status = "inactive"
					if t.DeactivatedAt.Valid {
						status = fmt.Sprintf("uninstalled %s, data deleted after %s", t.DeactivatedAt.Time.Format("2 Jan 2006"),
							t.DeactivatedAt.Time.Add(serve.Retention).Format("2 Jan 2006"))
					}
				}
				fmt.Fprintf(w, "%d\t%s\t%s\t%s\t%s\n", t.ID, t.Platform, t.ExternalID, t.Name, status)
			}
			return w.Flush()
		},
	})
	cmd.AddCommand(&cobra.Command{
		Use:   "delete <platform> <external-id>",
		Short: "Delete a tenant and all its data now (e.g. waymark tenant delete slack T0123ABCD)",
		Args:  cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			db, err := a.open(cmd.Context())
			if err != nil {
				return err
			}
			defer db.Close()
			err = db.DeleteTenant(cmd.Context(), args[0], args[1])
			if errors.Is(err, bot.ErrNotFound) {
				return fmt.Errorf("no tenant %s %s (see waymark tenant list)", args[0], args[1])
			}
			if err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "deleted %s %s and all its data at %s\n", args[0], args[1], time.Now().UTC().Format(time.RFC3339))
			return nil
		},
	})
	return cmd
}
