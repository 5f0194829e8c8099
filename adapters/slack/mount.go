package slack

import (
	"context"
	"errors"
	"net/http"

	"github.com/waymark-org/waymark/internal/adapterkit"
	"github.com/waymark-org/waymark/internal/secrets"
)

// ServeConfig is the Slack part of `waymark serve`, filled from the
// environment by the command (see its help) or by tests.
type ServeConfig struct {
	SigningSecret string // SLACK_SIGNING_SECRET: the HTTP Events API
	ClientID      string // SLACK_CLIENT_ID: OAuth installs
	ClientSecret  string // SLACK_CLIENT_SECRET
	BotToken      string // SLACK_BOT_TOKEN: one workspace without OAuth
	AppToken      string // SLACK_APP_TOKEN: Socket Mode
	SecretKeys    string // WAYMARK_SECRET_KEYS
	PublicURL     string
	// APIURL points Slack clients at a fake API (tests, benchmarks).
	APIURL       string
	AuthorizeURL string
	Retry        RetryPolicy
	Workers      int
	// Queue bounds acknowledged events waiting for a worker (default
	// 1024); beyond it events get 503 and Slack retries them.
	Queue int
}

// Configured reports whether any Slack variable is set, so serve can run
// Discord alone.
func (c ServeConfig) Configured() bool {
	return c.SigningSecret != "" || c.AppToken != "" || c.BotToken != "" || c.ClientID != ""
}

// Setup checks the configuration and returns what builds the adapter
// once serve has a core and a database.
func (c ServeConfig) Setup() (adapterkit.Setup, error) {
	if c.SigningSecret == "" && c.AppToken == "" {
		return nil, errors.New("set SLACK_SIGNING_SECRET (HTTP Events API) or SLACK_APP_TOKEN (Socket Mode)")
	}
	if c.AppToken != "" && c.BotToken == "" {
		return nil, errors.New("Socket Mode needs SLACK_BOT_TOKEN as well as SLACK_APP_TOKEN")
	}
	var keys *secrets.KeyRing
	if c.SecretKeys != "" {
		var err error
		if keys, err = secrets.Parse(c.SecretKeys); err != nil {
			return nil, err
		}
	}
	if c.ClientID != "" && keys == nil {
		return nil, errors.New("OAuth installs store tokens encrypted; set WAYMARK_SECRET_KEYS (waymark secrets keygen)")
	}
	return func(ctx context.Context, d adapterkit.Deps) (adapterkit.Adapter, error) {
		a, err := New(Config{
			Core: d.Core, Store: d.DB, Logger: d.Logger, Keys: keys,
			SigningSecret: c.SigningSecret, ClientID: c.ClientID, ClientSecret: c.ClientSecret,
			PublicURL: c.PublicURL, APIURL: c.APIURL, AuthorizeURL: c.AuthorizeURL,
			Retry: c.Retry, Workers: c.Workers, Queue: c.Queue, Metrics: d.Metrics,
		})
		if err != nil {
			return nil, err
		}
		m := &mounted{Adapter: a, appToken: c.AppToken}
		if c.BotToken != "" {
			if _, err := a.UseBotToken(ctx, c.BotToken); err != nil {
				_ = a.Close(ctx)
				return nil, err
			}
		}
		return m, nil
	}, nil
}

// mounted is the adapter as serve runs it.
type mounted struct {
	*Adapter
	appToken string
}

func (m *mounted) Platform() string { return Platform }

func (m *mounted) Routes(mux *http.ServeMux) { mux.Handle("/slack/", m.Handler()) }

func (m *mounted) Runners() []func(context.Context) error {
	if m.appToken == "" {
		return nil
	}
	return []func(context.Context) error{func(ctx context.Context) error { return m.RunSocketMode(ctx, m.appToken) }}
}

var _ adapterkit.Adapter = (*mounted)(nil)
