package console_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/waymark-org/waymark/bot"
	"github.com/waymark-org/waymark/internal/store"
)

// chromium finds Debian's chromium. CI must run the browser test, so
// there a missing browser fails rather than skips (.ci/run installs it).
func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"/usr/bin/chromium", "chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	msg := "no chromium on this machine (Debian: apt-get install chromium)"
	if os.Getenv("CI") == "true" {
		t.Fatal(msg + "; CI must run the browser test")
	}
	t.Skip(msg)
	return ""
}

// newBrowser starts headless Chromium with a fresh profile, closed when
// the test ends.
func newBrowser(t *testing.T, ctx context.Context, width, height int) context.Context {
	t.Helper()
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(ctx,
		chromedp.ExecPath(chromium(t)),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(width, height),
	)
	browser, cancelBrowser := chromedp.NewContext(allocCtx)
	t.Cleanup(func() { cancelBrowser(); cancelAlloc() })
	// Headless windows are at least 500 pixels wide; the viewport is set
	// to the exact width (a phone's 390) by emulation.
	if err := chromedp.Do(browser, chromedp.EmulateViewport(int64(width), int64(height))); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	return browser
}

// TestBrowserSignInEditPublishRevert drives the console in headless
// Chromium as a moderator would: sign in through a link, edit an entry
// with the live preview, publish, see the bot's answer change, publish
// again, revert in one click and see the answer change back.
func TestBrowserSignInEditPublishRevert(t *testing.T) {
	f := newFixture(t, store.SQLite)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	browser := newBrowser(t, ctx, 390, 844) // a phone's width

	answer := func() bot.Reply {
		return f.core.Handle(ctx, bot.Request{Tenant: f.a, UserID: "U9", Text: "do we legally have to have an annual general meeting?"})
	}
	if r := answer(); r.Layer != bot.LayerBuiltIn {
		t.Fatalf("before: answered from %q", r.Layer)
	}
	body := func(short string) string { return entryForm(t, agm, short).Get("body") }

	text := func(sel string) string {
		t.Helper()
		v, err := chromedp.Run(browser, chromedp.Text(chromedp.CSS(sel)))
		if err != nil {
			t.Fatalf("text of %s: %v", sel, err)
		}
		return v
	}
	waitFor := func(js string) chromedp.Action[chromedp.Void] {
		return chromedp.Poll[chromedp.Void](js, chromedp.WithPollingTimeout(20*time.Second))
	}
	message := func(s string) chromedp.Action[chromedp.Void] {
		return waitFor(`document.querySelector(".message") !== null && document.querySelector(".message").textContent.includes(` + strconv.Quote(s) + `)`)
	}

	// submit clicks a button that submits a form, and waits for the page
	// the browser is sent to.
	submit := func(id string) error {
		_, err := chromedp.RunResponse(browser, chromedp.Click(chromedp.ID(id)))
		return err
	}
	err := chromedp.Do(browser,
		chromedp.Navigate(f.link(t, f.a, "U1")),
		chromedp.WaitVisible(chromedp.ID("signin")),
	)
	if err == nil {
		err = submit("signin")
	}
	if err == nil {
		err = chromedp.Do(browser, chromedp.WaitVisible(chromedp.CSS(`nav[aria-label="Console"]`)))
	}
	if err != nil {
		t.Fatalf("sign in: %v", err)
	}
	if h := text("h1"); h != "Today" {
		t.Fatalf("after signing in: %q", h)
	}
	err = chromedp.Do(browser,
		chromedp.Navigate(f.srv.URL+"/console/edit?id="+agm),
		chromedp.WaitVisible(chromedp.ID("body")),
		chromedp.SetValue(chromedp.ID("body"), body("BROWSER EDIT ONE: hold your AGM in May.")),
		// Typing fires the live preview and lint.
		chromedp.SendKeys(chromedp.ID("body"), " Livepreviewword"),
		waitFor(`document.getElementById("preview").textContent.includes("Livepreviewword")`),
	)
	if err != nil {
		t.Fatalf("edit with live preview: %v", err)
	}
	if p := text("#preview"); !strings.Contains(p, "BROWSER EDIT ONE") {
		t.Fatalf("preview: %q", p)
	}
	if err := submit("publish"); err != nil {
		t.Fatalf("publish: %v", err)
	}
	if err := chromedp.Do(browser, message("Published as version 1")); err != nil {
		t.Fatalf("publish: %v", err)
	}
	if r := answer(); r.Layer != bot.LayerGroup || !strings.Contains(r.Text, "BROWSER EDIT ONE") {
		t.Fatalf("after publishing in the browser: %q %q", r.Layer, r.Text)
	}

	err = chromedp.Do(browser, chromedp.SetValue(chromedp.ID("body"), body("BROWSER EDIT TWO: hold it in June.")))
	if err == nil {
		err = submit("publish")
	}
	if err == nil {
		err = chromedp.Do(browser, message("Published as version 2"))
	}
	if err != nil {
		t.Fatalf("second publish: %v", err)
	}
	if r := answer(); !strings.Contains(r.Text, "BROWSER EDIT TWO") {
		t.Fatalf("after the second publish: %q", r.Text)
	}

	err = chromedp.Do(browser,
		chromedp.Navigate(f.srv.URL+"/console/history?layer=group&id="+agm),
		chromedp.WaitVisible(chromedp.ID("revert-1")),
	)
	if err == nil {
		err = submit("revert-1")
	}
	if err == nil {
		err = chromedp.Do(browser, message("Reverted to version 1"), chromedp.Focus(chromedp.CSS("nav button")))
	}
	if err == nil {
		// Sign out with the keyboard alone: the button has focus; Enter.
		_, err = chromedp.RunResponse(browser, chromedp.KeyEvent("\r"))
	}
	if err == nil {
		err = chromedp.Do(browser, waitFor(`document.body.textContent.includes("You have signed out")`))
	}
	if err != nil {
		t.Fatalf("revert and sign out: %v", err)
	}
	if r := answer(); !strings.Contains(r.Text, "BROWSER EDIT ONE") || strings.Contains(r.Text, "BROWSER EDIT TWO") {
		t.Fatalf("after reverting in the browser: %q", r.Text)
	}
}

