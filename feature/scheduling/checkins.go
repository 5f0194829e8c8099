package scheduling

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/waymark-org/waymark/bot"
	"github.com/waymark-org/waymark/internal/dates"
)

// The night window: check-ins go out between 08:00 and 20:00 local time.
const (
	CheckinEarliest = 8 * 60
	CheckinLatest   = 20 * 60
	// CheckinStaleAfter is how late a check-in may still go out after
	// downtime; later than that it is skipped, not sent at 3am.
	CheckinStaleAfter = 2 * time.Hour
	// checkinAnswerWindow is how long a check-in stays open for an answer.
	checkinAnswerWindow = 7 * 24 * time.Hour
	// pulsePeriod and pulseMinPeople: moderators see an aggregate of the
	// last four weeks only when at least five people answered.
	pulsePeriod = 28 * 24 * time.Hour
)

const checkinQuestion = "How are you doing with the group this week?"

// checkinPrompt is the check-in itself: a private message with a 1-5
// scale and a skip.
func checkinPrompt() bot.Reply {
	r := bot.Reply{Kind: bot.KindInfo, Private: true, Title: checkinQuestion,
		Text: checkinQuestion + "\n1 = really struggling, 5 = going well. Tap a number (in the terminal, type it), or skip. Only you can see your answers."}
	labels := []string{"1 Struggling", "2", "3", "4", "5 Going well"}
	for i, l := range labels {
		r.Buttons = append(r.Buttons, bot.Button{Action: bot.ActionCheckinAnswer, Label: l, Value: strconv.Itoa(i + 1)})
	}
	r.Buttons = append(r.Buttons, bot.Button{Action: bot.ActionCheckinSkip, Label: "Skip", Value: "skip"})
	return r
}

func (s *Scheduling) checkinCommand(ctx context.Context, req bot.Request, args []string) bot.Reply {
	if req.Tenant == nil || req.UserID == "" {
		return bot.ErrorReply("Check-ins are per person in a group; I can't tell who you are here.")
	}
	if len(args) == 0 {
		return s.checkinStatus(ctx, req)
	}
	rest := args[1:]
	switch strings.ToLower(args[0]) {
	case "on", "start":
		return s.checkinOn(ctx, req, rest)
	case "off", "stop":
		if err := s.store.DeleteCheckinSub(ctx, req.Tenant.ID, req.UserID); err != nil {
			s.log.ErrorContext(ctx, "check-ins off", "tenant", req.Tenant.ID, "err", err)
			return bot.ErrorReply("I couldn't turn check-ins off just now. Please try again.")
		}
		return bot.PrivateInfo("Check-ins are off. Your past answers stay visible to you alone (/waymark checkin history); /waymark forget-me deletes them.")
	case "pause":
		return s.checkinPause(ctx, req, rest)
	case "now":
		return s.checkinNow(ctx, req)
	case "history":
		return s.checkinHistory(ctx, req)
	case "note":
		return s.checkinNote(ctx, req, rest)
	case "pulse":
		return s.pulse(ctx, req)
	}
	return bot.ErrorReply(fmt.Sprintf("I don't know checkin %q. Usage: %s", args[0], checkinCommandUsage))
}

func (s *Scheduling) checkinStatus(ctx context.Context, req bot.Request) bot.Reply {
	sub, err := s.store.CheckinSub(ctx, req.Tenant.ID, req.UserID)
	if errors.Is(err, bot.ErrNotFound) {
		return bot.PrivateInfo("Check-ins are off for you. Turn them on with /waymark checkin on [weekly|fortnightly] [day] [time], e.g. /waymark checkin on weekly friday 16:00. Your answers are private to you.")
	}
	if err != nil {
		return bot.ErrorReply("I couldn't load your check-in settings just now. Please try again.")
	}
	return bot.PrivateInfo("Check-ins are on: " + describeSub(sub, req.Tenant))
}

