package console_test

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/waymark-org/waymark/assistant"
	"github.com/waymark-org/waymark/bot"
	"github.com/waymark-org/waymark/bot/bottest"
	"github.com/waymark-org/waymark/internal/console"
	"github.com/waymark-org/waymark/internal/store"
	"github.com/waymark-org/waymark/internal/store/storetest"
	"github.com/waymark-org/waymark/knowledge"
)

func TestMain(m *testing.M) { storetest.Main(m) }

const agm = "governance/agm-quorum-and-minutes"

type fixture struct {
	db    *store.DB
	core  *assistant.Assistant
	con   *console.Console
	srv   *httptest.Server
	clock *bottest.Clock
	a, b  *bot.Tenant
}

var (
	baseOnce sync.Once
	base     []*knowledge.Entry
	baseErr  error
)

func loadBase(t testing.TB) []*knowledge.Entry {
	baseOnce.Do(func() { base, baseErr = knowledge.LoadBase() })
	if baseErr != nil {
		t.Fatal(baseErr)
	}
	return base
}

func newFixture(t testing.TB, dialect string) *fixture {
	t.Helper()
	ctx := context.Background()
	db := storetest.Open(t, dialect)
	core, err := assistant.New(assistant.Config{Store: db, Base: loadBase(t), Logger: storetest.Logger(t)})
	if err != nil {
		t.Fatal(err)
	}
	f := &fixture{db: db, core: core, clock: bottest.NewClock(time.Now())}
	if f.a, err = db.EnsureTenant(ctx, "slack", "TA", "Group A"); err != nil {
		t.Fatal(err)
	}
	if f.b, err = db.EnsureTenant(ctx, "slack", "TB", "Group B"); err != nil {
		t.Fatal(err)
	}
	f.srv = httptest.NewServer(nil)
	t.Cleanup(f.srv.Close)
	f.con, err = console.New(console.Config{Store: db, Core: core.Library, BaseURL: f.srv.URL, Logger: storetest.Logger(t), Now: f.clock.Now, NetworkModerators: []string{"NET1"}})
	if err != nil {
		t.Fatal(err)
	}
	f.srv.Config.Handler = f.con.Handler()
	return f
}

// client does not follow redirects and keeps no cookie jar: each test
// says exactly which cookie it sends.
func client() *http.Client {
	return &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

func (f *fixture) link(t testing.TB, tn *bot.Tenant, user string) string {
	t.Helper()
	return f.linkVia(t, tn, user, bot.ViaPlatform)
}

func (f *fixture) linkVia(t testing.TB, tn *bot.Tenant, user string, via bot.ModeratorVia) string {
	t.Helper()
	u, err := f.con.SignInLink(context.Background(), tn, user, via, "")
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func tokenOf(t testing.TB, link string) string {
	t.Helper()
	u, err := url.Parse(link)
	if err != nil {
		t.Fatal(err)
	}
	return u.Query().Get("t")
}

// signIn posts a link's token and returns the response.
func (f *fixture) postSignIn(t testing.TB, tok string) *http.Response {
	t.Helper()
	res, err := client().PostForm(f.srv.URL+"/console/signin", url.Values{"t": {tok}})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	return res
}

// user is a signed-in browser: its session cookie and CSRF token.
type user struct {
	f      *fixture
	cookie *http.Cookie
	csrf   string
}

func (f *fixture) signIn(t testing.TB, tn *bot.Tenant, id string) *user {
	t.Helper()
	return f.signInVia(t, tn, id, bot.ViaPlatform)
}

func (f *fixture) signInVia(t testing.TB, tn *bot.Tenant, id string, via bot.ModeratorVia) *user {
	t.Helper()
	res := f.postSignIn(t, tokenOf(t, f.linkVia(t, tn, id, via)))
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign in: %s", res.Status)
	}
	var ck *http.Cookie
	for _, c := range res.Cookies() {
		if c.Name == "waymark_console" {
			ck = c
		}
	}
	if ck == nil {
		t.Fatal("sign in set no session cookie")
	}
	u := &user{f: f, cookie: ck}
	_, body := u.get(t, "/console/")
	m := regexp.MustCompile(`name="csrf" value="([^"]+)"`).FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no CSRF token on the Today page: %s", body)
	}
	u.csrf = m[1]
	return u
}

