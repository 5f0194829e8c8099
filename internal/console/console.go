// Package console is the moderators' console: server-rendered pages where a
// group's (or the network's) moderators keep knowledge entries right and
// current. `waymark serve` mounts it at /console; `waymark console` serves
// it on this computer.
//
// Moderators sign in without passwords: a single-use link, valid for ten
// minutes, sent privately in chat (or printed by `waymark console`),
// becomes an HttpOnly, Secure, SameSite=Strict session cookie. Only
// SHA-256 hashes of link and session tokens are stored, and neither is
// ever logged. Every form carries a CSRF token derived from the session.
package console

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"embed"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/waymark-org/waymark/bot"
	"github.com/waymark-org/waymark/internal/store"
)

// LinkTTL is how long a sign-in link stays valid.
const LinkTTL = 10 * time.Minute

// Link rate limit: at most LinksPerWindow links per moderator per
// LinkWindow, so a leaked chat session cannot mint links without bound.
const (
	LinksPerWindow = 5
	LinkWindow     = 10 * time.Minute
)

// ErrRateLimited is returned by SignInLink when a moderator asked for too
// many links recently.
var ErrRateLimited = errors.New("too many sign-in links asked for; wait a few minutes")

// Store is what the console needs from the database.
type Store interface {
	bot.EntryVersions
	Tenant(ctx context.Context, id int64) (*bot.Tenant, error)
	TenantEntries(ctx context.Context, tenantID int64) ([]bot.TenantEntry, error)
	RecentEntryVersions(ctx context.Context, tenantID int64, limit int) ([]bot.EntryVersion, error)
	DraftEntries(ctx context.Context, s bot.EntryScope) ([]bot.EntryVersion, error)
	UnansweredQuestions(ctx context.Context, tenantID int64, limit int) ([]bot.Unanswered, error)
	DeleteUnanswered(ctx context.Context, tenantID int64, questions []string) error
	SaveEntryVersions(ctx context.Context, vs []bot.NewEntryVersion) error
	Feedback(ctx context.Context, tenantID int64) ([]store.EntryFeedback, error)

	CreateConsoleLink(ctx context.Context, l store.ConsoleLink) error
	CountConsoleLinks(ctx context.Context, tenantID int64, userID string, since time.Time) (int, error)
	RedeemConsoleLink(ctx context.Context, tokenHash string, at time.Time) (store.ConsoleLink, error)
	CreateConsoleSession(ctx context.Context, s store.ConsoleSession, at time.Time) error
	ConsoleSessionByHash(ctx context.Context, tokenHash string, at time.Time) (store.ConsoleSession, error)
	DeleteConsoleSession(ctx context.Context, tokenHash string) error
}

// Core is what the console needs from the bot: the entries a group is
// answered from, by layer, and the shared revert and review steps.
type Core interface {
	LayeredEntries(ctx context.Context, t *bot.Tenant) []bot.LayeredEntry
	RevertEntry(ctx context.Context, s bot.EntryScope, entryID string, version int, by string, pending bool) (bot.EntryVersion, error)
	DecideEntry(ctx context.Context, s bot.EntryScope, entryID string, version int, by string, approve bool) (bot.EntryVersion, error)
	ReviewEntry(ctx context.Context, s bot.EntryScope, entryID, by string) (bot.EntryVersion, error)
}

// NetworkModerators answers whether the database names someone a network
// moderator (`waymark moderators add`). *store.DB implements it.
type NetworkModerators interface {
	IsNetworkModerator(ctx context.Context, userID string) (bool, error)
}

// Config builds a Console.
type Config struct {
	Store Store
	Core  Core
	// BaseURL is the public origin links point to, e.g.
	// https://waymark.example.org or http://127.0.0.1:8090.
	BaseURL string
	// Prefix is where the console is mounted; default /console.
	Prefix string
	// NetworkModerators are platform user ids who may edit the network
	// layer (WAYMARK_NETWORK_MODERATORS).
	NetworkModerators []string
	// NetworkModeratorStore names more network moderators, kept in the
	// database (`waymark moderators add`); nil means only those in
	// NetworkModerators. It is asked on every request, so taking someone
	// off it ends their network sessions at once.
	NetworkModeratorStore NetworkModerators
	// SessionTTL is how long a sign-in lasts; default 8 hours.
	SessionTTL time.Duration
	Logger     *slog.Logger
	Now        func() time.Time
}

