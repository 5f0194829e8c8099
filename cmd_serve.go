package main

import (
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/spf13/cobra"

	discordadapter "github.com/waymark-org/waymark/adapters/discord"
	slackadapter "github.com/waymark-org/waymark/adapters/slack"
	"github.com/waymark-org/waymark/assistant"
	"github.com/waymark-org/waymark/internal/adapterkit"
	"github.com/waymark-org/waymark/internal/obs"
	"github.com/waymark-org/waymark/internal/serve"
	"github.com/waymark-org/waymark/internal/store"
)

// serveCmd runs Waymark for Slack: the HTTP Events API for a network of
// workspaces, or Socket Mode for one workspace without a public URL.
func (a *app) serveCmd() *cobra.Command {
	cfg := serve.Config{}
	slackCfg := slackadapter.ServeConfig{}
	discordCfg := discordServeConfig()
	port := ""
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Serve Slack workspaces and Discord servers",
		Long: `Serve Slack workspaces (HTTP Events API with OAuth installs, or Socket
Mode), Discord servers, or both. Configuration comes from the environment
(flags override):

  SLACK_SIGNING_SECRET   verifies HTTP requests from Slack (HTTP mode)
  SLACK_CLIENT_ID        OAuth installs into many workspaces (HTTP mode)
  SLACK_CLIENT_SECRET
  WAYMARK_SECRET_KEYS    encrypts bot tokens at rest: "k2:<base64 32 bytes>,k1:..."
                         (first key encrypts; generate with: waymark secrets keygen)
  WAYMARK_PUBLIC_URL     where Slack reaches this server, e.g. https://waymark.example.org
  SLACK_BOT_TOKEN        one workspace without OAuth (with Socket Mode, or HTTP)
  SLACK_APP_TOKEN        xapp-... token: Socket Mode, no public URL needed
  DISCORD_APPLICATION_ID Discord: the application's id (developer portal)
  DISCORD_PUBLIC_KEY     verifies interactions (hex, developer portal)
  DISCORD_BOT_TOKEN      the bot's token: gateway and replies
  PORT                   HTTP port (default 8080): /slack/*, /discord/interactions, /healthz (liveness),
                         /readyz (database reachable), /metrics (Prometheus)
  DATABASE_URL           postgres://... (or --db); default a SQLite file
  WAYMARK_NETWORK_MODERATORS  platform user ids, comma-separated, who may edit
                         the network's entries in the console (/console)

Logs are JSON, one object per line on stderr, at --log-level.

See adapters/slack/README.md and adapters/discord/README.md.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			dsn, err := a.dsn()
			if err != nil {
				return err
			}
			// A server's logs are read by machines: JSON, same level.
			a.log = obs.JSONLogger(cmd.ErrOrStderr(), a.level)
			cfg.DSN, cfg.Logger, cfg.Addr = dsn, a.log, ":"+port
			cfg.PublicURL = slackCfg.PublicURL
			cfg.Metrics = obs.New()
			cfg.NewBot = func(db *store.DB) (*assistant.Assistant, error) { return a.newBot(db, assistant.Config{}) }
			cfg.OnBot = a.schedulingRunners(cfg.Metrics)
			setups, err := adapterSetups(slackCfg, discordCfg)
			if err != nil {
				return fmt.Errorf("serve: %w", err)
			}
			cfg.Adapters = setups
			// Background work (the job engine) joins here:
			// cfg.Runners = append(cfg.Runners, ...)
			if err := serve.Run(cmd.Context(), cfg); err != nil {
				return fmt.Errorf("serve: %w", err)
			}
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&port, "port", envOr("PORT", "8080"), "HTTP port ($PORT)")
	f.StringVar(&slackCfg.PublicURL, "public-url", os.Getenv("WAYMARK_PUBLIC_URL"), "public base URL ($WAYMARK_PUBLIC_URL)")
	f.StringVar(&slackCfg.ClientID, "slack-client-id", os.Getenv("SLACK_CLIENT_ID"), "Slack app client id ($SLACK_CLIENT_ID)")
	// Secrets come only from the environment, so they never appear in a
	// process listing.
	slackCfg.SigningSecret = os.Getenv("SLACK_SIGNING_SECRET")
	slackCfg.ClientSecret = os.Getenv("SLACK_CLIENT_SECRET")
	slackCfg.BotToken = os.Getenv("SLACK_BOT_TOKEN")
	slackCfg.AppToken = os.Getenv("SLACK_APP_TOKEN")
	slackCfg.SecretKeys = os.Getenv("WAYMARK_SECRET_KEYS")
	for _, id := range strings.Split(os.Getenv("WAYMARK_NETWORK_MODERATORS"), ",") {
		if id = strings.TrimSpace(id); id != "" {
			cfg.NetworkModerators = append(cfg.NetworkModerators, id)
		}
	}
	return cmd
}

// adapterSetups is every adapter the environment configures: Slack,
// Discord or both. A partly configured adapter is an error naming exactly
// what is missing, rather than an adapter silently left out.
func adapterSetups(slackCfg slackadapter.ServeConfig, discordCfg discordadapter.ServeConfig) ([]adapterkit.Setup, error) {
	var setups []adapterkit.Setup
	if slackCfg.Configured() {
		s, err := slackCfg.Setup()
		if err != nil {
			return nil, fmt.Errorf("slack: %w", err)
		}
		setups = append(setups, s)
	}
	if discordCfg.Configured() {
		s, err := discordCfg.Setup()
		if err != nil {
			return nil, fmt.Errorf("discord: %w", err)
		}
		setups = append(setups, s)
	}
	if len(setups) == 0 {
		return nil, errors.New("no adapter configured: for Slack set SLACK_SIGNING_SECRET (HTTP Events API) or SLACK_APP_TOKEN (Socket Mode); for Discord set DISCORD_APPLICATION_ID, DISCORD_PUBLIC_KEY and DISCORD_BOT_TOKEN")
	}
	return setups, nil
}

func envOr(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}
