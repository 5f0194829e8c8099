// Package discord is Waymark's Discord adapter: the HTTP interactions
// endpoint for the /waymark application command, its buttons, modals and
// autocomplete; a gateway session for @mentions, DMs and servers adding or
// removing the app; and delivery of the messages Waymark starts itself.
// It verifies, deduplicates, acknowledges and translates; the core (package
// bot) decides what to say. It talks to Discord only through discordgo.
package discord

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/gorilla/websocket"
	"github.com/jmoiron/sqlx"

	"github.com/waymark-org/waymark/bot"
	"github.com/waymark-org/waymark/internal/adapterkit"
	"github.com/waymark-org/waymark/internal/obs"
	"github.com/waymark-org/waymark/internal/store"
	"github.com/waymark-org/waymark/knowledge"
	"github.com/waymark-org/waymark/safety"
)

// Platform is the tenants.platform value of Discord servers (guilds).
const Platform = "discord"

// Core is what the adapter needs from the bot.
type Core interface {
	Handle(ctx context.Context, req bot.Request) bot.Reply
	Action(ctx context.Context, req bot.Request, action, value string) bot.Reply
	Submit(ctx context.Context, req bot.Request, sub bot.FormSubmission) bot.Reply
	Entry(ctx context.Context, t *bot.Tenant, id string) *knowledge.Entry
	Entries(ctx context.Context, t *bot.Tenant) []*knowledge.Entry
	Screen(text string) safety.Verdict
}

// Store is the persistence the adapter needs; *store.DB implements it.
type Store interface {
	EnsureTenant(ctx context.Context, platform, externalID, name string) (*bot.Tenant, error)
	Tenant(ctx context.Context, id int64) (*bot.Tenant, error)
	UpdateTenant(ctx context.Context, t *bot.Tenant) error
	ClaimEventsThen(ctx context.Context, keys []string, ttl time.Duration, owner string, keep func(won map[string]bool) map[string]bool) (map[string]bool, error)
	EventClaimOwners(ctx context.Context, keys []string) (map[string]string, error)
	// X is the database handle the adapter's own tables are reached
	// through (see store.go).
	X() *sqlx.DB
	// OnForget adds the adapter's part of forget-me.
	OnForget(h store.ForgetHook)
}

// Config builds an Adapter. Core, Store, ApplicationID, PublicKey and
// BotToken are required.
type Config struct {
	Core          Core
	Store         Store
	Logger        *slog.Logger
	ApplicationID string
	PublicKey     ed25519.PublicKey
	BotToken      string
	// HTTPClient carries every REST call; tests give it a transport that
	// reaches a fake Discord. Default: 30 s timeout.
	HTTPClient *http.Client
	// Dialer opens the gateway websocket (tests: one that reaches the
	// fake). Default: gorilla's.
	Dialer *websocket.Dialer
	// AnswerBudget is how long an interaction waits for the core before
	// it is deferred (type 5) and answered by a follow-up. Discord allows
	// 3 s for the first response, but the target is a p99 under 100 ms:
	// default DefaultAnswerBudget.
	AnswerBudget time.Duration
	Workers      int
	Queue        int
	Retry        adapterkit.RetryPolicy
	Metrics      *obs.Metrics
	// Shards is how many gateway shards the application uses; 0 asks
	// Discord (GET /gateway/bot), which recommends one per 1,000 servers.
	Shards int
	// LeaseTTL is how long a shard's lease lasts unrenewed: how long a
	// dead replica's shards go unserved, at most (default 20 s).
	LeaseTTL time.Duration
	// GatewayRetry paces reconnection while Discord cannot be reached
	// (default 1 s doubling to 2 minutes).
	GatewayRetry adapterkit.RetryPolicy
	// Now is the clock for signature freshness (tests); default time.Now.
	Now func() time.Time
}