func describeSub(sub *bot.CheckinSub, t *bot.Tenant) string {
	every := "every week"
	if sub.EveryDays == 14 {
		every = "every other week"
	}
	out := fmt.Sprintf("%s on %ss at %02d:%02d (%s)", every, sub.Weekday, sub.Minute/60, sub.Minute%60, t.Location())
	if !sub.PausedUntil.IsZero() {
		out += ", paused until " + sub.PausedUntil.String()
	}
	return out
}

var clockRE = regexp.MustCompile(`^(\d{1,2})(?::(\d{2}))?\s*(am|pm)?$`)

// parseClock reads "16:00", "4pm", "9am", "9:30am".
func parseClock(s string) (int, bool) {
	m := clockRE.FindStringSubmatch(strings.ToLower(s))
	if m == nil {
		return 0, false
	}
	h, _ := strconv.Atoi(m[1])
	min, _ := strconv.Atoi(m[2])
	switch m[3] {
	case "am":
		if h == 12 {
			h = 0
		}
	case "pm":
		if h < 12 {
			h += 12
		}
	}
	if h > 23 || min > 59 || (m[3] != "" && (h > 23 || m[1] == "0")) {
		return 0, false
	}
	return h*60 + min, true
}

func parseWeekday(s string) (time.Weekday, bool) {
	s = strings.ToLower(s)
	if len(s) < 3 {
		return 0, false
	}
	for d := time.Sunday; d <= time.Saturday; d++ {
		if strings.HasPrefix(strings.ToLower(d.String()), s[:3]) && strings.HasPrefix(strings.ToLower(d.String())+"s", s) {
			return d, true
		}
	}
	return 0, false
}

func (s *Scheduling) checkinOn(ctx context.Context, req bot.Request, args []string) bot.Reply {
	const usage = "Usage: /waymark checkin on [weekly|fortnightly] [day] [time], e.g. /waymark checkin on weekly friday 16:00"
	sub := bot.CheckinSub{TenantID: req.Tenant.ID, UserID: req.UserID, EveryDays: 7, Weekday: time.Monday, Minute: 10 * 60}
	for _, a := range args {
		switch w := strings.ToLower(a); {
		case w == "weekly":
			sub.EveryDays = 7
		case w == "fortnightly" || w == "biweekly":
			sub.EveryDays = 14
		default:
			if d, ok := parseWeekday(w); ok {
				sub.Weekday = d
			} else if m, ok := parseClock(w); ok {
				sub.Minute = m
			} else {
				return bot.ErrorReply(fmt.Sprintf("I didn't understand %q. %s. Nothing was changed.", a, usage))
			}
		}
	}
	var moved string
	if sub.Minute < CheckinEarliest || sub.Minute > CheckinLatest {
		asked := sub.Minute
		sub.Minute = min(max(sub.Minute, CheckinEarliest), CheckinLatest)
		moved = fmt.Sprintf(" I never send check-ins at night, so %02d:%02d became %02d:%02d.", asked/60, asked%60, sub.Minute/60, sub.Minute%60)
	}
	first := nextCheckinSlot(&sub, req.Tenant.Location(), s.now())
	if err := s.store.SaveCheckinSub(ctx, sub, checkinJob(req.Tenant.ID, req.UserID, first, req.Tenant.Location())); err != nil {
		s.log.ErrorContext(ctx, "check-ins on", "tenant", req.Tenant.ID, "err", err)
		return bot.ErrorReply("I couldn't turn check-ins on just now; nothing was changed. Please try again.")
	}
	return bot.PrivateInfo(fmt.Sprintf("Check-ins are on: %s. The first is %s.%s I'll message you privately; your answers and notes are visible to you alone. Moderators can only ever see an anonymous group pulse when at least %d people have answered. Turn them off any time with /waymark checkin off.",
		describeSub(&sub, req.Tenant), first.In(req.Tenant.Location()).Format("Mon 2 Jan at 15:04"), moved, bot.PulseMinPeople))
}

