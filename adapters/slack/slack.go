// Package slack is Waymark's Slack adapter: the Events API, slash commands
// and interactivity over HTTP (many workspaces, installed with OAuth) or
// Socket Mode (one workspace, no public URL), rendering replies as Block
// Kit. It verifies, deduplicates, acknowledges and translates; the core
// (package bot) decides what to say.
package slack

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/slack-go/slack"

	"github.com/waymark-org/waymark/bot"
	"github.com/waymark-org/waymark/internal/adapterkit"
	"github.com/waymark-org/waymark/internal/obs"
	"github.com/waymark-org/waymark/internal/secrets"
	"github.com/waymark-org/waymark/knowledge"
)

// Platform is the tenants.platform value of Slack workspaces.
const Platform = "slack"

// Core is what the adapter needs from the bot.
type Core interface {
	Handle(ctx context.Context, req bot.Request) bot.Reply
	Action(ctx context.Context, req bot.Request, action, value string) bot.Reply
	Submit(ctx context.Context, req bot.Request, sub bot.FormSubmission) bot.Reply
	Entry(ctx context.Context, t *bot.Tenant, id string) *knowledge.Entry
}

// Store is the persistence the adapter needs; *store.DB implements it.
type Store interface {
	EnsureTenant(ctx context.Context, platform, externalID, name string) (*bot.Tenant, error)
	Tenant(ctx context.Context, id int64) (*bot.Tenant, error)
	UpdateTenant(ctx context.Context, t *bot.Tenant) error
	// StoreDB reaches the adapter's own tables (store.go).
	StoreDB
	ClaimEventsThen(ctx context.Context, keys []string, ttl time.Duration, owner string, keep func(won map[string]bool) map[string]bool) (map[string]bool, error)
	EventClaimOwners(ctx context.Context, keys []string) (map[string]string, error)
}

// Config builds an Adapter. Core, Store and Logger are required; the rest
// depends on the mode: SigningSecret for HTTP, ClientID/ClientSecret/Keys/
// PublicURL for OAuth installs, a bot token for a single workspace.
type Config struct {
	Core          Core
	Store         Store
	Logger        *slog.Logger
	Keys          *secrets.KeyRing
	SigningSecret string
	ClientID      string
	ClientSecret  string
	// PublicURL is where Slack reaches this deployment, e.g.
	// https://waymark.example.org; the OAuth redirect is under it.
	PublicURL string
	// APIURL points the Slack clients elsewhere (tests); default Slack's.
	APIURL string
	// AuthorizeURL is Slack's consent page; default Slack's.
	AuthorizeURL string
	HTTPClient   *http.Client
	// Workers bounds how many events are worked on at once.
	Workers int
	// Queue bounds how many acknowledged events may wait for a worker.
	// When it is full, events are refused with 503 and Slack retries them
	// later. Default 1024 (about a second of work at 1,000 events/s).
	Queue int
	// Retry tunes delivery retries; zero values take the defaults.
	Retry RetryPolicy
	// Metrics, if set, counts events, replies and recovered panics.
	Metrics *obs.Metrics
}

// Adapter serves Slack. It is safe for concurrent use.
type Adapter struct {
	core         Core
	store        Store
	log          *slog.Logger
	keys         *secrets.KeyRing
	signing      string
	clientID     string
	clientSecret string
	publicURL    string
	apiURL       string
	authorizeURL string
	http         *http.Client
	retry        RetryPolicy
	metrics      *obs.Metrics
	claimErrors  adapterkit.Throttled // "dedupe slack event" lines

	// Acknowledged work waits in pool for one of a fixed set of workers.
	pool   *adapterkit.Pool
	claims *adapterkit.Claimer
	// installs are the adapter's own tables (store.go).
	installs Installs

	mu     sync.Mutex
	teams  map[string]*team // by team id
	static *team            // the single workspace of SLACK_BOT_TOKEN, if any
	admins map[string]adminEntry
}