func (u *user) get(t testing.TB, path string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, u.f.srv.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	if u.cookie != nil {
		req.AddCookie(u.cookie)
	}
	return do(t, req)
}

func (u *user) post(t testing.TB, path string, v url.Values) (int, string) {
	t.Helper()
	if v.Get("csrf") == "" && u.csrf != "" {
		v.Set("csrf", u.csrf)
	}
	req, err := http.NewRequest(http.MethodPost, u.f.srv.URL+path, strings.NewReader(v.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if u.cookie != nil {
		req.AddCookie(u.cookie)
	}
	return do(t, req)
}

func do(t testing.TB, req *http.Request) (int, string) {
	t.Helper()
	res, err := client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res.StatusCode, string(b)
}

// entryForm is the edit form for a built-in entry with its short answer
// replaced.
func entryForm(t testing.TB, id, short string) url.Values {
	t.Helper()
	for _, e := range loadBase(t) {
		if e.ID != id {
			continue
		}
		var src []string
		for _, s := range e.Sources {
			src = append(src, s.Title+" | "+s.URL)
		}
		v := url.Values{
			"id": {e.ID}, "title": {e.Title}, "topic": {e.Topic},
			"questions": {strings.Join(e.Questions, "\n")}, "tags": {strings.Join(e.Tags, ", ")},
			"jurisdictions": e.Jurisdictions, "sources": {strings.Join(src, "\n")},
			"reviewed": {e.Reviewed}, "review_every": {e.ReviewEvery},
			"body": {short + "\n\n" + e.Detail()}, "layer": {"group"}, "version": {"0"},
		}
		return v
	}
	t.Fatalf("no entry %s", id)
	return nil
}

func eachDialect(t *testing.T, fn func(t *testing.T, f *fixture)) {
	for _, d := range storetest.Dialects(t) {
		t.Run(d, func(t *testing.T) {
			t.Parallel()
			fn(t, newFixture(t, d))
		})
	}
}

func TestSignInWithALinkOnce(t *testing.T) {
	eachDialect(t, func(t *testing.T, f *fixture) {
		link := f.link(t, f.a, "U1")
		if !strings.HasPrefix(link, f.srv.URL+"/console/signin?t=") {
			t.Fatalf("link = %s", link)
		}
		// Opening the link (as a chat preview would) does not use it up.
		anon := &user{f: f}
		if code, body := anon.get(t, strings.TrimPrefix(link, f.srv.URL)); code != http.StatusOK || !strings.Contains(body, `id="signin"`) {
			t.Fatalf("sign-in page: %d %s", code, body)
		}
		res := f.postSignIn(t, tokenOf(t, link))
		if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/console/" {
			t.Fatalf("sign in: %s to %s", res.Status, res.Header.Get("Location"))
		}
		raw := res.Header.Get("Set-Cookie")
		for _, want := range []string{"HttpOnly", "Secure", "SameSite=Strict", "Path=/console"} {
			if !strings.Contains(raw, want) {
				t.Errorf("session cookie %q lacks %s", raw, want)
			}
		}
		// The same link again fails: single use.
		if res := f.postSignIn(t, tokenOf(t, link)); res.StatusCode != http.StatusForbidden {
			t.Errorf("reused link: %s", res.Status)
		}
		// An expired link fails.
		late := f.link(t, f.a, "U1")
		f.clock.Add(console.LinkTTL + time.Second)
		if res := f.postSignIn(t, tokenOf(t, late)); res.StatusCode != http.StatusForbidden {
			t.Errorf("expired link: %s", res.Status)
		}
		if res := f.postSignIn(t, "made-up"); res.StatusCode != http.StatusForbidden {
			t.Errorf("made-up link: %s", res.Status)
		}
		// Without a session every page asks to sign in.
		for _, p := range []string{"/console/", "/console/entries", "/console/edit?id=" + agm, "/console/history?id=" + agm, "/console/gaps"} {
			if code, _ := anon.get(t, p); code != http.StatusUnauthorized {
				t.Errorf("%s without a session: %d", p, code)
			}
		}
		if code, _ := anon.post(t, "/console/edit", entryForm(t, agm, "Sneaky.")); code != http.StatusUnauthorized {
			t.Errorf("edit without a session: %d", code)
		}
		// Sign out ends the session on the server, not only in the browser.
		u := f.signIn(t, f.a, "U1")
		if code, body := u.get(t, "/console/"); code != http.StatusOK || !strings.Contains(body, "Group A") {
			t.Fatalf("today: %d", code)
		}
		if code, _ := u.post(t, "/console/signout", url.Values{}); code != http.StatusOK {
			t.Errorf("sign out: %d", code)
		}
		if code, _ := u.get(t, "/console/"); code != http.StatusUnauthorized {
			t.Errorf("after sign out: %d", code)
		}
	})
}

func TestLinksAreRateLimited(t *testing.T) {
	eachDialect(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		for i := range console.LinksPerWindow {
			if _, err := f.con.SignInLink(ctx, f.a, "U1", bot.ViaPlatform, ""); err != nil {
				t.Fatalf("link %d: %v", i+1, err)
			}
		}
		if _, err := f.con.SignInLink(ctx, f.a, "U1", bot.ViaPlatform, ""); !errors.Is(err, console.ErrRateLimited) {
			t.Errorf("one link too many: %v", err)
		}
		if _, err := f.con.SignInLink(ctx, f.a, "U2", bot.ViaPlatform, ""); err != nil {
			t.Errorf("another moderator: %v", err)
		}
		f.clock.Add(console.LinkWindow + time.Second)
		if _, err := f.con.SignInLink(ctx, f.a, "U1", bot.ViaPlatform, ""); err != nil {
			t.Errorf("after the window: %v", err)
		}
	})
}

