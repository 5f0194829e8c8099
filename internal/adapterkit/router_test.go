package adapterkit

import (
	"context"
	"strings"
	"testing"

	"github.com/waymark-org/waymark/bot"
)

type noted struct{ got []string }

func (n *noted) PostChannel(_ context.Context, t *bot.Tenant, ch string, _ bot.Reply) error {
	n.got = append(n.got, t.Platform+" channel "+ch)
	return nil
}

func (n *noted) DirectMessage(_ context.Context, t *bot.Tenant, user string, _ bot.Reply) error {
	n.got = append(n.got, t.Platform+" dm "+user)
	return nil
}

// Reminders, check-ins and alerts go to the adapter that owns the tenant,
// and a tenant whose platform is not running is an error, not a message
// sent somewhere else.
func TestRouterSendsToTheTenantsPlatform(t *testing.T) {
	ctx := context.Background()
	slack, discord := &noted{}, &noted{}
	r := Router{"slack": slack, "discord": discord}
	if err := r.PostChannel(ctx, &bot.Tenant{Platform: "discord"}, "C1", bot.Reply{}); err != nil {
		t.Fatal(err)
	}
	if err := r.DirectMessage(ctx, &bot.Tenant{Platform: "slack"}, "U1", bot.Reply{}); err != nil {
		t.Fatal(err)
	}
	if strings.Join(discord.got, ",") != "discord channel C1" || strings.Join(slack.got, ",") != "slack dm U1" {
		t.Errorf("slack got %v, discord got %v", slack.got, discord.got)
	}
	if err := r.DirectMessage(ctx, &bot.Tenant{ID: 7, Platform: "teams"}, "U1", bot.Reply{}); err == nil || !strings.Contains(err.Error(), "teams") {
		t.Errorf("a tenant of a platform not running: %v", err)
	}
}