// team is a workspace's live client; the token lives only inside client.
type team struct {
	id        string
	tenantID  int64
	botUserID string
	client    *slack.Client
	loadedAt  time.Time
}

type adminEntry struct {
	admin bool
	at    time.Time
}

const (
	// teamTTL bounds how long a replica keeps using a client after another
	// replica saw the workspace uninstall.
	teamTTL  = 10 * time.Minute
	adminTTL = 10 * time.Minute
	// dedupeTTL outlasts Slack's retry schedule (three retries within
	// about an hour and a half).
	dedupeTTL = 24 * time.Hour
	// maxBody is far above any real Slack payload.
	maxBody = 1 << 20
)

// New builds an Adapter.
func New(cfg Config) (*Adapter, error) {
	if cfg.Core == nil || cfg.Store == nil {
		return nil, errors.New("slack adapter: core and store are required")
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if cfg.APIURL == "" {
		cfg.APIURL = slack.APIURL
	}
	if cfg.AuthorizeURL == "" {
		cfg.AuthorizeURL = "https://slack.com/oauth/v2/authorize"
	}
	if cfg.HTTPClient == nil {
		cfg.HTTPClient = &http.Client{Timeout: 30 * time.Second}
	}
	log := cfg.Logger.With("adapter", "slack")
	pool := adapterkit.NewPool(adapterkit.PoolConfig{
		Platform: Platform, Workers: cfg.Workers, Queue: cfg.Queue,
		Logger: log, Metrics: cfg.Metrics, Owners: cfg.Store.EventClaimOwners,
	})
	claims := adapterkit.NewClaimer(Platform, cfg.Store.ClaimEventsThen, dedupeTTL, log, cfg.Metrics)
	claims.Run(pool.Context())
	a := &Adapter{
		core: cfg.Core, store: cfg.Store, log: log,
		keys: cfg.Keys, signing: cfg.SigningSecret,
		clientID: cfg.ClientID, clientSecret: cfg.ClientSecret, publicURL: cfg.PublicURL,
		apiURL: cfg.APIURL, authorizeURL: cfg.AuthorizeURL, http: cfg.HTTPClient,
		retry:   cfg.Retry.WithDefaults(),
		metrics: cfg.Metrics,
		pool:    pool, claims: claims, installs: InstallsOf(cfg.Store),
		teams:  map[string]*team{},
		admins: map[string]adminEntry{},
	}
	return a, nil
}

func (a *Adapter) newClient(token string, opts ...slack.Option) *slack.Client {
	return slack.New(token, append([]slack.Option{slack.OptionAPIURL(a.apiURL), slack.OptionHTTPClient(a.http)}, opts...)...)
}

// UseBotToken serves one workspace with a fixed bot token (SLACK_BOT_TOKEN),
// as Socket Mode does: it learns the workspace with auth.test and creates
// its tenant.
func (a *Adapter) UseBotToken(ctx context.Context, token string) (*bot.Tenant, error) {
	c := a.newClient(token)
	auth, err := c.AuthTestContext(ctx)
	if err != nil {
		return nil, fmt.Errorf("slack auth.test with the bot token: %w", err)
	}
	t, err := a.store.EnsureTenant(ctx, Platform, auth.TeamID, auth.Team)
	if err != nil {
		return nil, err
	}
	if !t.Active {
		t.Active = true
		if err := a.store.UpdateTenant(ctx, t); err != nil {
			return nil, err
		}
	}
	a.mu.Lock()
	a.static = &team{id: auth.TeamID, tenantID: t.ID, botUserID: auth.UserID, client: c}
	a.mu.Unlock()
	a.log.InfoContext(ctx, "serving one workspace with a bot token", "team", auth.TeamID, "tenant", t.ID)
	return t, nil
}

// errNotInstalled means events came from a workspace with no live install.
var errNotInstalled = errors.New("workspace not installed")

// teamFor returns the live client of a workspace, decrypting its token on
// first use and re-encrypting it under the newest key if it is stale.
func (a *Adapter) teamFor(ctx context.Context, teamID string) (*team, error) {
	a.mu.Lock()
	if a.static != nil && a.static.id == teamID {
		tm := a.static
		a.mu.Unlock()
		return tm, nil
	}
	tm, ok := a.teams[teamID]
	a.mu.Unlock()
	if ok && time.Since(tm.loadedAt) < teamTTL {
		return tm, nil
	}
	in, err := a.installs.ByTeam(ctx, teamID)
	if errors.Is(err, bot.ErrNotFound) {
		return nil, errNotInstalled
	}
	if err != nil {
		return nil, err
	}
	if in.BotTokenSealed == "" || in.RevokedAt.Valid {
		a.forget(teamID)
		return nil, errNotInstalled
	}
	if a.keys == nil {
		return nil, errors.New("no secret keys configured (WAYMARK_SECRET_KEYS) to open the workspace's token")
	}
	token, err := a.keys.Decrypt(in.BotTokenSealed, teamID)
	if err != nil {
		return nil, fmt.Errorf("open token of team %s: %w", teamID, err)
	}
	if a.keys.Stale(in.BotTokenSealed) {
		if sealed, err := a.keys.Encrypt(token, teamID); err == nil {
			if err := a.installs.Reseal(ctx, teamID, in.BotTokenSealed, sealed); err != nil {
				a.log.WarnContext(ctx, "re-encrypt token under the new key", "team", teamID, "err", err)
			}
		}
	}
	tm = &team{id: teamID, tenantID: in.TenantID, botUserID: in.BotUserID, client: a.newClient(token), loadedAt: time.Now()}
	a.mu.Lock()
	a.teams[teamID] = tm
	a.mu.Unlock()
	return tm, nil
}

func (a *Adapter) forget(teamID string) {
	a.mu.Lock()
	delete(a.teams, teamID)
	a.mu.Unlock()
}

// tenantFor resolves a workspace to its active tenant and client. The
// tenant row comes from the store, which caches it and drops it on every
// change, on this replica at once and on the others within a second (see
// store.TenantCacheConfig): the adapter keeps no copy of its own, so a
// settings change is never built from, or answered with, a stale row.
func (a *Adapter) tenantFor(ctx context.Context, teamID string) (*bot.Tenant, *team, error) {
	tm, err := a.teamFor(ctx, teamID)
	if err != nil {
		return nil, nil, err
	}
	t, err := a.store.Tenant(ctx, tm.tenantID)
	if err != nil {
		return nil, nil, err
	}
	if !t.Active {
		return nil, nil, errNotInstalled
	}
	return t, tm, nil
}

// isAdmin asks Slack whether a user is a workspace admin or owner, cached
// because users.info is rate limited and admins change rarely.
func (a *Adapter) isAdmin(ctx context.Context, tm *team, userID string) bool {
	key := tm.id + "/" + userID
	a.mu.Lock()
	e, ok := a.admins[key]
	a.mu.Unlock()
	if ok && time.Since(e.at) < adminTTL {
		return e.admin
	}
	u, err := tm.client.GetUserInfoContext(ctx, userID)
	if err != nil {
		a.log.WarnContext(ctx, "look up user's admin flag", "team", tm.id, "err", err)
		return false
	}
	admin := u.IsAdmin || u.IsOwner || u.IsPrimaryOwner
	a.mu.Lock()
	if len(a.admins) > 100_000 {
		a.admins = map[string]adminEntry{} // a crude bound; it only costs lookups
	}
	a.admins[key] = adminEntry{admin: admin, at: time.Now()}
	a.mu.Unlock()
	return admin
}

// applies is the jurisdictions of the entry a reply answers from.
func (a *Adapter) applies(ctx context.Context, t *bot.Tenant, r bot.Reply) []string {
	return adapterkit.Applies(ctx, a.core, t, r)
}

// Close stops taking work and lets the queue drain, up to ctx's deadline;
// then it cancels what is running and drops (logging each) what is left.
func (a *Adapter) Close(ctx context.Context) error { return a.pool.Close(ctx) }
