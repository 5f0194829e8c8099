package adapterkit

import (
	"context"
	"strings"
	"testing"

	"github.com/waymark-org/waymark/bot"
	"github.com/waymark-org/waymark/bot/bottest"
)

// noted is what a notifier was asked to deliver, as "platform kind to".
func noted(n *bottest.Notifier) []string {
	var got []string
	for _, s := range n.Sent() {
		kind := "channel"
		if s.Direct {
			kind = "dm"
		}
		got = append(got, s.Tenant.Platform+" "+kind+" "+s.To)
	}
	return got
}

// Reminders, check-ins and alerts go to the adapter that owns the tenant,
// and a tenant whose platform is not running is an error, not a message
// sent somewhere else.
func TestRouterSendsToTheTenantsPlatform(t *testing.T) {
	ctx := context.Background()
	slack, discord := &bottest.Notifier{}, &bottest.Notifier{}
	r := Router{"slack": slack, "discord": discord}
	if err := r.PostChannel(ctx, &bot.Tenant{Platform: "discord"}, "C1", bot.Reply{}); err != nil {
		t.Fatal(err)
	}
	if err := r.DirectMessage(ctx, &bot.Tenant{Platform: "slack"}, "U1", bot.Reply{}); err != nil {
		t.Fatal(err)
	}
	if strings.Join(noted(discord), ",") != "discord channel C1" || strings.Join(noted(slack), ",") != "slack dm U1" {
		t.Errorf("slack got %v, discord got %v", noted(slack), noted(discord))
	}
	if err := r.DirectMessage(ctx, &bot.Tenant{ID: 7, Platform: "teams"}, "U1", bot.Reply{}); err == nil || !strings.Contains(err.Error(), "teams") {
		t.Errorf("a tenant of a platform not running: %v", err)
	}
}