// nextCheckinSlot is the first slot on the person's day and time that is
// after after and on or after the end of any pause. It is computed on
// local calendar days, so 10:00 stays 10:00 across clock changes.
func nextCheckinSlot(sub *bot.CheckinSub, loc *time.Location, after time.Time) time.Time {
	day := dates.DateOf(after.In(loc))
	if !sub.PausedUntil.IsZero() && day.Before(sub.PausedUntil) {
		day = sub.PausedUntil
	}
	for i := 0; i < 8; i++ {
		at := day.At(sub.Minute/60, sub.Minute%60, loc)
		if day.Weekday() == sub.Weekday && at.After(after) {
			return at
		}
		day = day.AddDays(1)
	}
	return day.At(sub.Minute/60, sub.Minute%60, loc) // unreachable: a week holds every weekday
}

// checkinJob is the check-in occurrence at at. Its key is the person and
// the local day, so one person is never asked twice on one day.
func checkinJob(tenantID int64, userID string, at time.Time, loc *time.Location) bot.Job {
	payload, _ := json.Marshal(bot.CheckinPayload{UserID: userID})
	return bot.Job{TenantID: tenantID, Kind: bot.JobCheckin, Key: userID + "/" + dates.DateOf(at.In(loc)).ISO(),
		Subject: "checkin:" + userID, RunAt: at, Payload: payload}
}

func (s *Scheduling) checkinPause(ctx context.Context, req bot.Request, args []string) bot.Reply {
	if len(args) < 2 || !strings.EqualFold(args[0], "until") {
		return bot.ErrorReply("Usage: /waymark checkin pause until <date>, e.g. /waymark checkin pause until 5 Jan")
	}
	sub, err := s.store.CheckinSub(ctx, req.Tenant.ID, req.UserID)
	if errors.Is(err, bot.ErrNotFound) {
		return bot.ErrorReply("Check-ins are off for you, so there is nothing to pause.")
	}
	if err != nil {
		return bot.ErrorReply("I couldn't load your check-in settings just now. Please try again.")
	}
	until, err := s.parser.Parse(strings.Join(args[1:], " "), s.today(req.Tenant))
	if err != nil {
		return bot.ErrorReply(err.Error() + " Nothing was changed.")
	}
	sub.PausedUntil = until
	loc := req.Tenant.Location()
	next := nextCheckinSlot(sub, loc, s.now())
	if err := s.store.SaveCheckinSub(ctx, *sub, checkinJob(req.Tenant.ID, req.UserID, next, loc)); err != nil {
		s.log.ErrorContext(ctx, "pause check-ins", "tenant", req.Tenant.ID, "err", err)
		return bot.ErrorReply("I couldn't pause check-ins just now; nothing was changed. Please try again.")
	}
	return bot.PrivateInfo(fmt.Sprintf("Paused until %s. The next check-in is %s. Taking a break is a good thing to do.", until, next.In(loc).Format("Mon 2 Jan at 15:04")))
}

func (s *Scheduling) checkinNow(ctx context.Context, req bot.Request) bot.Reply {
	now := s.now()
	key := "now/" + strconv.FormatInt(now.UnixMicro(), 10)
	if err := s.store.AskCheckin(ctx, req.Tenant.ID, req.UserID, key, now); err != nil {
		s.log.ErrorContext(ctx, "check-in now", "tenant", req.Tenant.ID, "err", err)
		return bot.ErrorReply("I couldn't start a check-in just now. Please try again.")
	}
	return checkinPrompt()
}

