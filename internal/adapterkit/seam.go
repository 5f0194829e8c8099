// Package adapterkit is what every platform adapter shares, so that Slack
// and Discord (and whatever comes next) differ only in what is truly about
// their platform: event claims keyed "platform:id" in one processed_events
// table, the bounded worker pool and its shutdown, delivery retries with
// backoff that honour Retry-After, the rendering helpers, the notifier
// router that sends messages Waymark starts itself to the adapter owning
// the tenant, and the Adapter seam through which `waymark serve` mounts
// each adapter's HTTP routes and background runners.
package adapterkit

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"

	"github.com/waymark-org/waymark/bot"
	"github.com/waymark-org/waymark/internal/obs"
	"github.com/waymark-org/waymark/internal/store"
	"github.com/waymark-org/waymark/knowledge"
	"github.com/waymark-org/waymark/safety"
)

// Core is what adapters hand requests to and read entries from;
// assistant.Assistant implements it.
type Core interface {
	Handle(ctx context.Context, req bot.Request) bot.Reply
	Action(ctx context.Context, req bot.Request, action, value string) bot.Reply
	Submit(ctx context.Context, req bot.Request, sub bot.FormSubmission) bot.Reply
	Entry(ctx context.Context, t *bot.Tenant, id string) *knowledge.Entry
	Entries(ctx context.Context, t *bot.Tenant) []*knowledge.Entry
	Screen(text string) safety.Verdict
}

// Deps is what serve hands every adapter it builds.
type Deps struct {
	Core    Core
	DB      *store.DB
	Logger  *slog.Logger
	Metrics *obs.Metrics
}

// Adapter is one platform mounted in `waymark serve`.
type Adapter interface {
	bot.Notifier
	// Platform is the tenants.platform value of the tenants it serves.
	Platform() string
	// Routes registers its HTTP endpoints, each under "/<platform>/".
	Routes(mux *http.ServeMux)
	// Runners are its background tasks (Socket Mode, a gateway session);
	// each runs until ctx ends, and an error returned stops the server.
	Runners() []func(ctx context.Context) error
	// Close lets acknowledged work finish, up to ctx's deadline.
	Close(ctx context.Context) error
}

// Setup builds an adapter once the core and the database exist; an
// adapter's configuration lives in the closure, not in serve.
type Setup func(ctx context.Context, deps Deps) (Adapter, error)

// Router is the core's notifier when several adapters run in one
// process: reminders, check-ins and safeguarding alerts go to the adapter
// that owns the tenant (Tenant.Platform).
type Router map[string]bot.Notifier

var _ bot.Notifier = Router(nil)

func (r Router) route(t *bot.Tenant) (bot.Notifier, error) {
	if t == nil {
		return nil, fmt.Errorf("notify: no tenant")
	}
	n, ok := r[t.Platform]
	if !ok || n == nil {
		return nil, fmt.Errorf("notify tenant %d: no %q adapter is running", t.ID, t.Platform)
	}
	return n, nil
}

// PostChannel posts through the tenant's adapter.
func (r Router) PostChannel(ctx context.Context, t *bot.Tenant, channelID string, reply bot.Reply) error {
	n, err := r.route(t)
	if err != nil {
		return err
	}
	return n.PostChannel(ctx, t, channelID, reply)
}

// DirectMessage messages through the tenant's adapter.
func (r Router) DirectMessage(ctx context.Context, t *bot.Tenant, userID string, reply bot.Reply) error {
	n, err := r.route(t)
	if err != nil {
		return err
	}
	return n.DirectMessage(ctx, t, userID, reply)
}
