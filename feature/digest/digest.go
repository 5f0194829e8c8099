// Package digest is the moderators' weekly digest: entries due for review
// and how many new questions went unanswered, sent by DM to a group's
// listed moderators. internal/jobs plans it (a River periodic job) and
// runs one job per group a week (bot.JobDigest), which calls SendDigest.
package digest

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sort"
	"strings"
	"time"

	"github.com/waymark-org/waymark/bot"
)

// Store is what the digest reads.
type Store interface {
	Tenant(ctx context.Context, id int64) (*bot.Tenant, error)
	UnansweredQuestions(ctx context.Context, tenantID int64, limit int) ([]bot.Unanswered, error)
}

// Entries lists a group's entries as it sees them (feature/library).
type Entries interface {
	LayeredEntries(ctx context.Context, t *bot.Tenant) []bot.LayeredEntry
}

// Config is what a Digest is built from; all but Logger are required.
type Config struct {
	Store    Store
	Entries  Entries
	Notifier bot.Notifier
	Logger   *slog.Logger
}

// Digest sends the weekly digest.
type Digest struct {
	store    Store
	entries  Entries
	notifier bot.Notifier
	log      *slog.Logger
}

// New builds a Digest.
func New(cfg Config) (*Digest, error) {
	if cfg.Store == nil || cfg.Entries == nil || cfg.Notifier == nil {
		return nil, errors.New("new digest: store, entries and notifier are required")
	}
	d := &Digest{store: cfg.Store, entries: cfg.Entries, notifier: cfg.Notifier, log: cfg.Logger}
	if d.log == nil {
		d.log = slog.Default()
	}
	return d, nil
}

const (
	// Ahead: the digest lists entries overdue for review and those
	// falling due before the next digest.
	Ahead = 7 * 24 * time.Hour
	// StaleAfter: a digest held up longer than this (downtime) is
	// skipped; next week's covers the same ground.
	StaleAfter = 6 * 24 * time.Hour
	// maxEntries bounds the list in a chat message; the console's
	// Today page has the rest.
	maxEntries = 10
)

// Week is the digest's job key for the ISO week of at: "digest/2026-W49".
func Week(at time.Time) string {
	y, w := at.ISOWeek()
	return fmt.Sprintf("digest/%d-W%02d", y, w)
}

// Wants says whether the group's moderators get the weekly digest: it is
// installed, someone is listed to receive it, and it has not turned it
// off. (Platform admins are moderators too, but no platform lists them.)
func Wants(t *bot.Tenant) bool {
	return t != nil && t.Active && !t.Settings.DigestOff && len(t.Settings.Moderators) > 0
}

// SendDigest sends a group's listed moderators, by DM, the entries due for
// review and how many new questions went unanswered since since. It
// returns the outcome to record; an error means nothing was sent and it
// may be tried again. Unanswered questions are counted only: the store
// keeps no one's name with them, and the digest quotes none, since in a
// small group the wording alone can say who asked.
func (d *Digest) SendDigest(ctx context.Context, tenantID int64, since, now time.Time) (string, error) {
	t, err := d.store.Tenant(ctx, tenantID)
	if errors.Is(err, bot.ErrNotFound) {
		return bot.OutcomeDropped, nil
	}
	if err != nil {
		return "", fmt.Errorf("load tenant %d: %w", tenantID, err)
	}
	if !Wants(t) || now.Sub(since) > Ahead+StaleAfter {
		return bot.OutcomeSkipped, nil
	}
	type due struct {
		id, title string
		at        time.Time
	}
	var dues []due
	for _, e := range d.entries.LayeredEntries(ctx, t) {
		if at := e.ReviewDue(); !at.IsZero() && at.Before(now.Add(Ahead)) {
			dues = append(dues, due{e.ID, e.Title, at})
		}
	}
	sort.Slice(dues, func(i, j int) bool {
		return dues[i].at.Before(dues[j].at) || dues[i].at.Equal(dues[j].at) && dues[i].id < dues[j].id
	})
	qs, err := d.store.UnansweredQuestions(ctx, t.ID, 0)
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
		return bot.OutcomeSkipped, nil
	}
	loc := t.Location()
	var sb strings.Builder
	sb.WriteString("Your weekly moderators' digest for " + t.Name + ".")
	if len(dues) > 0 {
		fmt.Fprintf(&sb, "\n\nEntries to check against their sources (%d):", len(dues))
		for i, e := range dues {
			if i == maxEntries {
				fmt.Fprintf(&sb, "\n- and %d more (see the console's Today page)", len(dues)-i)
				break
			}
			when := "due " + e.at.In(loc).Format("2 Jan 2006")
			if e.at.Before(now) {
				when = "overdue since " + e.at.In(loc).Format("2 Jan 2006")
			}
			fmt.Fprintf(&sb, "\n- %s (%s): %s", e.title, e.id, when)
		}
		sb.WriteString("\nMark one reviewed with /waymark kb review <id>.")
	}
	if newGaps > 0 {
		fmt.Fprintf(&sb, "\n\n%d new question%s I couldn't answer since %s, asked %d time%s in all. See them (no names are kept) with /waymark kb gaps or in the console.",
			newGaps, plural(newGaps), since.In(loc).Format("Mon 2 Jan"), asked, plural(asked))
	}
	sb.WriteString("\n\nTurn this digest off with /waymark settings digest off.")
	r := bot.Reply{Kind: bot.KindInfo, Private: true, Title: "Weekly moderators' digest", Text: sb.String()}
	// One failed DM must not make the others send twice on a retry: the
	// job is retried only when no one got it.
	var errs []error
	sent := 0
	for _, m := range t.Settings.Moderators {
		if err := d.notifier.DirectMessage(ctx, t, m, r); err != nil {
			errs = append(errs, err)
			continue
		}
		sent++
	}
	if sent == 0 {
		return "", fmt.Errorf("send digest to tenant %d's moderators: %w", t.ID, errors.Join(errs...))
	}
	if len(errs) > 0 {
		d.log.WarnContext(ctx, "digest not delivered to every moderator", "tenant", t.ID, "sent", sent, "failed", len(errs), "err", errors.Join(errs...))
	}
	return bot.OutcomeSent, nil
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