func TestFormsNeedTheCSRFToken(t *testing.T) {
	eachDialect(t, func(t *testing.T, f *fixture) {
		u := f.signIn(t, f.a, "U1")
		form := entryForm(t, agm, "Changed without a token.")
		form.Set("action", "publish")
		form.Set("csrf", "wrong")
		if code, _ := u.post(t, "/console/edit", form); code != http.StatusForbidden {
			t.Errorf("wrong token: %d", code)
		}
		missing := *u
		missing.csrf = ""
		form.Del("csrf")
		if code, _ := missing.post(t, "/console/edit", form); code != http.StatusForbidden {
			t.Errorf("missing token: %d", code)
		}
		for _, p := range []string{"/console/signout", "/console/revert", "/console/review", "/console/preview"} {
			if code, _ := missing.post(t, p, url.Values{"id": {agm}, "version": {"1"}}); code != http.StatusForbidden {
				t.Errorf("%s without a token: %d", p, code)
			}
		}
		// The right token from another site's page is still refused.
		req, _ := http.NewRequest(http.MethodPost, f.srv.URL+"/console/edit", strings.NewReader(url.Values{"csrf": {u.csrf}}.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Origin", "https://evil.example")
		req.AddCookie(u.cookie)
		if code, _ := do(t, req); code != http.StatusForbidden {
			t.Errorf("cross-site post: %d", code)
		}
		if es, _ := f.db.TenantEntries(context.Background(), f.a.ID); len(es) != 0 {
			t.Errorf("a refused form saved something: %+v", es)
		}
	})
}

func TestEditPublishReviewHistoryRevert(t *testing.T) {
	eachDialect(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		u := f.signIn(t, f.a, "U1")
		ask := func() bot.Reply {
			return f.core.Handle(ctx, bot.Request{Tenant: f.a, UserID: "U9", Text: "do we legally have to have an annual general meeting?"})
		}
		code, body := u.get(t, "/console/edit?id="+agm)
		if code != http.StatusOK || !strings.Contains(body, `value="`+agm+`"`) || !strings.Contains(body, "starts from the built-in entry") {
			t.Fatalf("edit page: %d", code)
		}
		// A draft with a lint error is kept; publishing it is refused
		// with kb lint's own message.
		bad := entryForm(t, agm, "Too short now.")
		bad.Set("body", "Too short.")
		bad.Set("action", "draft")
		if code, _ := u.post(t, "/console/edit", bad); code != http.StatusSeeOther {
			t.Fatalf("save draft: %d", code)
		}
		bad.Set("action", "publish")
		bad.Set("version", "1")
		code, body = u.post(t, "/console/edit", bad)
		if code != http.StatusUnprocessableEntity || !strings.Contains(body, agm+".md:") || !strings.Contains(body, "body has 2 words; want 120 to 450") {
			t.Fatalf("publishing a lint error: %d %s", code, body)
		}
		if r := ask(); r.Layer != bot.LayerBuiltIn {
			t.Errorf("a draft changed the answer: %q", r.Layer)
		}
		// Saving from a stale form is refused rather than undoing a change.
		good := entryForm(t, agm, "OUR GROUP'S AGM RULE: we meet every May.")
		good.Set("action", "publish")
		good.Set("version", "0")
		if code, body := u.post(t, "/console/edit", good); code != http.StatusUnprocessableEntity || !strings.Contains(body, "since you opened it") {
			t.Errorf("stale save: %d", code)
		}
		good.Set("version", "1")
		if code, _ := u.post(t, "/console/edit", good); code != http.StatusSeeOther {
			t.Fatalf("publish: %d", code)
		}
		r := ask()
		if r.Layer != bot.LayerGroup || !strings.Contains(r.Text, "OUR GROUP'S AGM RULE") {
			t.Fatalf("after publishing: %q %q", r.Layer, r.Text)
		}
		if code, _ := u.post(t, "/console/review", url.Values{"id": {agm}, "layer": {"group"}}); code != http.StatusSeeOther {
			t.Errorf("mark reviewed: %d", code)
		}
		code, body = u.get(t, "/console/history?id="+agm+"&layer=group")
		if code != http.StatusOK || strings.Count(body, "<h2>Version ") != 3 || !strings.Contains(body, "by U1") || !strings.Contains(body, "&#43; OUR GROUP") {
			t.Fatalf("history: %d %s", code, body)
		}
		// Revert restores an earlier text as a new version: here version
		// 2, the text before the review mark.
		if code, _ := u.post(t, "/console/revert", url.Values{"id": {agm}, "layer": {"group"}, "version": {"2"}}); code != http.StatusSeeOther {
			t.Fatalf("revert: %d", code)
		}
		hist, err := f.db.EntryHistory(ctx, bot.GroupScope(f.a.ID), agm)
		if err != nil || len(hist) != 4 || hist[0].Action != bot.ActionRevert || hist[0].Source != hist[2].Source {
			t.Errorf("after revert: %+v, %v", hist, err)
		}
		// The entries page lists it as the group's, and filters work.
		_, body = u.get(t, "/console/entries?layer=group")
		if !strings.Contains(body, agm) || strings.Contains(body, "governance/trustee-duties") {
			t.Errorf("entries filtered by layer: %s", body)
		}
		_, body = u.get(t, "/console/entries?q=quorum&topic=governance")
		if !strings.Contains(body, agm) {
			t.Errorf("entries search: %s", body)
		}
	})
}

func TestAGroupModeratorCannotReachAnotherGroup(t *testing.T) {
	eachDialect(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		a := f.signIn(t, f.a, "UA")
		secret := entryForm(t, agm, "GROUP A ONLY: our secret AGM arrangements.")
		secret.Set("action", "publish")
		if code, _ := a.post(t, "/console/edit", secret); code != http.StatusSeeOther {
			t.Fatalf("A publishes: %d", code)
		}
		if err := f.db.RecordUnanswered(ctx, f.a.ID, "question only group a asked", time.Now()); err != nil {
			t.Fatal(err)
		}
		b := f.signIn(t, f.b, "UB")
		for _, p := range []string{"/console/", "/console/entries", "/console/edit?id=" + agm, "/console/history?id=" + agm + "&layer=group", "/console/gaps"} {
			code, body := b.get(t, p)
			if code != http.StatusOK || strings.Contains(body, "GROUP A ONLY") || strings.Contains(body, "only group a") {
				t.Errorf("B sees A's data on %s (%d)", p, code)
			}
		}
		// B cannot revert, review or overwrite A's entry: every action
		// works on B's own layer, where there is nothing to act on.
		if code, _ := b.post(t, "/console/revert", url.Values{"id": {agm}, "layer": {"group"}, "version": {"1"}}); code != http.StatusNotFound {
			t.Errorf("B reverts A's entry: %d", code)
		}
		if code, _ := b.post(t, "/console/review", url.Values{"id": {agm}, "layer": {"group"}}); code != http.StatusNotFound {
			t.Errorf("B reviews A's entry: %d", code)
		}
		// A group moderator cannot touch the network layer.
		net := entryForm(t, agm, "NETWORK TEXT from a group moderator.")
		net.Set("layer", "network")
		net.Set("action", "publish")
		if code, _ := b.post(t, "/console/edit", net); code != http.StatusForbidden {
			t.Errorf("B edits the network layer: %d", code)
		}
		if code, _ := b.get(t, "/console/history?id="+agm+"&layer=network"); code != http.StatusForbidden {
			t.Errorf("B reads network history: %d", code)
		}
		if es, _ := f.db.NetworkEntries(ctx); len(es) != 0 {
			t.Errorf("network entries after B's attempt: %+v", es)
		}
		es, err := f.db.TenantEntries(ctx, f.a.ID)
		if err != nil || len(es) != 1 || !strings.Contains(es[0].Source, "GROUP A ONLY") {
			t.Errorf("A's entry after B's attempts: %+v, %v", es, err)
		}
		// A network moderator can, and every group then answers from it.
		n := f.signIn(t, f.b, "NET1")
		if _, page := n.get(t, "/console/edit?id="+agm); !strings.Contains(page, "edit the network's copy instead") {
			t.Errorf("a network moderator is not offered the network's copy: %s", page)
		}
		if _, page := n.get(t, "/console/edit?layer=network&id="+agm); !strings.Contains(page, `name="layer" value="network"`) {
			t.Errorf("the network's copy does not save to the network: %s", page)
		}
		net.Del("csrf")
		if code, _ := n.post(t, "/console/edit", net); code != http.StatusSeeOther {
			t.Fatalf("network moderator publishes: %d", code)
		}
		r := f.core.Handle(ctx, bot.Request{Tenant: f.b, Text: "do we legally have to have an annual general meeting?"})
		if r.Layer != bot.LayerNetwork || !strings.Contains(r.Text, "NETWORK TEXT") {
			t.Errorf("B's answer after a network edit: %q %q", r.Layer, r.Text)
		}
		r = f.core.Handle(ctx, bot.Request{Tenant: f.a, Text: "do we legally have to have an annual general meeting?"})
		if r.Layer != bot.LayerGroup {
			t.Errorf("A's own entry should still win over the network's: %q", r.Layer)
		}
	})
}