// Console serves the moderators' console. It is safe for concurrent use.
type Console struct {
	cfg   Config
	log   *slog.Logger
	now   func() time.Time
	pages *pages
	mux   *http.ServeMux
}

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// New builds a console.
func New(cfg Config) (*Console, error) {
	if cfg.Store == nil || cfg.Core == nil {
		return nil, errors.New("console: a store and a core are required")
	}
	if cfg.Prefix == "" {
		cfg.Prefix = "/console"
	}
	cfg.Prefix = "/" + strings.Trim(cfg.Prefix, "/")
	cfg.BaseURL = strings.TrimRight(cfg.BaseURL, "/")
	if cfg.SessionTTL <= 0 {
		cfg.SessionTTL = 8 * time.Hour
	}
	c := &Console{cfg: cfg, log: cfg.Logger, now: cfg.Now}
	if c.log == nil {
		c.log = slog.Default()
	}
	if c.now == nil {
		c.now = time.Now
	}
	var err error
	if c.pages, err = loadPages(); err != nil {
		return nil, err
	}
	c.routes()
	return c, nil
}

// Handler serves every path under the prefix.
func (c *Console) Handler() http.Handler { return c.mux }

// Prefix is where the console is mounted.
func (c *Console) Prefix() string { return c.cfg.Prefix }

func (c *Console) routes() {
	p := c.cfg.Prefix
	m := http.NewServeMux()
	static, err := fs.Sub(staticFS, "static")
	if err != nil {
		panic(err) // embedded at build time: cannot happen
	}
	m.Handle("GET "+p+"/static/", http.StripPrefix(p+"/static/", http.FileServerFS(static)))
	m.HandleFunc("GET "+p+"/signin", c.signinPage)
	m.HandleFunc("POST "+p+"/signin", c.signin)
	m.Handle("POST "+p+"/signout", c.auth(c.signout))
	m.Handle("GET "+p+"/{$}", c.auth(c.today))
	m.Handle("GET "+p+"/entries", c.auth(c.entries))
	m.Handle("GET "+p+"/edit", c.auth(c.editPage))
	m.Handle("POST "+p+"/edit", c.auth(c.editSave))
	m.Handle("POST "+p+"/preview", c.auth(c.preview))
	m.Handle("POST "+p+"/review", c.auth(c.review))
	m.Handle("GET "+p+"/history", c.auth(c.history))
	m.Handle("POST "+p+"/revert", c.auth(c.revert))
	m.Handle("POST "+p+"/decide", c.auth(c.decide))
	m.Handle("GET "+p+"/gaps", c.auth(c.gaps))
	m.Handle("POST "+p+"/gaps/answered", c.auth(c.gapAnswered))
	m.Handle("GET "+p+"/transfer", c.auth(c.transferPage))
	m.Handle("GET "+p+"/export", c.auth(c.export))
	m.Handle("POST "+p+"/import", c.auth(c.importZip))
	m.HandleFunc(p, func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, p+"/", http.StatusSeeOther) })
	c.mux = m
}

