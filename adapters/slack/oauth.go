package slack

import (
	"context"
	"crypto/subtle"
	"html/template"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/waymark-org/waymark/bot"
	"github.com/waymark-org/waymark/internal/adapterkit"
)

// BotScopes are the bot token scopes Waymark asks for, and why:
// app_mentions:read and im:history to hear questions, chat:write to
// answer, commands for /waymark, im:write to DM reminders and the
// installer, users:read to know who is a workspace admin.
var BotScopes = []string{"app_mentions:read", "chat:write", "commands", "im:history", "im:read", "im:write", "users:read"}

const (
	stateCookie = "waymark_slack_state"
	stateTTL    = 10 * time.Minute
)

func (a *Adapter) redirectURL() string {
	return strings.TrimRight(a.publicURL, "/") + "/slack/oauth/callback"
}

// serveInstall sends a workspace admin to Slack's consent page. The state
// is signed (see state.go), so this writes nothing anywhere, and is also
// set in a cookie, so the install is finished in the browser that started
// it.
func (a *Adapter) serveInstall(w http.ResponseWriter, r *http.Request) {
	if a.clientID == "" || a.clientSecret == "" || a.keys == nil || a.publicURL == "" {
		http.Error(w, "This Waymark deployment is not set up for installing into Slack workspaces.", http.StatusNotFound)
		return
	}
	state, err := signState(stateKey(a.clientSecret), time.Now().Add(stateTTL))
	if err != nil {
		a.log.ErrorContext(r.Context(), "make oauth state", "err", err)
		http.Error(w, "Something went wrong; please try again.", http.StatusInternalServerError)
		return
	}
	http.SetCookie(w, &http.Cookie{
		Name: stateCookie, Value: state, Path: "/slack/oauth", MaxAge: int(stateTTL.Seconds()),
		HttpOnly: true, Secure: strings.HasPrefix(a.publicURL, "https://"), SameSite: http.SameSiteLaxMode,
	})
	q := url.Values{
		"client_id":    {a.clientID},
		"scope":        {strings.Join(BotScopes, ",")},
		"redirect_uri": {a.redirectURL()},
		"state":        {state},
	}
	http.Redirect(w, r, a.authorizeURL+"?"+q.Encode(), http.StatusFound)
}

var page = template.Must(template.New("page").Parse(`<!doctype html>
<html lang="en"><meta charset="utf-8"><title>Waymark</title>
<body style="font-family:sans-serif;max-width:36em;margin:3em auto">
<h1>{{.Title}}</h1><p>{{.Body}}</p>{{if .Link}}<p><a href="{{.Link}}">{{.LinkText}}</a></p>{{end}}
</body></html>`))

type pageData struct{ Title, Body, Link, LinkText string }

func writePage(w http.ResponseWriter, status int, p pageData) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_ = page.Execute(w, p)
}

