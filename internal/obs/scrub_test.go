package obs_test

import (
	"bytes"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/waymark-org/waymark/internal/obs"
)

func TestScrubRemovesURLPathsAndTokens(t *testing.T) {
	var buf bytes.Buffer
	log := slog.New(obs.Scrub(slog.NewJSONHandler(&buf, nil)))
	hook := "https://hooks.slack.com/commands/T0001/1234/ONE-TIME-TOKEN"
	err := fmt.Errorf("reply: %w", &url.Error{Op: "Post", URL: hook, Err: errors.New("connection refused")})
	log.With("base", "see "+hook).Error("failed "+hook, "err", err, "token", "xoxb-1111-secret",
		slog.Group("g", "u", hook), "app", "uses xapp-1-A0-secret")
	out := buf.String()
	for _, leak := range []string{"ONE-TIME-TOKEN", "xoxb-1111", "xapp-1-A0", "/commands/"} {
		if strings.Contains(out, leak) {
			t.Errorf("log holds %q: %s", leak, out)
		}
	}
	if !strings.Contains(out, "https://hooks.slack.com/[redacted]") || !strings.Contains(out, "connection refused") {
		t.Errorf("scrubbed too much: %s", out)
	}
}

func TestRecoverHTTPCountsAndAnswers500(t *testing.T) {
	var buf bytes.Buffer
	m := obs.New()
	h := obs.RecoverHTTP(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {
		var p *struct{ n int }
		p.n++ // a nil pointer: the kind of bug that panics
	}), slog.New(slog.NewTextHandler(&buf, nil)), m)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/slack/events", nil))
	if rec.Code != http.StatusInternalServerError {
		t.Errorf("status %d, want 500", rec.Code)
	}
	got, err := m.Gather()
	if err != nil {
		t.Fatal(err)
	}
	if got["waymark_panics_recovered_total,worker=http"] != 1 || !strings.Contains(buf.String(), "goroutine ") {
		t.Errorf("panic not counted and logged with its stack: %v\n%s", got, buf.String())
	}
}