func (s *Scheduling) checkinHistory(ctx context.Context, req bot.Request) bot.Reply {
	hist, err := s.store.CheckinHistory(ctx, req.Tenant.ID, req.UserID, 12)
	if err != nil {
		s.log.ErrorContext(ctx, "check-in history", "tenant", req.Tenant.ID, "err", err)
		return bot.ErrorReply("I couldn't load your check-ins just now. Please try again.")
	}
	if len(hist) == 0 {
		return bot.PrivateInfo("You have no check-in answers yet. Start one with /waymark checkin now.")
	}
	loc := req.Tenant.Location()
	var sb strings.Builder
	sb.WriteString("Your check-ins (only you can see these):")
	for _, c := range hist {
		when := c.AnsweredAt.In(loc).Format("Mon 2 Jan 2006")
		if c.Skipped {
			fmt.Fprintf(&sb, "\n- %s: skipped", when)
			continue
		}
		fmt.Fprintf(&sb, "\n- %s: %d/5", when, c.Score)
		if c.Note != "" {
			fmt.Fprintf(&sb, " (%s)", c.Note)
		}
	}
	return bot.PrivateInfo(sb.String())
}

func (s *Scheduling) checkinNote(ctx context.Context, req bot.Request, args []string) bot.Reply {
	note := strings.TrimSpace(strings.Join(args, " "))
	if note == "" {
		return bot.ErrorReply("Usage: /waymark checkin note <a few words>; it's added to your latest check-in, for your eyes only.")
	}
	if len([]rune(note)) > 1000 {
		return bot.ErrorReply("That note is over 1,000 characters; please shorten it. Nothing was saved.")
	}
	hist, err := s.store.CheckinHistory(ctx, req.Tenant.ID, req.UserID, 1)
	if err != nil {
		return bot.ErrorReply("I couldn't save that note just now. Please try again.")
	}
	if len(hist) == 0 || hist[0].Skipped || s.now().Sub(hist[0].AnsweredAt) > checkinAnswerWindow {
		return bot.ErrorReply("There is no recent check-in answer to add a note to. Start one with /waymark checkin now.")
	}
	if err := s.store.NoteCheckin(ctx, req.Tenant.ID, req.UserID, hist[0].ID, note); err != nil {
		s.log.ErrorContext(ctx, "check-in note", "tenant", req.Tenant.ID, "err", err)
		return bot.ErrorReply("I couldn't save that note just now. Please try again.")
	}
	return bot.PrivateInfo("Noted, privately. Only you can see it, in /waymark checkin history.")
}

func (s *Scheduling) checkinAction(ctx context.Context, req bot.Request, action, value string) bot.Reply {
	if req.Tenant == nil || req.UserID == "" {
		return bot.ErrorReply("That button is no longer available.")
	}
	now := s.now()
	pending, err := s.store.PendingCheckin(ctx, req.Tenant.ID, req.UserID, now.Add(-checkinAnswerWindow))
	if errors.Is(err, bot.ErrNotFound) {
		return bot.PrivateInfo("There's no check-in waiting for you (it may have been answered already). Start one any time with /waymark checkin now.")
	}
	if err != nil {
		s.log.ErrorContext(ctx, "pending check-in", "tenant", req.Tenant.ID, "err", err)
		return bot.ErrorReply("I couldn't record that just now. Please try again.")
	}
	switch action {
	case bot.ActionCheckinSkip:
		if err := s.store.AnswerCheckin(ctx, req.Tenant.ID, req.UserID, pending.ID, 0, true, now); err != nil {
			return bot.ErrorReply("I couldn't record that just now. Please try again.")
		}
		return bot.PrivateInfo("Skipped, no problem. Take care of yourself.")
	case bot.ActionCheckinAnswer:
		score, err := strconv.Atoi(value)
		if err != nil || score < 1 || score > 5 {
			return bot.ErrorReply("Please answer with a number from 1 to 5, or skip.")
		}
		prev, err := s.store.CheckinHistory(ctx, req.Tenant.ID, req.UserID, 5)
		if err != nil {
			return bot.ErrorReply("I couldn't record that just now. Please try again.")
		}
		if err := s.store.AnswerCheckin(ctx, req.Tenant.ID, req.UserID, pending.ID, score, false, now); err != nil {
			s.log.ErrorContext(ctx, "answer check-in", "tenant", req.Tenant.ID, "err", err)
			return bot.ErrorReply("I couldn't record that just now. Please try again.")
		}
		return bot.PrivateInfo(s.acknowledge(ctx, req, score, lastScore(prev)))
	}
	return bot.ErrorReply("That button is no longer available.")
}

