package discord

import (
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/waymark-org/waymark/internal/adapterkit"
)

// ServeConfig is the Discord part of `waymark serve`, from the
// environment: DISCORD_APPLICATION_ID, DISCORD_PUBLIC_KEY (hex, from the
// developer portal) and DISCORD_BOT_TOKEN.
type ServeConfig struct {
	ApplicationID string
	PublicKey     string
	BotToken      string
	// NoGateway serves interactions only (tests, or a replica that should
	// not hold the gateway).
	NoGateway bool
	// HTTPClient, Workers, Queue and Retry as in Config (tests, load runs).
	HTTPClient *http.Client
	Workers    int
	Queue      int
	Retry      adapterkit.RetryPolicy
	// AnswerBudget as in Config (load runs compare budgets).
	AnswerBudget time.Duration
}

// Configured reports whether any Discord variable is set.
func (c ServeConfig) Configured() bool {
	return c.ApplicationID != "" || c.PublicKey != "" || c.BotToken != ""
}

// Missing names the variables that are not set.
func (c ServeConfig) Missing() []string {
	var missing []string
	if c.ApplicationID == "" {
		missing = append(missing, "DISCORD_APPLICATION_ID")
	}
	if c.PublicKey == "" {
		missing = append(missing, "DISCORD_PUBLIC_KEY")
	}
	if c.BotToken == "" {
		missing = append(missing, "DISCORD_BOT_TOKEN")
	}
	return missing
}

// ParsePublicKey reads the application's public key as the developer
// portal shows it (64 hex digits).
func ParsePublicKey(s string) (ed25519.PublicKey, error) {
	b, err := hex.DecodeString(strings.TrimSpace(s))
	if err != nil || len(b) != ed25519.PublicKeySize {
		return nil, errors.New("DISCORD_PUBLIC_KEY is not an Ed25519 public key (64 hex digits, from the developer portal's General Information page)")
	}
	return ed25519.PublicKey(b), nil
}

// Setup checks the configuration and returns what builds the adapter.
func (c ServeConfig) Setup() (adapterkit.Setup, error) {
	if m := c.Missing(); len(m) > 0 {
		return nil, fmt.Errorf("set %s", strings.Join(m, ", "))
	}
	key, err := ParsePublicKey(c.PublicKey)
	if err != nil {
		return nil, err
	}
	return func(_ context.Context, d adapterkit.Deps) (adapterkit.Adapter, error) {
		a, err := New(Config{
			Core: d.Core, Store: d.DB, Logger: d.Logger, Metrics: d.Metrics,
			ApplicationID: c.ApplicationID, PublicKey: key, BotToken: c.BotToken,
			HTTPClient: c.HTTPClient, Workers: c.Workers, Queue: c.Queue, Retry: c.Retry,
			AnswerBudget: c.AnswerBudget,
		})
		if err != nil {
			return nil, err
		}
		return &mounted{Adapter: a, gateway: !c.NoGateway}, nil
	}, nil
}

// mounted is the adapter as serve runs it.
type mounted struct {
	*Adapter
	gateway bool
}

func (m *mounted) Platform() string { return Platform }

func (m *mounted) Routes(mux *http.ServeMux) { mux.Handle("/discord/", m.Handler()) }

func (m *mounted) Runners() []func(context.Context) error {
	if !m.gateway {
		return nil
	}
	return []func(context.Context) error{m.RunGateway}
}

var _ adapterkit.Adapter = (*mounted)(nil)
