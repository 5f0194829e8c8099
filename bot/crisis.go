package bot

import (
	"context"
	"fmt"
	"strings"
)

// crisisReply signposts at once, privately, and alerts the tenant's
// safeguarding lead where one is set. It never searches and never records
// the message.
func (b *Bot) crisisReply(ctx context.Context, req Request, risk Risk) Reply {
	var sb strings.Builder
	if risk == RiskOther {
		sb.WriteString(strings.TrimSpace(b.crisis.Other))
	} else {
		sb.WriteString(strings.TrimSpace(b.crisis.Self))
	}
	sb.WriteString("\n\n")
	for _, l := range b.crisis.LinesFor(b.jurisdiction(req)) {
		fmt.Fprintf(&sb, "- %s: %s", l.Name, l.How)
		if l.When != "" {
			fmt.Fprintf(&sb, " (%s)", l.When)
		}
		sb.WriteString("\n")
	}
	sb.WriteString("\n")
	sb.WriteString(strings.TrimSpace(b.crisis.Closing))
	b.alertSafeguardingLead(ctx, req)
	return Reply{Kind: KindCrisis, Text: sb.String(), Title: "You don't have to deal with this alone", Private: true}
}

// alertSafeguardingLead tells the lead that someone was shown crisis
// support, and where, but not what they wrote: the lead can reach out and
// the person's words stay theirs.
func (b *Bot) alertSafeguardingLead(ctx context.Context, req Request) {
	if req.Tenant == nil || req.Tenant.Settings.SafeguardingLead == "" || b.notifier == nil {
		return
	}
	lead := req.Tenant.Settings.SafeguardingLead
	if lead == req.UserID {
		return
	}
	where := "a direct message"
	if !req.Direct && req.ChannelID != "" {
		where = "channel " + req.ChannelID
	}
	msg := Reply{
		Kind: KindInfo,
		Text: fmt.Sprintf("Safeguarding alert from Waymark: %s (user %s) wrote something in %s that suggests they or someone else may be at risk, and was shown crisis support details. Please check in with them as your group's policy says. Their message is not shown here to respect their privacy.",
			displayName(req), req.UserID, where),
		Private: true,
	}
	if err := b.notifier.DirectMessage(ctx, req.Tenant, lead, msg); err != nil {
		b.log.ErrorContext(ctx, "alert safeguarding lead", "tenant", req.Tenant.ID, "err", err)
	}
}

func displayName(req Request) string {
	if req.UserName != "" {
		return req.UserName
	}
	return "A member"
}