// lastScore is the most recent answered (not skipped) score, 0 if none.
func lastScore(hist []bot.Checkin) int {
	for _, c := range hist {
		if !c.Skipped && c.Score > 0 {
			return c.Score
		}
	}
	return 0
}

// NeedsFollowUp says whether an answer gets the supportive follow-up: two
// low answers (1 or 2) in a row, a sharp drop (two points or more since the
// last answer), or the lowest answer at all.
func NeedsFollowUp(score, previous int) bool {
	low := func(n int) bool { return n >= 1 && n <= 2 }
	return score == 1 || (low(score) && low(previous)) || (previous > 0 && previous-score >= 2)
}

var wellbeingEntries = []string{
	"wellbeing/burnout-signs",
	"wellbeing/sharing-the-load-and-succession",
	"wellbeing/supervision-and-reflective-practice",
	"wellbeing/pausing-or-closing-a-group",
	"wellbeing/wellness-action-plan",
}

func (s *Scheduling) acknowledge(ctx context.Context, req bot.Request, score, previous int) string {
	var sb strings.Builder
	switch {
	case score >= 4:
		sb.WriteString("Thanks for checking in. Glad things are going well; it's worth noticing what's helping.")
	case score == 3:
		sb.WriteString("Thanks for checking in. Middling weeks are normal when you're holding a group together.")
	default:
		sb.WriteString("Thank you for telling me. That sounds hard, and it's good that you noticed.")
	}
	if NeedsFollowUp(score, previous) {
		sb.WriteString("\n\nA few things that help organisers when it gets heavy:")
		sb.WriteString("\n- Share the load: ask one person to take one task this week, even a small one.")
		sb.WriteString("\n- Step back for a bit: it's fine to cancel or pause a session, or let someone else run it.")
		sb.WriteString("\n- Talk to someone you trust: a co-organiser, a friend, your GP.")
		sb.WriteString("\n- Get supervision or peer support for yourself, not only for the group.")
		sb.WriteString("\n\nMore in these entries:")
		for _, id := range wellbeingEntries {
			if e := s.entries.Entry(ctx, req.Tenant, id); e != nil {
				fmt.Fprintf(&sb, "\n- %s (/waymark kb show %s)", e.Title, id)
			}
		}
	}
	if score == 1 {
		sb.WriteString("\n\nIf you're struggling to cope or feel unsafe, you don't have to wait. These services are there now:")
		for _, l := range s.lines.LinesFor(req.Jurisdiction()) {
			fmt.Fprintf(&sb, "\n- %s: %s", l.Name, l.How)
			if l.When != "" {
				fmt.Fprintf(&sb, " (%s)", l.When)
			}
		}
		sb.WriteString("\nIn an emergency, call 999.")
	}
	sb.WriteString("\n\nOnly you can see this. Add a private note with /waymark checkin note <text>.")
	return sb.String()
}

func (s *Scheduling) pulse(ctx context.Context, req bot.Request) bot.Reply {
	if !req.IsModerator() {
		return bot.ErrorReply("Only moderators can see the group pulse, and it never shows anyone's answers.")
	}
	scores, err := s.store.PulseScores(ctx, req.Tenant.ID, s.now().Add(-pulsePeriod))
	if err != nil {
		s.log.ErrorContext(ctx, "pulse", "tenant", req.Tenant.ID, "err", err)
		return bot.ErrorReply("I couldn't load the pulse just now. Please try again.")
	}
	// Below the threshold, say nothing about how many answered: even "3
	// people" lets a small group guess who.
	if len(scores) < bot.PulseMinPeople {
		return bot.PrivateInfo(fmt.Sprintf("Not enough check-ins in the last four weeks to show a group pulse. I only show one when at least %d people have answered, so no one can be picked out.", bot.PulseMinPeople))
	}
	var sum, low, mid, high int
	for _, sc := range scores {
		sum += sc
		switch {
		case sc <= 2:
			low++
		case sc == 3:
			mid++
		default:
			high++
		}
	}
	return bot.PrivateInfo(fmt.Sprintf("Group pulse, last four weeks (%d people answered; no names, and not who did or didn't answer): average %.1f out of 5. Going well (4-5): %d. Middling (3): %d. Struggling (1-2): %d.",
		len(scores), float64(sum)/float64(len(scores)), high, mid, low))
}