// newToken is 256 random bits, URL-safe.
func newToken() (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("random token: %w", err)
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

// hashToken is what the database keeps of a token.
func hashToken(tok string) string {
	sum := sha256.Sum256([]byte(tok))
	return hex.EncodeToString(sum[:])
}

// csrfToken is bound to the session: an HMAC of a fixed label under the
// session's own secret token. Another site can neither read it nor
// compute it, and nothing more needs storing.
func csrfToken(sessionToken string) string {
	m := hmac.New(sha256.New, []byte(sessionToken))
	m.Write([]byte("waymark console csrf"))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// IsNetworkModerator reports whether a user may edit the network layer:
// named in configuration or in the database. If the database cannot say,
// the answer is no (the error is logged): a moderator who loses the
// network layer for a moment (and asks for a new link) is better than a
// removed one who keeps it.
func (c *Console) IsNetworkModerator(ctx context.Context, userID string) bool {
	if userID == "" {
		return false
	}
	if slices.Contains(c.cfg.NetworkModerators, userID) {
		return true
	}
	if c.cfg.NetworkModeratorStore == nil {
		return false
	}
	ok, err := c.cfg.NetworkModeratorStore.IsNetworkModerator(ctx, userID)
	if err != nil {
		c.log.ErrorContext(ctx, "console: cannot check the network moderators; treating as not one", "err", err)
		return false
	}
	return ok
}

// SignInLink makes a single-use sign-in link for a moderator of t, leading
// to next (a path under the console, or "" for its first page). via is how
// they qualified, kept with the link and the session it becomes, so auth
// can check it again. A network moderator may edit the network layer too.
// It implements bot.ConsoleLinker.
func (c *Console) SignInLink(ctx context.Context, t *bot.Tenant, userID string, via bot.ModeratorVia, next string) (string, error) {
	if t == nil || userID == "" {
		return "", errors.New("console link: no group or user")
	}
	switch via {
	case bot.ViaPlatform, bot.ViaSettings, bot.ViaLocal:
	default:
		return "", fmt.Errorf("console link: unknown moderator qualification %q", via)
	}
	now := c.now()
	n, err := c.cfg.Store.CountConsoleLinks(ctx, t.ID, userID, now.Add(-LinkWindow))
	if err != nil {
		return "", err
	}
	if n >= LinksPerWindow {
		return "", ErrRateLimited
	}
	tok, err := newToken()
	if err != nil {
		return "", err
	}
	if !strings.HasPrefix(next, c.cfg.Prefix+"/") {
		next = ""
	}
	err = c.cfg.Store.CreateConsoleLink(ctx, store.ConsoleLink{
		TokenHash: hashToken(tok), TenantID: t.ID, UserID: userID, Via: via, Network: c.IsNetworkModerator(ctx, userID),
		NextPath: next, CreatedAt: now, ExpiresAt: now.Add(LinkTTL),
	})
	if err != nil {
		return "", err
	}
	return c.cfg.BaseURL + c.cfg.Prefix + "/signin?t=" + url.QueryEscape(tok), nil
}

const cookieName = "waymark_console"

// session is the signed-in moderator of a request.
type session struct {
	tenant  *bot.Tenant
	userID  string
	network bool
	token   string
	csrf    string
}

type ctxKey struct{}

func sessionFrom(ctx context.Context) *session {
	s, _ := ctx.Value(ctxKey{}).(*session)
	return s
}

// auth lets a request through only with a live session whose holder is
// still a moderator (see stillModerator) and, for anything but GET, a
// matching CSRF token from the same origin.
func (c *Console) auth(h func(w http.ResponseWriter, r *http.Request)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ck, err := r.Cookie(cookieName)
		if err != nil || ck.Value == "" {
			c.signedOut(w, r)
			return
		}
		row, err := c.cfg.Store.ConsoleSessionByHash(r.Context(), hashToken(ck.Value), c.now())
		if errors.Is(err, bot.ErrNotFound) {
			c.signedOut(w, r)
			return
		}
		if err != nil {
			c.fail(w, r, "read session", err)
			return
		}
		t, err := c.cfg.Store.Tenant(r.Context(), row.TenantID)
		if errors.Is(err, bot.ErrNotFound) {
			c.endSession(w, r, ck.Value, "group deleted")
			return
		}
		if err != nil {
			c.fail(w, r, "read tenant", err)
			return
		}
		if why := c.stillModerator(r.Context(), t, row); why != "" {
			c.endSession(w, r, ck.Value, why)
			return
		}
		s := &session{tenant: t, userID: row.UserID, network: row.Network, token: ck.Value, csrf: csrfToken(ck.Value)}
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			// Bounded before anything reads the form (an import is the
			// largest thing posted).
			r.Body = http.MaxBytesReader(w, r.Body, maxImport+1<<20)
			if !sameOrigin(r) {
				http.Error(w, "This request came from another site and was refused.", http.StatusForbidden)
				return
			}
			got := r.Header.Get("X-CSRF-Token")
			if got == "" {
				got = r.PostFormValue("csrf")
			}
			if subtle.ConstantTimeCompare([]byte(got), []byte(s.csrf)) != 1 {
				http.Error(w, "This form has expired or did not come from the console. Go back, reload the page and try again.", http.StatusForbidden)
				return
			}
		}
		h(w, r.WithContext(context.WithValue(r.Context(), ctxKey{}, s)))
	})
}

// stillModerator checks a session again against what made its holder a
// moderator, and says why it no longer holds ("" if it does). It runs on
// every request, with the tenant as the store has it now: DB.Tenant's
// cache drops a row at once when this process changes it (settings
// moderators remove, uninstall) and compares versions with the database
// at least once a second, so a change made on another replica is seen
// within that second.
//
//   - An uninstalled (inactive) group's sessions end.
//   - A network moderator must still be one, in configuration
//     (WAYMARK_NETWORK_MODERATORS) or in the database (`waymark
//     moderators`): taken off both, or if the database cannot say, the
//     session ends.
//   - A moderator who qualified by the group's settings list must still be
//     on it.
//   - A platform admin (Slack workspace admin, Discord Manage Server) was
//     known only from the chat request that asked for the link; nothing
//     here can ask the platform again, so the session keeps its expiry
//     (SessionTTL). The same goes for `waymark console`'s own user.
//
// Anything else (an unknown qualification) fails closed.
func (c *Console) stillModerator(ctx context.Context, t *bot.Tenant, row store.ConsoleSession) string {
	if !t.Active {
		return "group uninstalled"
	}
	if row.Network && !c.IsNetworkModerator(ctx, row.UserID) {
		return "no longer a network moderator"
	}
	switch row.Via {
	case bot.ViaPlatform, bot.ViaLocal:
		return ""
	case bot.ViaSettings:
		if slices.Contains(t.Settings.Moderators, row.UserID) {
			return ""
		}
		return "removed from the group's moderators"
	default:
		return "unknown moderator qualification"
	}
}

