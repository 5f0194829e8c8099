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

	"github.com/prometheus/client_golang/prometheus"
	"github.com/slack-go/slack"

	"github.com/waymark-org/waymark/bot"
	"github.com/waymark-org/waymark/internal/obs"
	"github.com/waymark-org/waymark/internal/secrets"
	"github.com/waymark-org/waymark/internal/store"
	"github.com/waymark-org/waymark/knowledge"
)

// Platform is the tenants.platform value of Slack workspaces.
const Platform = "slack"

// Core is what the adapter needs from the bot.
type Core interface {
	Handle(ctx context.Context, req bot.Request) bot.Reply
	Action(ctx context.Context, req bot.Request, action, value string) bot.Reply
	Entry(ctx context.Context, t *bot.Tenant, id string) *knowledge.Entry
}

// Store is the persistence the adapter needs; *store.DB implements it.
type Store interface {
	EnsureTenant(ctx context.Context, platform, externalID, name string) (*bot.Tenant, error)
	Tenant(ctx context.Context, id int64) (*bot.Tenant, error)
	UpdateTenant(ctx context.Context, t *bot.Tenant) error
	SaveSlackInstallation(ctx context.Context, in store.SlackInstallation) error
	SlackInstallationByTeam(ctx context.Context, teamID string) (*store.SlackInstallation, error)
	ResealSlackToken(ctx context.Context, teamID, old, sealed string) error
	RevokeSlackInstallation(ctx context.Context, teamID string, at time.Time) (bool, error)
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
	claimErrors  throttled // "dedupe slack event" lines

	// Acknowledged work waits in queue for one of a fixed set of workers.
	// A slot in slots is reserved before an event is acknowledged and
	// freed when a worker takes the task, so a task never waits to be
	// queued and the queue never holds more than its capacity.
	queue   chan task
	slots   chan struct{}
	workers sync.WaitGroup
	baseCtx context.Context
	stop    context.CancelFunc
	claims  *claimer

	mu        sync.Mutex
	unsettled []unsettled      // claims whose commit may or may not have happened
	teams     map[string]*team // by team id
	static    *team            // the single workspace of SLACK_BOT_TOKEN, if any
	admins    map[string]adminEntry
	closing   bool
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
	if cfg.Workers <= 0 {
		// Measured: 16 keeps acknowledgements fast under 1,000 events/s on two
		// cores; 64 let reply work crowd them out (p99 76-88 ms against 30-59 ms).
		cfg.Workers = 16
	}
	if cfg.Queue <= 0 {
		cfg.Queue = 1024
	}
	ctx, stop := context.WithCancel(context.Background())
	log := cfg.Logger.With("adapter", "slack")
	claims := newClaimer(cfg.Store.ClaimEventsThen, dedupeTTL, log, cfg.Metrics)
	claims.run(ctx)
	a := &Adapter{
		core: cfg.Core, store: cfg.Store, log: log,
		keys: cfg.Keys, signing: cfg.SigningSecret,
		clientID: cfg.ClientID, clientSecret: cfg.ClientSecret, publicURL: cfg.PublicURL,
		apiURL: cfg.APIURL, authorizeURL: cfg.AuthorizeURL, http: cfg.HTTPClient,
		retry:   cfg.Retry.withDefaults(),
		metrics: cfg.Metrics,
		queue:   make(chan task, cfg.Queue),
		slots:   make(chan struct{}, cfg.Queue),
		baseCtx: ctx, stop: stop, claims: claims,
		teams:  map[string]*team{},
		admins: map[string]adminEntry{},
	}
	for range cfg.Workers {
		a.workers.Add(1)
		go a.work()
	}
	go a.settleLoop()
	// Registering twice (a second adapter on one registry) is not an
	// error worth failing for: the first adapter's gauge stays.
	_ = cfg.Metrics.Registry().Register(prometheus.NewGaugeFunc(prometheus.GaugeOpts{
		Name:        "waymark_queue_depth",
		Help:        "Acknowledged events waiting for a worker.",
		ConstLabels: prometheus.Labels{"platform": Platform},
	}, func() float64 { return float64(len(a.slots)) }))
	_ = cfg.Metrics.Registry().Register(prometheus.NewGaugeFunc(prometheus.GaugeOpts{
		Name:        "waymark_queue_capacity",
		Help:        "How many acknowledged events may wait before new ones are refused with 503.",
		ConstLabels: prometheus.Labels{"platform": Platform},
	}, func() float64 { return float64(cap(a.slots)) }))
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
	in, err := a.store.SlackInstallationByTeam(ctx, teamID)
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
			if err := a.store.ResealSlackToken(ctx, teamID, in.BotTokenSealed, sealed); err != nil {
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
	if r.EntryID == "" || r.Kind != bot.KindAnswer {
		return nil
	}
	if e := a.core.Entry(ctx, t, r.EntryID); e != nil {
		return e.Jurisdictions
	}
	return nil
}

// task is acknowledged work: what it is and which workspace, for the
// logs if it fails or is dropped (never the message), and the work.
type task struct {
	what, team string
	run        func(ctx context.Context)
}

// reserve takes a place in the queue for work about to be acknowledged;
// false when the queue is full (or closing), and the caller must refuse
// the request so the platform retries it. A reservation is handed back
// with release, or used by enqueue.
func (a *Adapter) reserve() bool {
	a.mu.Lock()
	closing := a.closing
	a.mu.Unlock()
	if closing {
		return false
	}
	select {
	case a.slots <- struct{}{}:
		return true
	default:
		return false
	}
}

// reserveWait is reserve that waits for room, for Socket Mode, where the
// envelope is acknowledged only once it has a place.
func (a *Adapter) reserveWait(ctx context.Context) bool {
	if a.reserve() {
		return true
	}
	t := time.NewTicker(10 * time.Millisecond)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return false
		case <-a.baseCtx.Done():
			return false
		case <-t.C:
			if a.reserve() {
				return true
			}
			a.mu.Lock()
			closing := a.closing
			a.mu.Unlock()
			if closing {
				return false
			}
		}
	}
}

