package scheduling

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/waymark-org/waymark/bot"
	"github.com/waymark-org/waymark/internal/dates"
)

// calendarItem is one recurring governance date, placed relative to the
// group's financial year end.
type calendarItem struct {
	key   string
	title string
	// monthsAfterYearEnd places the date; the first occurrence from today
	// is used, counting from last year's year end first.
	monthsAfterYearEnd int
	entry              string
	remind             []int
	// placeholder dates are good-practice defaults the group should move
	// to its own (a renewal anniversary we cannot know).
	placeholder bool
	// jurisdictions it applies to; empty for all.
	jurisdictions []string
}

// governanceCalendar is the statutory and good-practice calendar of a
// small charity or group. Sources are in each linked entry: the Charity
// Commission (annual return and accounts within 10 months of year end),
// OSCR (9 months), CCNI (10 months), the ICO (annual fee), DBS, Disclosure
// Scotland and AccessNI.
var governanceCalendar = []calendarItem{
	{key: "annual-return", title: "Annual return and accounts due (Charity Commission)", monthsAfterYearEnd: 10,
		entry: "governance/annual-return-england-wales", remind: []int{60, 30, 7}, jurisdictions: []string{"england", "wales"}},
	{key: "annual-return", title: "Annual return and accounts due (OSCR)", monthsAfterYearEnd: 9,
		entry: "governance/annual-return-scotland", remind: []int{60, 30, 7}, jurisdictions: []string{"scotland"}},
	{key: "annual-return", title: "Annual return and accounts due (Charity Commission for Northern Ireland)", monthsAfterYearEnd: 10,
		entry: "governance/annual-return-northern-ireland", remind: []int{60, 30, 7}, jurisdictions: []string{"northern-ireland"}},
	{key: "agm", title: "AGM window closes: hold the AGM and approve the accounts (check your constitution)", monthsAfterYearEnd: 9,
		entry: "governance/agm-quorum-and-minutes", remind: []int{60, 30, 14}},
	{key: "safeguarding-review", title: "Safeguarding policy annual review", monthsAfterYearEnd: 3,
		entry: "safeguarding/safeguarding-policy", remind: []int{30, 7}},
	{key: "insurance", title: "Insurance renewal: check your cover", monthsAfterYearEnd: 0,
		entry: "governance/public-liability-and-volunteer-insurance", remind: []int{30, 7}, placeholder: true},
	{key: "ico-fee", title: "ICO data protection fee renewal", monthsAfterYearEnd: 0,
		entry: "data-protection/ico-data-protection-fee", remind: []int{30, 7}, placeholder: true},
	{key: "criminal-record-checks", title: "DBS Update Service status checks for roles that need them", monthsAfterYearEnd: 6,
		entry: "safeguarding/dbs-update-service", remind: []int{14, 3}, jurisdictions: []string{"england", "wales"}},
	{key: "criminal-record-checks", title: "PVG scheme membership checks for regulated roles", monthsAfterYearEnd: 6,
		entry: "safeguarding/pvg-scheme-scotland", remind: []int{14, 3}, jurisdictions: []string{"scotland"}},
	{key: "criminal-record-checks", title: "AccessNI check review for roles that need them", monthsAfterYearEnd: 6,
		entry: "safeguarding/accessni-checks", remind: []int{14, 3}, jurisdictions: []string{"northern-ireland"}},
}

func (s *Scheduling) calendar(ctx context.Context, req bot.Request, args []string) bot.Reply {
	const usage = "Usage: /waymark deadline calendar --year-end 31 March (your financial year end)"
	text := strings.Join(args, " ")
	text = strings.TrimSpace(strings.TrimPrefix(strings.TrimPrefix(text, "--year-end"), "="))
	if text == "" || len(args) == 0 || !strings.HasPrefix(args[0], "--year-end") {
		return bot.ErrorReply(usage)
	}
	if !req.IsModerator() {
		return bot.ErrorReply("Only moderators can add the governance calendar: its dates are the group's statutory ones. Ask a moderator to run " + strings.TrimPrefix(usage, "Usage: ") + ".")
	}
	t := req.Tenant
	today := s.today(t)
	nextYE, err := s.parser.Parse(text, today)
	if err != nil {
		return bot.ErrorReply(err.Error() + " " + usage)
	}
	lastYE := dates.AddMonths(nextYE, -12)
	jur := t.Jurisdiction
	if jur == "" {
		jur = "england"
	}
	type line struct {
		due  dates.Date
		text string
	}
	var added []line
	var existing []string
	var placeholders bool
	for _, it := range governanceCalendar {
		if len(it.jurisdictions) > 0 && !slices.Contains(it.jurisdictions, jur) {
			continue
		}
		due := dates.AddMonths(lastYE, it.monthsAfterYearEnd)
		if due.Before(today) {
			due = dates.AddMonths(nextYE, it.monthsAfterYearEnd)
		}
		d := &bot.Deadline{TenantID: t.ID, Title: it.title, Due: due, Anchor: due, Recurrence: dates.Yearly,
			RemindDays: it.remind, ChannelID: req.ChannelID, OwnerID: req.UserID, OwnerName: ownerName(req),
			EntryID: it.entry, CalendarKey: "calendar/" + it.key}
		rems := s.reminders(t, d)
		saved, err := s.store.SaveDeadline(ctx, d, rems)
		if err != nil {
			s.log.ErrorContext(ctx, "save calendar deadline", "tenant", t.ID, "err", err)
			return bot.ErrorReply(fmt.Sprintf("I couldn't save the calendar just now (%d added before the error). Running the command again adds only what is missing.", len(added)))
		}
		if !saved {
			existing = append(existing, it.title)
			continue
		}
		text := "- " + s.describe(t, d, rems) + " (/waymark kb show " + it.entry + ")"
		if it.placeholder {
			text += " *"
			placeholders = true
		}
		added = append(added, line{due, text})
	}
	// In date order, soonest first, as a calendar reads.
	slices.SortStableFunc(added, func(a, b line) int { return a.due.Compare(b.due) })
	var sb strings.Builder
	fmt.Fprintf(&sb, "Governance calendar for %s, year end %s:", knownJurisdiction(jur), nextYE.Short())
	for _, l := range added {
		sb.WriteString("\n" + l.text)
	}
	if len(existing) > 0 {
		fmt.Fprintf(&sb, "\nAlready in your deadlines, so not added again: %s.", strings.Join(existing, "; "))
	}
	if placeholders {
		sb.WriteString("\n* These renew on your own anniversary, which I can't know: set the real date with /waymark deadline edit <number> date <when>.")
	}
	sb.WriteString("\nAll repeat every year; dates are general guidance, so check them against your governing document and the linked entries.")
	return bot.InfoReply(sb.String())
}

func knownJurisdiction(j string) string {
	switch j {
	case "england", "wales":
		return "England and Wales"
	case "scotland":
		return "Scotland"
	case "northern-ireland":
		return "Northern Ireland"
	}
	return j
}
