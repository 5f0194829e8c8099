package main

import (
	"context"
	"fmt"
	"os"
	"strings"

	"github.com/spf13/cobra"

	discordadapter "github.com/waymark-org/waymark/adapters/discord"
)

// discordServeConfig reads the Discord variables. Secrets come only from
// the environment, so they never appear in a process listing.
func discordServeConfig() discordadapter.ServeConfig {
	return discordadapter.ServeConfig{
		ApplicationID: os.Getenv("DISCORD_APPLICATION_ID"),
		PublicKey:     os.Getenv("DISCORD_PUBLIC_KEY"),
		BotToken:      os.Getenv("DISCORD_BOT_TOKEN"),
	}
}

func (a *app) discordCmd() *cobra.Command {
	cmd := &cobra.Command{Use: "discord", Short: "Set up the Discord application: register /waymark, print the invite link"}
	var guild string
	register := &cobra.Command{
		Use:   "register",
		Short: "Register /waymark with Discord (replaces the application's commands)",
		Long: `Register the /waymark command and its sub-commands with Discord, replacing
whatever commands the application had (a bulk overwrite). Global commands
reach every server; --guild registers in one server only, which Discord
applies at once: use it while testing.

Needs DISCORD_APPLICATION_ID and DISCORD_BOT_TOKEN.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			cfg := discordServeConfig()
			var missing []string
			for _, m := range cfg.Missing() {
				if m != "DISCORD_PUBLIC_KEY" {
					missing = append(missing, m)
				}
			}
			if len(missing) > 0 {
				return fmt.Errorf("discord register: set %s", strings.Join(missing, ", "))
			}
			return registerCommands(cmd.Context(), cfg, guild, func(s string) { fmt.Fprintln(cmd.OutOrStdout(), s) })
		},
	}
	register.Flags().StringVar(&guild, "guild", "", "register in this server (guild id) only")
	invite := &cobra.Command{
		Use:   "invite",
		Short: "Print the link that adds Waymark to a Discord server",
		Long: `Print the invite link: scopes bot and applications.commands, and only the
permissions Waymark uses (view channels, send messages and in threads,
embed links, read message history). Needs DISCORD_APPLICATION_ID.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			id := os.Getenv("DISCORD_APPLICATION_ID")
			if id == "" {
				return fmt.Errorf("discord invite: set DISCORD_APPLICATION_ID")
			}
			fmt.Fprintln(cmd.OutOrStdout(), discordadapter.InviteURL(id))
			return nil
		},
	}
	cmd.AddCommand(register, invite)
	return cmd
}

// registerCommands registers /waymark and says what Discord now holds.
func registerCommands(ctx context.Context, cfg discordadapter.ServeConfig, guild string, say func(string)) error {
	got, err := discordadapter.RegisterCommands(ctx, cfg.HTTPClient, cfg.ApplicationID, cfg.BotToken, guild)
	if err != nil {
		return err
	}
	where := "globally (Discord may take up to an hour to show them everywhere)"
	if guild != "" {
		where = "in server " + guild
	}
	for _, c := range got {
		say(fmt.Sprintf("registered /%s with %d sub-commands %s", c.Name, len(c.Options), where))
	}
	return nil
}
