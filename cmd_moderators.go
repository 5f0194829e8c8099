package main

import (
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/waymark-org/waymark/bot"
)

// envNetworkModerators names network moderators in configuration, as
// platform user ids separated by commas.
const envNetworkModerators = "WAYMARK_NETWORK_MODERATORS"

// configNetworkModerators reads envNetworkModerators: ids trimmed, empty
// ones dropped.
func configNetworkModerators() []string {
	var ids []string
	for _, id := range strings.Split(os.Getenv(envNetworkModerators), ",") {
		if id = strings.TrimSpace(id); id != "" {
			ids = append(ids, id)
		}
	}
	return ids
}

// cliUser is who ran a command, as recorded next to what it changed.
func cliUser() string {
	if u := strings.TrimSpace(os.Getenv("USER")); u != "" {
		return u
	}
	return "cli"
}

func (a *app) moderatorsCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "moderators",
		Short: "Add, remove or list the network's moderators",
		Long: `Network moderators may edit the network layer (entries for every group of
this deployment) in the moderators' console. They are named here, in the
database, or in WAYMARK_NETWORK_MODERATORS; either is enough. Ids are
platform user ids: a Slack member id (U0123ABCD), a Discord user id, or
for waymark chat and waymark console, the computer's user name.

Removing someone here ends their network console sessions at their next
request, on every replica. Group moderators are set in each group with
/waymark settings moderators.`,
	}
	var note string
	add := &cobra.Command{
		Use:   "add <user-id>",
		Short: `Name a network moderator (e.g. waymark moderators add U0123ABCD --note "Sam, network coordinator")`,
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			db, err := a.open(ctx)
			if err != nil {
				return err
			}
			defer db.Close()
			id := args[0]
			already, err := db.IsNetworkModerator(ctx, id)
			if err != nil {
				return err
			}
			if err := db.AddNetworkModerator(ctx, id, note, cliUser()); err != nil {
				return err
			}
			if already {
				fmt.Fprintf(cmd.OutOrStdout(), "%s was already a network moderator; note updated\n", id)
				return nil
			}
			fmt.Fprintf(cmd.OutOrStdout(), "added %s as a network moderator: they can ask for a console link with /waymark console\n", id)
			return nil
		},
	}
	add.Flags().StringVar(&note, "note", "", "who they are, for whoever reads the list later (e.g. \"Sam, network coordinator\")")
	remove := &cobra.Command{
		Use:   "remove <user-id>",
		Short: "Take someone off the network moderators; their network console sessions end",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			db, err := a.open(ctx)
			if err != nil {
				return err
			}
			defer db.Close()
			id := args[0]
			err = db.RemoveNetworkModerator(ctx, id)
			if errors.Is(err, bot.ErrNotFound) {
				if isConfigured(id) {
					return fmt.Errorf("%s is named in %s, not in the database: take them off there and restart", id, envNetworkModerators)
				}
				return fmt.Errorf("%s is not a network moderator (see waymark moderators list)", id)
			}
			if err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "removed %s from the network moderators\n", id)
			if isConfigured(id) {
				fmt.Fprintf(cmd.OutOrStdout(), "%s is still named in %s, so remains one until taken off there\n", id, envNetworkModerators)
			}
			return nil
		},
	}
	list := &cobra.Command{
		Use:   "list",
		Short: "List the network moderators, from the database and from " + envNetworkModerators,
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			db, err := a.open(ctx)
			if err != nil {
				return err
			}
			defer db.Close()
			mods, err := db.NetworkModerators(ctx)
			if err != nil {
				return err
			}
			configured := configNetworkModerators()
			if len(mods) == 0 && len(configured) == 0 {
				fmt.Fprintln(cmd.OutOrStdout(), `No network moderators. Name one with: waymark moderators add <user-id> --note "..."`)
				return nil
			}
			w := tabwriter.NewWriter(cmd.OutOrStdout(), 0, 4, 2, ' ', 0)
			fmt.Fprintln(w, "USER ID\tNOTE\tADDED BY\tADDED AT")
			for _, m := range mods {
				fmt.Fprintf(w, "%s\t%s\t%s\t%s\n", m.UserID, orDash(m.Note), orDash(m.AddedBy), m.AddedAt.UTC().Format("2 Jan 2006 15:04 MST"))
			}
			// Read from this command's own environment, which is the
			// server's only when both are configured alike.
			for _, id := range configured {
				fmt.Fprintf(w, "%s\t(from configuration: %s)\t-\t-\n", id, envNetworkModerators)
			}
			return w.Flush()
		},
	}
	cmd.AddCommand(add, remove, list)
	return cmd
}

func isConfigured(id string) bool { return slices.Contains(configNetworkModerators(), id) }

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