// Adapter serves Discord. It is safe for concurrent use.
type Adapter struct {
	core    Core
	store   Store
	log     *slog.Logger
	appID   string
	key     ed25519.PublicKey
	session *discordgo.Session
	budget  time.Duration
	retry   adapterkit.RetryPolicy
	metrics *obs.Metrics
	now     func() time.Time
	token   string

	shards       int
	leaseTTL     time.Duration
	gatewayRetry adapterkit.RetryPolicy
	// holder names this replica in the shard leases.
	holder string

	pool        *adapterkit.Pool
	claims      *adapterkit.Claimer
	claimErrors adapterkit.Throttled

	// Follow-ups of deferred answers are sent beside the pool, not on
	// its workers (see sendLater): at most cap(sendSlots) at once.
	sendSlots   chan struct{}
	sending     sync.WaitGroup
	sendCtx     context.Context
	stopSending context.CancelFunc

	// tables are the adapter's own (store.go).
	tables tables

	mu sync.Mutex
	// lastGuild is the server each person last used Waymark in, so a DM
	// (which belongs to no server) is answered for their group. It is
	// also kept in discord_dm_guilds, so it outlives a restart and is
	// the same on every replica; this copy spares a query per event.
	lastGuild map[string]dmGuild
	// guilds maps a guild id to its tenant id; the tenant row itself
	// comes from the store's cache, which is kept fresh across replicas.
	guilds    map[string]int64
	botUserID string
}

// DefaultAnswerBudget is how long an interaction waits for its answer
// before it is deferred. An answer takes a few milliseconds on a quiet
// machine, so it is nearly always in the response; when the machine is
// busy, answers wait for a worker, and waiting for them (up to 2 s, as
// this once did) made the initial response wait too: measured at 500/s
// on the shared two-core machine (load average 11), p99 564 ms with 2 s
// against 86 ms with 50 ms, the 6% deferred all followed up.
const DefaultAnswerBudget = 50 * time.Millisecond

// dedupeTTL outlasts any replay window: Discord never resends an
// interaction, and a signature older than maxSkew is refused anyway.
const dedupeTTL = 24 * time.Hour