// endSession deletes a session that no longer holds and shows the
// signed-out page: putting the moderator back does not revive it, they
// ask for a new link.
func (c *Console) endSession(w http.ResponseWriter, r *http.Request, token, why string) {
	if err := c.cfg.Store.DeleteConsoleSession(r.Context(), hashToken(token)); err != nil {
		// Still signed out for this request; the next one checks again.
		c.log.WarnContext(r.Context(), "console: end session", "err", err)
	}
	c.log.InfoContext(r.Context(), "console session ended", "why", why)
	c.setCookie(w, "", -1)
	c.signedOut(w, r)
}

// sameOrigin refuses a request whose Origin header names another host.
// Browsers send Origin on every POST; a request without one (a test, a
// tool) still needs the CSRF token.
func sameOrigin(r *http.Request) bool {
	o := r.Header.Get("Origin")
	if o == "" {
		return true
	}
	u, err := url.Parse(o)
	return err == nil && u.Host == r.Host
}

func (c *Console) signedOut(w http.ResponseWriter, r *http.Request) {
	w.WriteHeader(http.StatusUnauthorized)
	c.render(w, r, "signedout", pageData{Title: "Signed out"})
}

func (c *Console) setCookie(w http.ResponseWriter, value string, maxAge int) {
	http.SetCookie(w, &http.Cookie{
		Name: cookieName, Value: value, Path: c.cfg.Prefix,
		MaxAge: maxAge, HttpOnly: true, Secure: true, SameSite: http.SameSiteStrictMode,
	})
}

// signinPage asks for a click before the link is used: chat platforms
// fetch links to preview them, and a GET that signed in would use the
// link up before the moderator ever saw it.
func (c *Console) signinPage(w http.ResponseWriter, r *http.Request) {
	// same-origin, not no-referrer: the link's token must not leak to
	// other sites, but under no-referrer browsers send "Origin: null" with
	// the form, which sameOrigin rightly refuses.
	w.Header().Set("Referrer-Policy", "same-origin")
	c.render(w, r, "signin", pageData{Title: "Sign in", Token: r.URL.Query().Get("t")})
}

func (c *Console) signin(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Referrer-Policy", "same-origin")
	tok := r.PostFormValue("t")
	if tok == "" || !sameOrigin(r) {
		c.signinFailed(w, r)
		return
	}
	link, err := c.cfg.Store.RedeemConsoleLink(r.Context(), hashToken(tok), c.now())
	if errors.Is(err, bot.ErrNotFound) {
		c.signinFailed(w, r)
		return
	}
	if err != nil {
		c.fail(w, r, "redeem sign-in link", err)
		return
	}
	sessTok, err := newToken()
	if err != nil {
		c.fail(w, r, "new session", err)
		return
	}
	now := c.now()
	err = c.cfg.Store.CreateConsoleSession(r.Context(), store.ConsoleSession{
		TokenHash: hashToken(sessTok), TenantID: link.TenantID, UserID: link.UserID, Via: link.Via, Network: link.Network,
		ExpiresAt: store.Timestamp{Time: now.Add(c.cfg.SessionTTL)},
	}, now)
	if err != nil {
		c.fail(w, r, "create session", err)
		return
	}
	c.log.InfoContext(r.Context(), "console sign-in", "tenant", link.TenantID, "network", link.Network)
	c.setCookie(w, sessTok, int(c.cfg.SessionTTL/time.Second))
	next := link.NextPath
	if next == "" {
		next = c.cfg.Prefix + "/"
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
}

func (c *Console) signinFailed(w http.ResponseWriter, r *http.Request) {
	w.WriteHeader(http.StatusForbidden)
	c.render(w, r, "signinfailed", pageData{Title: "Link used or expired"})
}

func (c *Console) signout(w http.ResponseWriter, r *http.Request) {
	s := sessionFrom(r.Context())
	if err := c.cfg.Store.DeleteConsoleSession(r.Context(), hashToken(s.token)); err != nil {
		c.fail(w, r, "sign out", err)
		return
	}
	c.setCookie(w, "", -1)
	w.WriteHeader(http.StatusOK)
	c.render(w, r, "signedout", pageData{Title: "Signed out", SignedOut: true})
}

// fail logs an unexpected error and shows a plain page; the error itself
// may name tables or values, so the moderator sees only that it failed.
func (c *Console) fail(w http.ResponseWriter, r *http.Request, what string, err error) {
	c.log.ErrorContext(r.Context(), "console: "+what, "path", r.URL.Path, "err", err)
	http.Error(w, "Something went wrong on our side and nothing was changed. Please try again in a minute.", http.StatusInternalServerError)
}