// deliverCheckin sends a scheduled check-in; skips it when it is stale
// (over two hours late) or paused; and moves it to the morning (a
// bot.SnoozeError) when it is reached at night. The next one is scheduled
// first, whatever happens to this one.
func (s *Scheduling) deliverCheckin(ctx context.Context, t *bot.Tenant, j bot.Job) (string, error) {
	var p bot.CheckinPayload
	if err := json.Unmarshal(j.Payload, &p); err != nil || p.UserID == "" {
		return bot.OutcomeDropped, nil
	}
	sub, err := s.store.CheckinSub(ctx, t.ID, p.UserID)
	if errors.Is(err, bot.ErrNotFound) {
		return bot.OutcomeDropped, nil
	}
	if err != nil {
		return "", err
	}
	loc, now := t.Location(), s.now()
	// The next occurrence comes first and is idempotent, so a retry or a
	// skip never leaves the person without their next check-in.
	// One cadence after this one's day; after long downtime, the first
	// such slot still ahead.
	next := nextCheckinSlot(sub, loc, dates.DateOf(j.RunAt.In(loc)).AddDays(sub.EveryDays-1).At(23, 59, loc))
	for !next.After(now) {
		next = dates.DateOf(next.In(loc)).AddDays(sub.EveryDays).At(sub.Minute/60, sub.Minute%60, loc)
	}
	if err := s.store.EnqueueJob(ctx, checkinJob(t.ID, p.UserID, next, loc)); err != nil {
		return "", err
	}
	local := now.In(loc)
	// Lateness counts from the slot, or from the morning the night window
	// moved it to: after long downtime a check-in is skipped, never sent
	// hours late.
	due := j.RunAt
	if !j.MovedTo.IsZero() {
		due = j.MovedTo
	}
	if now.Sub(due) > CheckinStaleAfter {
		return bot.OutcomeSkipped, nil
	}
	if !sub.PausedUntil.IsZero() && dates.DateOf(local).Before(sub.PausedUntil) {
		return bot.OutcomeSkipped, nil
	}
	if minute := local.Hour()*60 + local.Minute(); minute < CheckinEarliest || minute > CheckinLatest {
		// Due by day but reached at night (a short outage, a slow queue):
		// it goes at the start of the next day window instead.
		day := dates.DateOf(local)
		if minute > CheckinLatest {
			day = day.AddDays(1)
		}
		return "", &bot.SnoozeError{Until: day.At(CheckinEarliest/60, CheckinEarliest%60, loc)}
	}
	if err := s.store.AskCheckin(ctx, t.ID, p.UserID, j.Key, now); err != nil {
		return "", err
	}
	if err := s.notifier.DirectMessage(ctx, t, p.UserID, checkinPrompt()); err != nil {
		return "", fmt.Errorf("send check-in: %w", err)
	}
	return bot.OutcomeSent, nil
}

func (s *Scheduling) forgetCheckins(ctx context.Context, tenantID int64, userID string) (bot.Forgotten, error) {
	n, err := s.store.ForgetCheckins(ctx, tenantID, userID)
	if err != nil {
		return bot.Forgotten{}, err
	}
	return bot.Forgotten{Deleted: []string{fmt.Sprintf("%d check-in%s with any notes, your check-in settings and any check-ins still to come", n, plural(n))}}, nil
}