// New builds an Adapter.
func New(cfg Config) (*Adapter, error) {
	var missing []string
	if cfg.Core == nil || cfg.Store == nil {
		return nil, errors.New("discord adapter: core and store are required")
	}
	if cfg.ApplicationID == "" {
		missing = append(missing, "application id")
	}
	if len(cfg.PublicKey) != ed25519.PublicKeySize {
		missing = append(missing, "public key")
	}
	if cfg.BotToken == "" {
		missing = append(missing, "bot token")
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("discord adapter: missing %v", missing)
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if cfg.AnswerBudget <= 0 {
		cfg.AnswerBudget = DefaultAnswerBudget
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.LeaseTTL <= 0 {
		cfg.LeaseTTL = 20 * time.Second
	}
	if cfg.GatewayRetry.Base <= 0 {
		cfg.GatewayRetry.Base = time.Second
	}
	if cfg.GatewayRetry.Max <= 0 {
		cfg.GatewayRetry.Max = 2 * time.Minute
	}
	s, err := discordgo.New("Bot " + cfg.BotToken)
	if err != nil {
		return nil, fmt.Errorf("discord session: %w", err)
	}
	if cfg.HTTPClient != nil {
		s.Client = cfg.HTTPClient
	} else {
		s.Client = &http.Client{Timeout: 30 * time.Second}
	}
	if cfg.Dialer != nil {
		s.Dialer = cfg.Dialer
	}
	// Mentions and DMs carry their text without the privileged message
	// content intent, and server members arrive with interactions: only
	// these three are asked for.
	s.Identify.Intents = Intents
	s.StateEnabled = true
	log := cfg.Logger.With("adapter", Platform)
	pool := adapterkit.NewPool(adapterkit.PoolConfig{
		Platform: Platform, Workers: cfg.Workers, Queue: cfg.Queue,
		Logger: log, Metrics: cfg.Metrics, Owners: cfg.Store.EventClaimOwners,
	})
	claims := adapterkit.NewClaimer(Platform, cfg.Store.ClaimEventsThen, dedupeTTL, log, cfg.Metrics)
	claims.Run(pool.Context())
	sendCtx, stopSending := context.WithCancel(context.Background())
	a := &Adapter{
		sendSlots: make(chan struct{}, followUpsInFlight), sendCtx: sendCtx, stopSending: stopSending,
		core: cfg.Core, store: cfg.Store, log: log,
		appID: cfg.ApplicationID, key: cfg.PublicKey, session: s,
		budget: cfg.AnswerBudget, retry: cfg.Retry.WithDefaults(), metrics: cfg.Metrics, now: cfg.Now,
		token: cfg.BotToken, shards: cfg.Shards, leaseTTL: cfg.LeaseTTL, gatewayRetry: cfg.GatewayRetry.WithDefaults(),
		holder: newHolder(),
		pool:   pool, claims: claims, tables: tables{x: cfg.Store.X()},
		lastGuild: map[string]dmGuild{}, guilds: map[string]int64{},
	}
	cfg.Store.OnForget(a.forget)
	return a, nil
}

// Intents are the gateway intents Waymark asks for.
const Intents = discordgo.IntentsGuilds | discordgo.IntentsGuildMessages | discordgo.IntentsDirectMessages

// followUpsInFlight bounds the follow-ups being sent at once; past it,
// a worker with a follow-up to send waits for room, which slows the
// pool rather than letting waiting follow-ups pile up without bound.
const followUpsInFlight = 256

// sendLater sends a deferred answer's follow-up beside the pool. It is a
// round trip to Discord, mostly waiting, and a worker held for it cannot
// answer: when follow-ups ran on the workers, workers waiting on Discord
// filled the queue and new interactions were refused.
func (a *Adapter) sendLater(send func(ctx context.Context)) {
	a.sendSlots <- struct{}{}
	a.sending.Add(1)
	go func() {
		defer func() { <-a.sendSlots; a.sending.Done() }()
		ctx, cancel := context.WithTimeout(a.sendCtx, 5*time.Minute)
		defer cancel()
		defer obs.Recover(ctx, a.log, a.metrics, Platform+"_followup", func(error) {
			a.metrics.Event(Platform, obs.EventFailed)
		})
		send(ctx)
	}()
}

// Close stops taking work and lets the queue and the follow-ups being
// sent finish, up to ctx's deadline.
func (a *Adapter) Close(ctx context.Context) error {
	err := a.pool.Close(ctx)
	done := make(chan struct{})
	go func() { a.sending.Wait(); close(done) }()
	defer a.stopSending()
	select {
	case <-done:
		return err
	case <-ctx.Done():
	}
	a.stopSending()
	// Cancelled sends return promptly; one stuck regardless is abandoned
	// rather than holding up exit, as the pool does with its workers.
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		a.log.Error("discord follow-ups still being sent after shutdown; abandoning them")
	}
	return errors.Join(err, fmt.Errorf("discord adapter: follow-ups still being sent at shutdown: %w", ctx.Err()))
}

// errRemoved means a server removed Waymark (its tenant is inactive).
var errRemoved = errors.New("waymark was removed from this server")

// tenantFor is the active tenant of a guild, created on first sight (an
// interaction can arrive before the gateway's GUILD_CREATE).
func (a *Adapter) tenantFor(ctx context.Context, guildID string) (*bot.Tenant, error) {
	if guildID == "" {
		return nil, errNoGuild
	}
	a.mu.Lock()
	id, ok := a.guilds[guildID]
	a.mu.Unlock()
	var t *bot.Tenant
	var err error
	if ok {
		t, err = a.store.Tenant(ctx, id)
	}
	if !ok || errors.Is(err, bot.ErrNotFound) {
		// Unknown here, or deleted since (the retention sweep).
		t, err = a.store.EnsureTenant(ctx, Platform, guildID, "")
	}
	if err != nil {
		return nil, err
	}
	a.mu.Lock()
	if len(a.guilds) > 1_000_000 {
		a.guilds = map[string]int64{}
	}
	a.guilds[guildID] = t.ID
	a.mu.Unlock()
	if !t.Active {
		return nil, errRemoved
	}
	return t, nil
}

// errNoGuild means a DM from someone who has not used Waymark in a server
// yet: there is no group to answer for.
var errNoGuild = errors.New("no server to answer for")

// remember notes the server a person last used Waymark in, for their
// DMs. It is written through only when it changes, so a person who keeps
// to one server costs one write per process, not one per event.
func (a *Adapter) remember(ctx context.Context, userID string, t *bot.Tenant) {
	if userID == "" || t == nil || t.ExternalID == "" {
		return
	}
	a.mu.Lock()
	known, ok := a.lastGuild[userID]
	a.mu.Unlock()
	if ok && known.tenantID == t.ID {
		return
	}
	g := dmGuild{tenantID: t.ID, guildID: t.ExternalID, at: now()}
	if err := a.tables.saveDMGuilds(ctx, map[string]dmGuild{userID: g}); err != nil {
		// Only their DMs after a restart are affected; not worth failing
		// the answer for.
		a.log.WarnContext(ctx, "remember a person's server for DMs", "guild", t.ExternalID, "err", err)
		return
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	if len(a.lastGuild) > 100_000 {
		a.lastGuild = map[string]dmGuild{} // a crude bound; it only costs a query
	}
	a.lastGuild[userID] = g
}

// guildOf is the server a person last used Waymark in: remembered here,
// or recorded by this or another replica before.
func (a *Adapter) guildOf(ctx context.Context, userID string) string {
	a.mu.Lock()
	g, ok := a.lastGuild[userID]
	a.mu.Unlock()
	if ok {
		return g.guildID
	}
	id, err := a.tables.lastGuild(ctx, userID)
	if err != nil {
		a.log.WarnContext(ctx, "look up a person's server for a DM", "err", err)
	}
	return id
}

// forget is the adapter's part of forget-me, run in the store's
// transaction: where the person used Waymark in this server is deleted,
// here and in the database.
func (a *Adapter) forget(ctx context.Context, tx *sqlx.Tx, tenantID int64, userID string) error {
	a.mu.Lock()
	if g, ok := a.lastGuild[userID]; ok && g.tenantID == tenantID {
		delete(a.lastGuild, userID)
	}
	a.mu.Unlock()
	return forget(ctx, tx, tenantID, userID)
}

// moderator reports whether a member may moderate: Discord's Manage
// Server (or Administrator) permission; the core adds anyone listed with
// `settings moderators add`.
func moderator(perms int64) bool {
	return perms&(discordgo.PermissionManageServer|discordgo.PermissionAdministrator) != 0
}

func (a *Adapter) applies(ctx context.Context, t *bot.Tenant, r bot.Reply) []string {
	return adapterkit.Applies(ctx, a.core, t, r)
}

// setActive marks a server's tenant active (added) or not (removed), and
// keeps its name current. UpdateTenant saves only over the version read,
// so a settings change made meanwhile is read again, never undone.
func (a *Adapter) setActive(ctx context.Context, id int64, active bool, name string) error {
	for range 5 {
		t, err := a.store.Tenant(ctx, id)
		if err != nil {
			return err
		}
		if t.Active == active && (name == "" || t.Name == name) {
			return nil
		}
		t.Active = active
		if name != "" {
			t.Name = name
		}
		err = a.store.UpdateTenant(ctx, t)
		if !errors.Is(err, bot.ErrConflict) {
			return err
		}
	}
	return fmt.Errorf("tenant %d kept changing: %w", id, bot.ErrConflict)
}

// newHolder names a replica in the shard leases: random, so a restarted
// process is a new holder and never mistakes an old lease for its own.
func newHolder() string {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// Holder is this replica's name in the shard leases (logs, tests).
func (a *Adapter) Holder() string { return a.holder }
