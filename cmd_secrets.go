package main

import (
	"fmt"
	"os"

	"github.com/spf13/cobra"

	slackadapter "github.com/waymark-org/waymark/adapters/slack"
	"github.com/waymark-org/waymark/internal/secrets"
)

func (a *app) secretsCmd() *cobra.Command {
	cmd := &cobra.Command{Use: "secrets", Short: "Keys that encrypt platform tokens at rest"}
	cmd.AddCommand(&cobra.Command{
		Use:   "keygen <id>",
		Short: "Print a new key for WAYMARK_SECRET_KEYS, e.g. waymark secrets keygen k2",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			k, err := secrets.NewKey(args[0])
			if err != nil {
				return err
			}
			fmt.Fprintln(cmd.OutOrStdout(), k)
			return nil
		},
	})
	cmd.AddCommand(&cobra.Command{
		Use:   "rotate",
		Short: "Re-encrypt every stored token under the first key of WAYMARK_SECRET_KEYS",
		Long: `Rotation: put a new key first in WAYMARK_SECRET_KEYS, keeping the old one after it,
and restart. Tokens are re-encrypted as they are read; this command does all of them
at once. When it reports nothing left under old keys, remove the old key.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			keys, err := secrets.Parse(os.Getenv("WAYMARK_SECRET_KEYS"))
			if err != nil {
				return err
			}
			db, err := a.open(cmd.Context())
			if err != nil {
				return err
			}
			defer db.Close()
			installs := slackadapter.InstallsOf(db)
			ins, err := installs.All(cmd.Context())
			if err != nil {
				return err
			}
			n := 0
			for _, in := range ins {
				if in.BotTokenSealed == "" || !keys.Stale(in.BotTokenSealed) {
					continue
				}
				tok, err := keys.Decrypt(in.BotTokenSealed, in.TeamID)
				if err != nil {
					return fmt.Errorf("team %s: %w", in.TeamID, err)
				}
				sealed, err := keys.Encrypt(tok, in.TeamID)
				if err != nil {
					return err
				}
				if err := installs.Reseal(cmd.Context(), in.TeamID, in.BotTokenSealed, sealed); err != nil {
					return err
				}
				n++
			}
			fmt.Fprintf(cmd.OutOrStdout(), "re-encrypted %d of %d tokens under key %s; none remain under older keys\n", n, len(ins), keys.Primary())
			return nil
		},
	})
	return cmd
}