func TestGapsAndPreview(t *testing.T) {
	eachDialect(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		for i, q := range []string{"how do we run a raffle", "how do we run a raffle legally", "can we run a raffle online", "what is a gazebo licence"} {
			for range 3 - i%2 {
				if err := f.db.RecordUnanswered(ctx, f.a.ID, q, time.Now()); err != nil {
					t.Fatal(err)
				}
			}
		}
		u := f.signIn(t, f.a, "U1")
		code, body := u.get(t, "/console/gaps")
		if code != http.StatusOK || !strings.Contains(body, "Asked 8 times") || !strings.Contains(body, "q=how&#43;do&#43;we&#43;run&#43;a&#43;raffle") && !strings.Contains(body, "q=how%20do%20we%20run%20a%20raffle") {
			t.Fatalf("gaps: %d %s", code, body)
		}
		code, body = u.get(t, "/console/edit?q=how+do+we+run+a+raffle&q=can+we+run+a+raffle+online")
		if code != http.StatusOK || !strings.Contains(body, "how do we run a raffle\ncan we run a raffle online</textarea>") {
			t.Errorf("new entry from gaps: %d %s", code, body)
		}
		code, body = u.post(t, "/console/preview", url.Values{"id": {"funding/raffles"}, "body": {"**Yes.** <script>alert(1)</script> [x](javascript:alert(1))"}})
		if code != http.StatusOK || !strings.Contains(body, "\\u003cstrong\\u003eYes.") || strings.Contains(body, "script") || strings.Contains(body, "javascript:") {
			t.Errorf("preview: %d %s", code, body)
		}
		if !strings.Contains(body, "funding/raffles.md:") {
			t.Errorf("preview lint: %s", body)
		}
		// "Answered by an existing entry" adds the questions to it, for
		// this group only, and takes them off this group's gaps.
		if err := f.db.RecordUnanswered(ctx, f.b.ID, "how do we run a raffle", time.Now()); err != nil {
			t.Fatal(err)
		}
		code, _ = u.post(t, "/console/gaps/answered", url.Values{"id": {agm}, "q": {"how do we run a raffle", "how do we run a raffle legally"}})
		if code != http.StatusSeeOther {
			t.Fatalf("answered by an existing entry: %d", code)
		}
		es, err := f.db.TenantEntries(ctx, f.a.ID)
		if err != nil || len(es) != 1 || !strings.Contains(es[0].Source, "- how do we run a raffle legally") {
			t.Errorf("entry after adding gap questions: %+v, %v", es, err)
		}
		if qs, _ := f.db.UnansweredQuestions(ctx, f.a.ID, 0); len(qs) != 2 {
			t.Errorf("A's gaps after answering two: %+v", qs)
		}
		if qs, _ := f.db.UnansweredQuestions(ctx, f.b.ID, 0); len(qs) != 1 {
			t.Errorf("B's gaps changed: %+v", qs)
		}
	})
}