func (a *Adapter) serveOAuthCallback(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	q := r.URL.Query()
	retry := pageData{Link: "/slack/install", LinkText: "Start the install again"}
	if e := q.Get("error"); e != "" {
		retry.Title, retry.Body = "Waymark was not installed", "The install was cancelled in Slack. Nothing was changed."
		writePage(w, http.StatusOK, retry)
		return
	}
	state := q.Get("state")
	c, err := r.Cookie(stateCookie)
	if state == "" || err != nil || subtle.ConstantTimeCompare([]byte(c.Value), []byte(state)) != 1 {
		a.log.WarnContext(ctx, "oauth callback with a state this browser did not start", "remote", r.RemoteAddr)
		retry.Title, retry.Body = "This install link is not valid", "Please start the install from the beginning, in the same browser."
		writePage(w, http.StatusBadRequest, retry)
		return
	}
	if err := checkState(stateKey(a.clientSecret), state, time.Now()); err != nil {
		a.log.WarnContext(ctx, "oauth callback with a forged or expired state", "err", err)
		retry.Title, retry.Body = "This install link has expired", "Install links last ten minutes and work once. Please start again."
		writePage(w, http.StatusBadRequest, retry)
		return
	}
	http.SetCookie(w, &http.Cookie{Name: stateCookie, Value: "", Path: "/slack/oauth", MaxAge: -1})

	resp, err := slack.GetOAuthV2ResponseContext(ctx, a.http, a.clientID, a.clientSecret, q.Get("code"), a.redirectURL(), slack.OAuthOptionAPIURL(a.apiURL))
	if err != nil {
		a.log.ErrorContext(ctx, "exchange oauth code", "err", err)
		retry.Title, retry.Body = "Slack did not confirm the install", "Please try again in a minute."
		writePage(w, http.StatusBadGateway, retry)
		return
	}
	if resp.IsEnterpriseInstall || resp.Team.ID == "" || resp.AccessToken == "" {
		a.log.WarnContext(ctx, "unsupported install", "enterprise", resp.IsEnterpriseInstall, "team", resp.Team.ID)
		writePage(w, http.StatusBadRequest, pageData{Title: "Waymark can't be installed this way", Body: "Waymark is installed one workspace at a time. Please install it into a workspace rather than an organisation."})
		return
	}
	t, err := a.install(ctx, resp)
	if err != nil {
		a.log.ErrorContext(ctx, "save installation", "team", resp.Team.ID, "err", err)
		retry.Title, retry.Body = "Waymark could not finish installing", "Nothing is lost: please try again in a minute."
		writePage(w, http.StatusInternalServerError, retry)
		return
	}
	a.log.InfoContext(ctx, "slack workspace installed", "team", resp.Team.ID, "tenant", t.ID)
	installer := resp.AuthedUser.ID
	welcomeInstaller := func(ctx context.Context) {
		if err := a.DirectMessage(ctx, t, installer, welcome()); err != nil {
			a.log.ErrorContext(ctx, "welcome the installer", "tenant", t.ID, "err", err)
		}
	}
	if a.pool.ReserveWait(ctx) {
		a.pool.Enqueue(adapterkit.Task{What: "welcome", Team: resp.Team.ID, Run: welcomeInstaller})
	} else {
		a.log.WarnContext(ctx, "installer not welcomed: the server is busy or stopping", "tenant", t.ID)
	}
	writePage(w, http.StatusOK, pageData{
		Title: "Waymark is installed in " + t.Name,
		Body:  "You'll find a message from Waymark in Slack explaining how to set it up. Type /waymark help in any channel to start.",
		Link:  "https://slack.com/app_redirect?app=" + url.QueryEscape(resp.AppID) + "&team=" + url.QueryEscape(resp.Team.ID), LinkText: "Open Slack",
	})
}

// install stores the encrypted token and (re)activates the tenant.
func (a *Adapter) install(ctx context.Context, resp *slack.OAuthV2Response) (*bot.Tenant, error) {
	teamID := resp.Team.ID
	sealed, err := a.keys.Encrypt(resp.AccessToken, teamID)
	if err != nil {
		return nil, err
	}
	t, err := a.store.EnsureTenant(ctx, Platform, teamID, resp.Team.Name)
	if err != nil {
		return nil, err
	}
	if !t.Active || (resp.Team.Name != "" && t.Name != resp.Team.Name) {
		t.Active = true
		if resp.Team.Name != "" {
			t.Name = resp.Team.Name
		}
		if err := a.store.UpdateTenant(ctx, t); err != nil {
			return nil, err
		}
	}
	err = a.installs.Save(ctx, Installation{
		TenantID: t.ID, TeamID: teamID, BotUserID: resp.BotUserID, BotTokenSealed: sealed,
		InstallerUser: resp.AuthedUser.ID, Scopes: resp.Scope,
	})
	if err != nil {
		return nil, err
	}
	a.forget(teamID)
	return t, nil
}

func welcome() bot.Reply {
	text := strings.Join([]string{
		"Hello, and thank you for installing Waymark.",
		"Waymark answers questions about running a user-led mental-health group: governance, safeguarding, funding and commissioning, and looking after yourself as an organiser. Answers come from a checked knowledge base, with sources and the date each entry was last reviewed. It is general information, not legal, financial or medical advice.",
		"To set it up:\n- Invite Waymark to a channel (/invite @Waymark) and @mention it with a question, or send it a direct message.\n- Tell it which nation your group is in: /waymark settings jurisdiction england (or wales, scotland, northern-ireland).\n- Name your safeguarding lead, who is alerted (without the message) if someone seems to be in crisis: /waymark settings safeguarding-lead @name.\n- Workspace admins are moderators; add others with /waymark settings moderators add @name.",
		"Type /waymark help to see everything. If you uninstall Waymark, your group's data is deleted 30 days later.",
	}, "\n\n")
	return bot.Reply{Kind: bot.KindInfo, Text: text, Private: true}
}

// Uninstall handles an uninstall noticed outside an event (tests, tools).
func (a *Adapter) Uninstall(ctx context.Context, teamID string) { a.uninstall(ctx, teamID, "manual") }