func (a *Adapter) release() { <-a.slots }

// enqueue queues reserved work; it never blocks.
func (a *Adapter) enqueue(t task) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.closing {
		a.release()
		a.drop(t)
		return
	}
	a.queue <- t
}

// work is one worker: it runs queued tasks until the queue is closed.
func (a *Adapter) work() {
	defer a.workers.Done()
	for t := range a.queue {
		a.release()
		if a.baseCtx.Err() != nil {
			a.drop(t)
			continue
		}
		a.runTask(t)
	}
}

// runTask runs one task, recovering a panic: it is logged with its stack
// and counted, and the worker goes on to the next task.
func (a *Adapter) runTask(t task) {
	ctx, cancel := context.WithTimeout(a.baseCtx, 5*time.Minute)
	defer cancel()
	defer obs.Recover(ctx, a.log.With("work", t.what, "team", t.team), a.metrics, "slack_worker", func(error) {
		a.metrics.Event(Platform, obs.EventFailed)
	})
	t.run(ctx)
}

// drop logs acknowledged work that will not be done (shutdown ran out of
// time), so that nothing acknowledged is lost without a trace.
func (a *Adapter) drop(t task) {
	a.metrics.Event(Platform, obs.EventDropped)
	a.log.Error("acknowledged slack work dropped at shutdown", "work", t.what, "team", t.team)
}

// unsettled is an acknowledged-or-not event whose claim's commit was cut
// off: it holds its queue reservation until the database says whether the
// claim stands.
type unsettled struct {
	key, owner string
	t          task
	since      time.Time
}

// settleLater keeps reserved work whose claim is uncertain (see
// uncertainClaim) until the database can say who holds the claim.
func (a *Adapter) settleLater(u *uncertainClaim, t task) {
	a.mu.Lock()
	a.unsettled = append(a.unsettled, unsettled{key: u.key, owner: u.owner, t: t, since: time.Now()})
	a.mu.Unlock()
}

// settleTimeout is how long an uncertain claim is kept waiting for the
// database before its event is given up (and logged as dropped).
const settleTimeout = 10 * time.Minute

func (a *Adapter) settleLoop() {
	t := time.NewTicker(500 * time.Millisecond)
	defer t.Stop()
	for {
		select {
		case <-a.baseCtx.Done():
			return
		case <-t.C:
			a.settle(a.baseCtx)
		}
	}
}

// settle asks the database who holds each uncertain claim. A claim that
// stands with our owner is ours: its event was refused with 503, so Slack's
// retries are taken for duplicates, and it is answered here. Otherwise the
// claim never happened and Slack's retry will claim it.
func (a *Adapter) settle(ctx context.Context) {
	a.mu.Lock()
	pending := a.unsettled
	a.unsettled = nil
	a.mu.Unlock()
	if len(pending) == 0 {
		return
	}
	keys := make([]string, len(pending))
	for i, u := range pending {
		keys[i] = u.key
	}
	qctx, cancel := context.WithTimeout(ctx, claimTimeout)
	owners, err := a.store.EventClaimOwners(qctx, keys)
	cancel()
	var keep []unsettled
	for _, u := range pending {
		switch {
		case err != nil && time.Since(u.since) < settleTimeout:
			keep = append(keep, u)
		case err != nil:
			a.release()
			a.drop(u.t)
		case owners[u.key] == u.owner:
			a.log.InfoContext(ctx, "an uncertain event claim stood; answering it", "work", u.t.what, "team", u.t.team)
			a.metrics.Event(Platform, obs.EventAccepted)
			a.enqueue(u.t)
		default:
			a.release()
		}
	}
	if len(keep) > 0 {
		a.mu.Lock()
		a.unsettled = append(a.unsettled, keep...)
		a.mu.Unlock()
	}
}

// Close stops taking work and lets the queue drain, up to ctx's deadline;
// then it cancels what is running and drops (logging each) what is left.
func (a *Adapter) Close(ctx context.Context) error {
	a.mu.Lock()
	if !a.closing {
		a.closing = true
		close(a.queue)
	}
	left := a.unsettled
	a.unsettled = nil
	a.mu.Unlock()
	for _, u := range left {
		a.release()
		a.drop(u.t)
	}
	done := make(chan struct{})
	go func() { a.workers.Wait(); close(done) }()
	defer a.stop()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
	}
	a.stop()
	// Cancelled work returns promptly (every wait honours its context);
	// a worker stuck regardless is abandoned rather than holding up exit.
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		a.log.Error("slack workers still busy after shutdown; abandoning them")
	}
	return fmt.Errorf("slack adapter: work still running at shutdown: %w", ctx.Err())
}