func TestExportAndImport(t *testing.T) {
	eachDialect(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		a := f.signIn(t, f.a, "UA")
		form := entryForm(t, agm, "EXPORTED TEXT about AGMs.")
		form.Set("action", "publish")
		if code, _ := a.post(t, "/console/edit", form); code != http.StatusSeeOther {
			t.Fatalf("publish: %d", code)
		}
		code, body := a.get(t, "/console/export?layer=group")
		if code != http.StatusOK {
			t.Fatalf("export: %d", code)
		}
		zr, err := zip.NewReader(strings.NewReader(body), int64(len(body)))
		if err != nil || len(zr.File) != 1 || zr.File[0].Name != agm+".md" {
			t.Fatalf("export zip: %v %+v", err, zr)
		}
		if code, _ := a.get(t, "/console/export?layer=network"); code != http.StatusForbidden {
			t.Errorf("a group moderator exports the network: %d", code)
		}
		b := f.signIn(t, f.b, "UB")
		upload := func(u *user, name string, data []byte) (int, string) {
			t.Helper()
			var buf bytes.Buffer
			mw := multipart.NewWriter(&buf)
			_ = mw.WriteField("csrf", u.csrf)
			_ = mw.WriteField("layer", "group")
			fw, _ := mw.CreateFormFile("file", name)
			_, _ = fw.Write(data)
			_ = mw.Close()
			req, _ := http.NewRequest(http.MethodPost, f.srv.URL+"/console/import", &buf)
			req.Header.Set("Content-Type", mw.FormDataContentType())
			req.AddCookie(u.cookie)
			return do(t, req)
		}
		// A bad entry in the zip: nothing is imported.
		var bad bytes.Buffer
		zw := zip.NewWriter(&bad)
		w1, _ := zw.Create(agm + ".md")
		_, _ = w1.Write([]byte(mustRead(t, zr.File[0])))
		w2, _ := zw.Create("governance/broken.md")
		_, _ = w2.Write([]byte("---\nid: governance/broken\n---\nToo short.\n"))
		_ = zw.Close()
		if code, page := upload(b, "bad.zip", bad.Bytes()); code != http.StatusUnprocessableEntity || !strings.Contains(page, "governance/broken.md:") {
			t.Errorf("importing a bad zip: %d", code)
		}
		if es, _ := f.db.TenantEntries(ctx, f.b.ID); len(es) != 0 {
			t.Errorf("a bad zip imported %d entries", len(es))
		}
		if code, _ := upload(b, "good.zip", []byte(body)); code != http.StatusSeeOther {
			t.Fatalf("import: %d", code)
		}
		es, err := f.db.TenantEntries(ctx, f.b.ID)
		if err != nil || len(es) != 1 || !strings.Contains(es[0].Source, "EXPORTED TEXT") {
			t.Errorf("B after import: %+v, %v", es, err)
		}
		if r := f.core.Handle(ctx, bot.Request{Tenant: f.b, Text: "do we legally have to have an annual general meeting?"}); !strings.Contains(r.Text, "EXPORTED TEXT") {
			t.Errorf("B's answer after import: %q", r.Text)
		}
	})
}

func mustRead(t testing.TB, f *zip.File) string {
	t.Helper()
	rc, err := f.Open()
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	b, err := io.ReadAll(rc)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
