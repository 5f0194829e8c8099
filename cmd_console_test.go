package main

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/url"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// runCommand runs waymark with args until the test ends, and returns its
// standard output and error as they grow.
func runCommand(t *testing.T, args ...string) (stdout, stderr *lockedBuffer) {
	t.Helper()
	root := newRoot()
	stdout, stderr = &lockedBuffer{}, &lockedBuffer{}
	root.SetOut(stdout)
	root.SetErr(stderr)
	root.SetArgs(args)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- root.ExecuteContext(ctx) }()
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("%s: %v", args, err)
			}
		case <-time.After(30 * time.Second):
			t.Errorf("%s did not stop", args)
		}
	})
	return stdout, stderr
}

func freePort(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return strconv.Itoa(l.Addr().(*net.TCPAddr).Port)
}

var noRedirects = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

// `waymark console` prints a link that signs in once, on the address asked.
func TestConsoleCommandPrintsAOneTimeLink(t *testing.T) {
	addr := "127.0.0.1:" + freePort(t)
	stdout, stderr := runCommand(t, "--db", filepath.Join(t.TempDir(), "w.db"), "console", "--addr", addr)
	linkRe := regexp.MustCompile(`http://` + regexp.QuoteMeta(addr) + `/console/signin\?t=\S+`)
	var link string
	for deadline := time.Now().Add(20 * time.Second); link == ""; {
		link = linkRe.FindString(stdout.String())
		if time.Now().After(deadline) {
			t.Fatalf("no sign-in link printed; stdout %q, stderr %q", stdout.String(), stderr.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
	if strings.Contains(stderr.String(), link[strings.Index(link, "t=")+2:]) {
		t.Error("the sign-in token reached the log")
	}
	u, _ := url.Parse(link)
	signIn := func() *http.Response {
		t.Helper()
		res, err := noRedirects.PostForm("http://"+addr+"/console/signin", url.Values{"t": {u.Query().Get("t")}})
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res
	}
	res := signIn()
	if res.StatusCode != http.StatusSeeOther || len(res.Cookies()) != 1 {
		t.Fatalf("sign in: %s, cookies %v", res.Status, res.Cookies())
	}
	req, _ := http.NewRequest(http.MethodGet, "http://"+addr+"/console/entries", nil)
	req.AddCookie(res.Cookies()[0])
	page, err := noRedirects.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(page.Body)
	page.Body.Close()
	if page.StatusCode != http.StatusOK || !strings.Contains(string(body), "governance/agm-quorum-and-minutes") {
		t.Errorf("entries: %d", page.StatusCode)
	}
	if res := signIn(); res.StatusCode != http.StatusForbidden {
		t.Errorf("second use of the link: %s", res.Status)
	}
}

// `waymark serve` mounts the console at /console.
func TestServeMountsTheConsole(t *testing.T) {
	t.Setenv("SLACK_SIGNING_SECRET", "test-signing-secret")
	port := freePort(t)
	_, stderr := runCommand(t, "--db", filepath.Join(t.TempDir(), "w.db"), "serve", "--port", port, "--public-url", "https://waymark.example")
	base := "http://127.0.0.1:" + port
	for deadline := time.Now().Add(15 * time.Second); ; {
		res, err := noRedirects.Get(base + "/console/")
		if err == nil {
			res.Body.Close()
			if res.StatusCode != http.StatusUnauthorized {
				t.Errorf("/console/ without a session: %s", res.Status)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("serve never answered; stderr:\n%s", stderr.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
	res, err := noRedirects.Get(base + "/console/static/console.js")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		t.Errorf("console script: %s", res.Status)
	}
}