// TestScreenshots writes the README's screenshots of the Today, Edit and
// History pages at 1280 and 390 pixels wide, when WAYMARK_SCREENSHOTS
// names a directory:
//
//	WAYMARK_SCREENSHOTS=$PWD/docs go test -run TestScreenshots ./internal/console/
func TestScreenshots(t *testing.T) {
	dir := os.Getenv("WAYMARK_SCREENSHOTS")
	if dir == "" {
		t.Skip("set WAYMARK_SCREENSHOTS to a directory to write screenshots")
	}
	f := newFixture(t, store.SQLite)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	// Some history, gaps and feedback, as a group would have after a while.
	u := f.signIn(t, f.a, "sam")
	for i, short := range []string{"Yes, if your constitution says so: most do.", "Yes, if your governing document says so. Most constitutions do."} {
		form := entryForm(t, agm, short)
		form.Set("action", "publish")
		form.Set("version", strconv.Itoa(i))
		if code, _ := u.post(t, "/console/edit", form); code != 303 {
			t.Fatalf("publish: %d", code)
		}
	}
	for i, q := range []string{"can we pay a volunteer expenses in cash", "paying volunteers expenses in cash", "do we need a licence to show a film", "how do we close the group down"} {
		for range 4 - i {
			if err := f.db.RecordUnanswered(ctx, f.a.ID, q, time.Now()); err != nil {
				t.Fatal(err)
			}
		}
	}
	for range 3 {
		if err := f.db.RecordFeedback(ctx, f.a.ID, "funding/grant-applications", false, time.Now()); err != nil {
			t.Fatal(err)
		}
	}
	for _, width := range []int{1280, 390} {
		browser := newBrowser(t, ctx, width, 900)
		if err := chromedp.Do(browser, chromedp.Navigate(f.link(t, f.a, "sam")), chromedp.WaitVisible(chromedp.ID("signin"))); err != nil {
			t.Fatal(err)
		}
		if _, err := chromedp.RunResponse(browser, chromedp.Click(chromedp.ID("signin"))); err != nil {
			t.Fatal(err)
		}
		for name, path := range map[string]string{
			"today":   "/console/",
			"edit":    "/console/edit?layer=group&id=" + agm,
			"history": "/console/history?layer=group&id=" + agm,
		} {
			if err := chromedp.Do(browser, chromedp.Navigate(f.srv.URL+path), chromedp.WaitVisible(chromedp.CSS("main"))); err != nil {
				t.Fatal(err)
			}
			if name == "history" {
				_ = chromedp.Do(browser, chromedp.Evaluate[chromedp.Void](`document.querySelector("details").open = true`))
			}
			png, err := chromedp.Run(browser, chromedp.FullScreenshot(100))
			if err != nil {
				t.Fatal(err)
			}
			file := filepath.Join(dir, fmt.Sprintf("console-%s-%d.png", name, width))
			if err := os.WriteFile(file, png, 0o644); err != nil {
				t.Fatal(err)
			}
			t.Logf("wrote %s", file)
		}
	}
}
