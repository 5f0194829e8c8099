package bot

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"
)

// JobDigest is the kind of the moderators' weekly digest: one job per
// group a week, keyed by the week, so replicas never send it twice.
const JobDigest = "moderator.digest"

const (
	// DigestAhead: the digest lists entries overdue for review and those
	// falling due before the next digest.
	DigestAhead = 7 * 24 * time.Hour
	// DigestStaleAfter: a digest held up longer than this (downtime) is
	// skipped; next week's covers the same ground.
	DigestStaleAfter = 6 * 24 * time.Hour
	// digestMaxEntries bounds the list in a chat message; the console's
	// Today page has the rest.
	digestMaxEntries = 10
)

// DigestWeek is the digest's key for the ISO week of at: "digest/2026-W49".
func DigestWeek(at time.Time) string {
	y, w := at.ISOWeek()
	return fmt.Sprintf("digest/%d-W%02d", y, w)
}

// WantsDigest says whether the group's moderators get the weekly digest:
// someone is listed to receive it, and the group has not turned it off.
// (Platform admins are moderators too, but no platform lists them to us.)
func (t *Tenant) WantsDigest() bool {
	return t != nil && t.Active && !t.Settings.DigestOff && len(t.Settings.Moderators) > 0
}

// SendDigest sends a group's listed moderators, by DM, the entries due for
// review and how many new questions went unanswered since since. It
// returns the outcome to record; an error means nothing was sent and it
// may be tried again. Unanswered questions are counted only: the store
// keeps no one's name with them, and the digest quotes none, since in a
// small group the wording alone can say who asked.
func (b *Bot) SendDigest(ctx context.Context, tenantID int64, since, now time.Time) (string, error) {
	if b.notifier == nil {
		return "", errors.New("no notifier attached")
	}
	t, err := b.store.Tenant(ctx, tenantID)
	if errors.Is(err, ErrNotFound) {
		return OutcomeDropped, nil
	}
	if err != nil {
		return "", fmt.Errorf("load tenant %d: %w", tenantID, err)
	}
	if !t.WantsDigest() || now.Sub(since) > DigestAhead+DigestStaleAfter {
		return OutcomeSkipped, nil
	}
	type due struct {
		id, title string
		at        time.Time
	}
	var dues []due
	for _, e := range b.LayeredEntries(ctx, t) {
		if at := e.ReviewDue(); !at.IsZero() && at.Before(now.Add(DigestAhead)) {
			dues = append(dues, due{e.ID, e.Title, at})
		}
	}
	sort.Slice(dues, func(i, j int) bool {
		return dues[i].at.Before(dues[j].at) || dues[i].at.Equal(dues[j].at) && dues[i].id < dues[j].id
	})
	qs, err := b.store.UnansweredQuestions(ctx, t.ID, 0)
	if err != nil {
		return "", fmt.Errorf("unanswered questions of tenant %d: %w", t.ID, err)
	}
	newGaps, asked := 0, 0
	for _, q := range qs {
		if !q.FirstSeen.Before(since) {
			newGaps++
			asked += q.Count
		}
	}
	if len(dues) == 0 && newGaps == 0 {
		// Nothing to do this week: no message, so the digest is worth reading when it comes.
		return OutcomeSkipped, nil
	}
	loc := t.Location()
	var sb strings.Builder
	sb.WriteString("Your weekly moderators' digest for " + t.Name + ".")
	if len(dues) > 0 {
		fmt.Fprintf(&sb, "\n\nEntries to check against their sources (%d):", len(dues))
		for i, d := range dues {
			if i == digestMaxEntries {
				fmt.Fprintf(&sb, "\n- and %d more (see the console's Today page)", len(dues)-i)
				break
			}
			when := "due " + d.at.In(loc).Format("2 Jan 2006")
			if d.at.Before(now) {
				when = "overdue since " + d.at.In(loc).Format("2 Jan 2006")
			}
			fmt.Fprintf(&sb, "\n- %s (%s): %s", d.title, d.id, when)
		}
		sb.WriteString("\nMark one reviewed with /waymark kb review <id>.")
	}
	if newGaps > 0 {
		fmt.Fprintf(&sb, "\n\n%d new question%s I couldn't answer since %s, asked %d time%s in all. See them (no names are kept) with /waymark kb gaps or in the console.",
			newGaps, plural(newGaps), since.In(loc).Format("Mon 2 Jan"), asked, plural(asked))
	}
	sb.WriteString("\n\nTurn this digest off with /waymark settings digest off.")
	r := Reply{Kind: KindInfo, Private: true, Title: "Weekly moderators' digest", Text: sb.String()}
	// One failed DM must not make the others send twice on a retry: the
	// job is retried only when no one got it.
	var errs []error
	sent := 0
	for _, m := range t.Settings.Moderators {
		if err := b.notifier.DirectMessage(ctx, t, m, r); err != nil {
			errs = append(errs, err)
			continue
		}
		sent++
	}
	if sent == 0 {
		return "", fmt.Errorf("send digest to tenant %d's moderators: %w", t.ID, errors.Join(errs...))
	}
	if len(errs) > 0 {
		b.log.WarnContext(ctx, "digest not delivered to every moderator", "tenant", t.ID, "sent", sent, "failed", len(errs), "err", errors.Join(errs...))
	}
	return OutcomeSent, nil
}
