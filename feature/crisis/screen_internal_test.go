package crisis

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"testing"

	"github.com/waymark-org/waymark/bot"
	"github.com/waymark-org/waymark/safety"
)

// A screen that fails must still leave the person with the numbers, and
// the log must not carry what they wrote.
func TestAFailingScreenStillShowsTheNumbers(t *testing.T) {
	var logged bytes.Buffer
	c, err := New(Config{Logger: slog.New(slog.NewTextHandler(&logged, nil))})
	if err != nil {
		t.Fatal(err)
	}
	c.screen = func(string) safety.Verdict { panic("index out of range") }
	const msg = "I can't keep going, it's all too much tonight"
	v := c.Screen(msg)
	if !v.Risky() {
		t.Fatalf("a failing screen gave %v, want a crisis-path verdict", v.Level)
	}
	r := c.CrisisReply(context.Background(), bot.Request{Tenant: &bot.Tenant{Jurisdiction: "england"}, UserID: "U1", Text: msg}, v)
	if r.Kind != bot.KindCrisis || !strings.Contains(r.Text, "116 123") || !r.Private {
		t.Fatalf("got %s, private %v: %q", r.Kind, r.Private, r.Text)
	}
	if !strings.Contains(logged.String(), "crisis screen failed") {
		t.Errorf("the failure was not logged: %q", logged.String())
	}
	if strings.Contains(logged.String(), "keep going") {
		t.Errorf("the log holds the message: %q", logged.String())
	}
}
