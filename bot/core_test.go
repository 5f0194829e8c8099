package bot_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/waymark-org/waymark/bot"
	"github.com/waymark-org/waymark/bot/bottest"
)

func TestNewRequiresASafeguard(t *testing.T) {
	if _, err := bot.New(bot.Config{}); !errors.Is(err, bot.ErrNoSafeguard) {
		t.Fatalf("New without a safeguard: err = %v, want ErrNoSafeguard", err)
	}
}

// TestHandleScreensFirst: the screen reads the whole text before the
// length check, command routing, a registered command or the answerer.
func TestHandleScreensFirst(t *testing.T) {
	sg := &bottest.Safeguard{}
	b, err := bot.New(bot.Config{Safeguard: sg})
	if err != nil {
		t.Fatal(err)
	}
	ran := false
	if err := b.Register(bot.Command{Name: "deadline", Usage: "/waymark deadline", Run: func(context.Context, bot.Request, []string) bot.Reply {
		ran = true
		return bot.InfoReply("ran")
	}}); err != nil {
		t.Fatal(err)
	}
	tn := bottest.Tenant(1, "england")
	for _, tt := range []struct {
		name string
		req  bot.Request
	}{
		{"too long", bot.Request{Tenant: tn, Text: strings.Repeat("word ", bot.MaxMessageRunes) + "CRISIS"}},
		{"slash command", bot.Request{Tenant: tn, Text: "deadline list CRISIS", Command: true}},
		{"typed command", bot.Request{Tenant: tn, Text: "/waymark deadline CRISIS"}},
		{"question", bot.Request{Tenant: tn, Text: "what now CRISIS"}},
	} {
		if r := b.Handle(context.Background(), tt.req); r.Kind != bot.KindCrisis || !r.Private {
			t.Errorf("%s: got %s, want the private crisis reply", tt.name, r.Kind)
		}
	}
	if ran {
		t.Error("a command ran for a risky message")
	}
	if r := b.Handle(context.Background(), bot.Request{Tenant: tn, Text: "deadline list", Command: true}); !ran || r.Text != "ran" {
		t.Errorf("a safe command did not run: %+v", r)
	}
}

func TestRegisterRefusesClashes(t *testing.T) {
	b, err := bot.New(bot.Config{Safeguard: &bottest.Safeguard{}})
	if err != nil {
		t.Fatal(err)
	}
	run := func(context.Context, bot.Request, []string) bot.Reply { return bot.Reply{} }
	if err := b.Register(bot.Command{Name: "help", Run: run}); err == nil {
		t.Error("registering help twice succeeded")
	}
	act := func(context.Context, bot.Request, string, string) bot.Reply { return bot.Reply{} }
	if err := b.RegisterAction("checkin.", act); err != nil {
		t.Fatal(err)
	}
	if err := b.RegisterAction("checkin.answer", act); err == nil {
		t.Error("an overlapping action prefix was accepted")
	}
}
