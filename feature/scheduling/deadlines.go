package scheduling

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/waymark-org/waymark/bot"
	"github.com/waymark-org/waymark/internal/dates"
)

// DefaultRemindDays are the reminders a deadline gets when none are given.
var DefaultRemindDays = []int{14, 3, 1}

// maxRemindersPerDeadline bounds "remind ..." so one command cannot flood
// a channel.
const maxRemindersPerDeadline = 6

const deadlineUsage = `/waymark deadline add "Lottery bid" 15 Dec remind 14d,3d,1d in #funding`

// reminderHour is the tenant's local reminder hour, 09:00 by default.
func reminderHour(t *bot.Tenant) int {
	if t != nil && t.Settings.ReminderHour != nil {
		return *t.Settings.ReminderHour
	}
	return 9
}

func (s *Scheduling) today(t *bot.Tenant) dates.Date { return dates.DateOf(s.now().In(t.Location())) }

// reminders are d's reminder instants from now on.
func (s *Scheduling) reminders(t *bot.Tenant, d *bot.Deadline) []bot.Reminder {
	if !d.DoneAt.IsZero() {
		return nil
	}
	return dates.Reminders(d.Due, d.ReminderDays(), reminderHour(t), t.Location(), s.now())
}

func (s *Scheduling) deadlineCommand(ctx context.Context, req bot.Request, args []string) bot.Reply {
	if req.Tenant == nil {
		return bot.ErrorReply("Deadlines belong to a group; there is no group here.")
	}
	if len(args) == 0 {
		return bot.ErrorReply("Usage: " + deadlineCommandUsage)
	}
	rest := args[1:]
	switch strings.ToLower(args[0]) {
	case "add", "new":
		return s.addDeadline(ctx, req, rest)
	case "list", "ls":
		return s.listDeadlines(ctx, req)
	case "done":
		return s.withDeadline(ctx, req, rest, "done <number>", s.doneDeadline)
	case "snooze":
		return s.withDeadline(ctx, req, rest, "snooze <number> <how long, e.g. 3d or 1 week>", s.snoozeDeadline)
	case "edit":
		return s.withDeadline(ctx, req, rest, `edit <number> [title "new title"] [date <when>] [every month|year|never] [remind 7d,1d] [in #channel]`, s.editDeadline)
	case "delete", "remove", "rm":
		return s.withDeadline(ctx, req, rest, "delete <number>", s.deleteDeadline)
	case "calendar":
		return s.calendar(ctx, req, rest)
	}
	return bot.ErrorReply(fmt.Sprintf("I don't know deadline %q. Usage: %s", args[0], deadlineCommandUsage))
}

// deadlineOptions are the keyword options of add and edit.
type deadlineOptions struct {
	words   []string      // what is left: title and date
	repeat  *dates.Repeat // "every ..."; Rule Once for "every never"
	remind  []int
	channel string
	// time is "19:00" for "at 7pm", "" for "time none"; nil when not given.
	time *string
}

// clockTime reads a time of day written as one: "7pm", "7:30pm", "19:00".
// A bare number is not one ("15" in "15 Dec" is a day).
func clockTime(s string) (string, bool) {
	l := strings.ToLower(s)
	if !strings.Contains(l, ":") && !strings.HasSuffix(l, "am") && !strings.HasSuffix(l, "pm") {
		return "", false
	}
	m, ok := parseClock(l)
	if !ok {
		return "", false
	}
	return fmt.Sprintf("%02d:%02d", m/60, m%60), true
}

// parseOptions takes "every ...", "remind ...", "at <time>" and
// "in #channel" out of args, wherever they are.
func parseOptions(args []string, allowNever bool) (deadlineOptions, error) {
	var o deadlineOptions
	for i := 0; i < len(args); i++ {
		w := strings.ToLower(args[i])
		switch {
		case w == "every" && i+1 < len(args):
			if allowNever && strings.EqualFold(args[i+1], "never") {
				o.repeat = &dates.Repeat{Rule: dates.Once}
				i++
				continue
			}
			r, n, err := dates.ParseRepeat(args[i+1:])
			if err != nil {
				return o, err
			}
			o.repeat = &r
			i += n
		case w == "remind" && i+1 < len(args):
			var parts []string
			for i+1 < len(args) && !isKeyword(args, i+1) {
				i++
				parts = append(parts, args[i])
			}
			days, err := parseRemind(strings.Join(parts, " "))
			if err != nil {
				return o, err
			}
			o.remind = days
		case w == "in" && i+1 < len(args) && bot.IsChannelRef(args[i+1]):
			i++
			o.channel = bot.ParseChannelRef(args[i])
		case (w == "at" || w == "time") && i+1 < len(args):
			if hm, ok := clockTime(args[i+1]); ok {
				o.time = &hm
				i++
				continue
			}
			if w == "time" && strings.EqualFold(args[i+1], "none") {
				none := ""
				o.time = &none
				i++
				continue
			}
			o.words = append(o.words, args[i])
		default:
			if hm, ok := clockTime(args[i]); ok {
				o.time = &hm
				continue
			}
			o.words = append(o.words, args[i])
		}
	}
	return o, nil
}

func isKeyword(args []string, i int) bool {
	w := strings.ToLower(args[i])
	next := func() string {
		if i+1 < len(args) {
			return args[i+1]
		}
		return ""
	}
	_, clock := clockTime(w)
	_, clockNext := clockTime(next())
	return w == "every" || w == "remind" || w == "title" || w == "date" || clock ||
		(w == "in" && bot.IsChannelRef(next())) || ((w == "at" || w == "time") && clockNext)
}

// remindUsage is shown when reminders cannot be read.
const remindUsage = "Give reminders as days or weeks before, for example remind 14d,3d,1d, remind 2 days before, a week before, remind the day before and on the day, or remind none."

// parseRemind reads when reminders go, before the deadline: "14d,3d,1d",
// "14d, 3d and 1d", "2 days before", "a week before", "the day before",
// "on the day", "me 2 days before", or "none".
func parseRemind(s string) ([]int, error) {
	s = strings.ReplaceAll(strings.ToLower(s), " and ", ",")
	s = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(s), "me "))
	if s == "none" || s == "never" {
		return []int{}, nil
	}
	var days []int
	for _, f := range strings.Split(s, ",") {
		f = strings.Join(strings.Fields(f), " ")
		before := false
		for _, suffix := range []string{" beforehand", " before", " ahead", " in advance", " prior"} {
			if cut, ok := strings.CutSuffix(f, suffix); ok {
				f, before = cut, true
				break
			}
		}
		var n int
		switch {
		case f == "":
			continue
		case !before && slices.Contains([]string{"on the day", "the day itself", "on the day itself", "the same day", "same day"}, f):
			n = 0
		case before && slices.Contains([]string{"the day", "a day", "day"}, f):
			n = 1
		case before && slices.Contains([]string{"the week", "a week", "week"}, f):
			n = 7
		default:
			var err error
			if n, err = dates.ParseDays(f); err != nil {
				return nil, &dates.Error{Msg: fmt.Sprintf("I couldn't read %q as a reminder. %s", f, remindUsage), Recognised: true}
			}
		}
		if !slices.Contains(days, n) {
			days = append(days, n)
		}
	}
	if len(days) == 0 {
		return nil, &dates.Error{Msg: remindUsage, Recognised: true}
	}
	if len(days) > maxRemindersPerDeadline {
		return nil, &dates.Error{Msg: fmt.Sprintf("That's %d reminders; %d is the most for one deadline.", len(days), maxRemindersPerDeadline), Recognised: true}
	}
	slices.Sort(days)
	slices.Reverse(days)
	return days, nil
}

// splitTitleDate finds the longest run of trailing words that is a date;
// the words before it are the title. The longest run read as a date but
// refused (in the past, "next Friday" when it could mean two days) is the
// answer: a shorter run inside it ("Friday") is not tried, or the title
// would swallow "next" and the question would never be asked.
func (s *Scheduling) splitTitleDate(words []string, today dates.Date) (string, dates.Date, error) {
	for i := 1; i < len(words); i++ {
		d, err := s.parser.Parse(strings.Join(words[i:], " "), today)
		if err == nil {
			return strings.Join(words[:i], " "), d, nil
		}
		var de *dates.Error
		if errors.As(err, &de) && de.Recognised {
			return "", dates.Date{}, err
		}
	}
	return "", dates.Date{}, fmt.Errorf("I couldn't find a date at the end of that. Give the title, then the date, %s. For example: %s", dates.Example, deadlineUsage)
}

func (s *Scheduling) addDeadline(ctx context.Context, req bot.Request, args []string) bot.Reply {
	opts, err := parseOptions(args, false)
	if err != nil {
		return bot.ErrorReply(err.Error() + " Nothing was saved. Example: " + deadlineUsage)
	}
	t := req.Tenant
	today := s.today(t)
	var title string
	var due dates.Date
	byWeekday := opts.repeat != nil && opts.repeat.HasWeekday
	switch {
	case byWeekday && len(opts.words) >= 1:
		// "Trustees meeting every first Monday": the repeat says when, so a
		// date is optional. One given must fit it.
		title, due, err = s.splitTitleDate(opts.words, today)
		var de *dates.Error
		if err != nil && !(errors.As(err, &de) && de.Recognised) {
			title, due, err = strings.Join(opts.words, " "), opts.repeat.First(today), nil
		}
		if err == nil && !opts.repeat.Fits(due) {
			first := opts.repeat.First(due)
			return bot.ErrorReply(fmt.Sprintf("%s is not a date of every %s; the first after it is %s. Give that date, or leave the date out. Nothing was saved.", due, repeatName(opts.repeat), first))
		}
	case len(opts.words) < 2:
		return bot.ErrorReply("Give a title and a date. Example: " + deadlineUsage)
	default:
		title, due, err = s.splitTitleDate(opts.words, today)
	}
	if err != nil {
		return bot.ErrorReply(err.Error() + " Nothing was saved.")
	}
	if len([]rune(title)) > 200 {
		return bot.ErrorReply("That title is over 200 characters; please shorten it. Nothing was saved.")
	}
	d := &bot.Deadline{
		TenantID: t.ID, Title: title, Due: due, Anchor: due, RemindDays: DefaultRemindDays,
		ChannelID: req.ChannelID, OwnerID: req.UserID, OwnerName: ownerName(req),
	}
	if opts.repeat != nil {
		d.Recurrence = opts.repeat.Rule
	}
	if opts.time != nil {
		d.Time = *opts.time
	}
	if opts.remind != nil {
		d.RemindDays = opts.remind
	}
	if opts.channel != "" {
		d.ChannelID = opts.channel
	}
	rems := s.reminders(t, d)
	if _, err := s.store.SaveDeadline(ctx, d, rems); err != nil {
		s.log.ErrorContext(ctx, "save deadline", "tenant", t.ID, "err", err)
		return bot.ErrorReply("I couldn't save that deadline just now; nothing was saved. Please try again.")
	}
	return bot.InfoReply("Added. " + s.describe(t, d, rems) + fmt.Sprintf("\nChange it with /waymark deadline edit %d, or mark it done with /waymark deadline done %d.", d.Number, d.Number))
}

// repeatName is how a repeat reads after "every": "Monday", "other
// Friday", "first Monday of the month".
func repeatName(r *dates.Repeat) string {
	switch {
	case r.Rule == dates.Weekly && r.HasWeekday:
		return r.Weekday.String()
	case r.Rule == dates.Fortnightly && r.HasWeekday:
		return "other " + r.Weekday.String()
	}
	return r.Rule.String()
}

// ownerName is how a deadline's owner is shown in lists.
func ownerName(req bot.Request) string {
	if req.UserName != "" {
		return req.UserName
	}
	return req.UserID
}

// describe is the one-line confirmation: "Lottery bid: Tue 15 Dec 2026,
// reminders 1 Dec, 12 Dec, 14 Dec at 09:00".
func (s *Scheduling) describe(t *bot.Tenant, d *bot.Deadline, rems []bot.Reminder) string {
	var sb strings.Builder
	fmt.Fprintf(&sb, "#%d %s: %s", d.Number, d.Title, d.When())
	if d.Recurrence != dates.Once {
		sb.WriteString(", every " + d.Recurrence.String())
	}
	if len(rems) == 0 {
		sb.WriteString(", no reminders to come")
	} else {
		days := make([]string, len(rems))
		for i, r := range rems {
			days[i] = dates.DateOf(r.At.In(t.Location())).Short()
		}
		fmt.Fprintf(&sb, ", reminder%s %s at %02d:00", plural(len(rems)), strings.Join(days, ", "), reminderHour(t))
		if loc := t.Location().String(); loc != "Europe/London" {
			fmt.Fprintf(&sb, " (%s)", loc)
		}
	}
	if d.ChannelID != "" && d.ChannelID != "terminal" {
		fmt.Fprintf(&sb, " in %s", bot.ChannelRef(d.ChannelID))
	}
	if passed := len(d.ReminderDays()) - len(rems); passed > 0 && d.DoneAt.IsZero() {
		fmt.Fprintf(&sb, " (%d reminder time%s already passed)", passed, plural(passed))
	}
	return sb.String()
}

func (s *Scheduling) listDeadlines(ctx context.Context, req bot.Request) bot.Reply {
	ds, unreadable, err := s.store.UpcomingDeadlines(ctx, req.Tenant.ID, 30)
	if err != nil {
		s.log.ErrorContext(ctx, "list deadlines", "tenant", req.Tenant.ID, "err", err)
		return bot.ErrorReply("I couldn't load the deadlines just now. Please try again in a minute.")
	}
	if len(ds) == 0 && len(unreadable) == 0 {
		return bot.InfoReply("No upcoming deadlines. Add one with " + deadlineUsage + ", or your governance calendar with /waymark deadline calendar --year-end 31 March.")
	}
	today := s.today(req.Tenant)
	var sb strings.Builder
	sb.WriteString("Upcoming deadlines:")
	for _, d := range ds {
		fmt.Fprintf(&sb, "\n- #%d %s: %s (%s)", d.Number, d.Title, d.When(), relDays(today.DaysUntil(d.Due)))
		if d.Recurrence != dates.Once {
			fmt.Fprintf(&sb, ", every %s", d.Recurrence)
		}
		if d.OwnerName != "" {
			fmt.Fprintf(&sb, ", added by %s", d.OwnerName)
		}
		if d.EntryID != "" {
			fmt.Fprintf(&sb, " (/waymark kb show %s)", d.EntryID)
		}
	}
	for _, d := range unreadable {
		fmt.Fprintf(&sb, "\n- #%d %s: I couldn't read its date (it was saved by an older version). Delete it with /waymark deadline delete %d and add it again.", d.Number, d.Title, d.Number)
	}
	return bot.InfoReply(sb.String())
}

func relDays(n int) string {
	switch {
	case n == 0:
		return "today"
	case n == 1:
		return "tomorrow"
	case n < 0:
		return fmt.Sprintf("%d day%s ago", -n, plural(-n))
	}
	return fmt.Sprintf("in %d days", n)
}

// withDeadline loads the deadline named by args[0] for a sub-command.
func (s *Scheduling) withDeadline(ctx context.Context, req bot.Request, args []string, usage string,
	fn func(ctx context.Context, req bot.Request, d *bot.Deadline, args []string) bot.Reply) bot.Reply {
	if len(args) == 0 {
		return bot.ErrorReply("Usage: /waymark deadline " + usage + ". See the numbers with /waymark deadline list.")
	}
	id, err := strconv.ParseInt(strings.TrimPrefix(args[0], "#"), 10, 64)
	if err != nil || id <= 0 {
		return bot.ErrorReply(fmt.Sprintf("%q is not a deadline number. Usage: /waymark deadline %s; see the numbers with /waymark deadline list.", args[0], usage))
	}
	d, err := s.store.DeadlineByNumber(ctx, req.Tenant.ID, id)
	if errors.Is(err, bot.ErrNotFound) {
		return bot.ErrorReply(fmt.Sprintf("There is no deadline #%d. See them with /waymark deadline list.", id))
	}
	if errors.Is(err, bot.ErrUnreadable) && d != nil {
		if !strings.HasPrefix(usage, "delete") {
			return bot.ErrorReply(fmt.Sprintf("I couldn't read the date of #%d %s (it was saved by an older version), so I can't change it. Delete it with /waymark deadline delete %d and add it again.", id, d.Title, id))
		}
		err = nil
	}
	if err != nil {
		s.log.ErrorContext(ctx, "load deadline", "tenant", req.Tenant.ID, "err", err)
		return bot.ErrorReply("I couldn't load that deadline just now. Please try again.")
	}
	if refusal, ok := s.mayChange(req, d); !ok {
		return bot.ErrorReply(refusal)
	}
	return fn(ctx, req, d, args[1:])
}

// mayChange says whether the person may change or delete d (edit, snooze,
// done, delete), and if not, why. A deadline is its owner's and the
// moderators'; the statutory calendar's dates are the moderators' alone,
// whoever added them. A deadline whose owner asked to be forgotten has no
// owner, so only moderators may change it.
func (s *Scheduling) mayChange(req bot.Request, d *bot.Deadline) (string, bool) {
	if req.IsModerator() {
		return "", true
	}
	if d.CalendarKey != "" {
		return fmt.Sprintf("Only moderators can change or delete the group's governance calendar dates, such as #%d %s. Nothing was changed.", d.Number, d.Title), false
	}
	if d.OwnerID != "" && d.OwnerID == req.UserID {
		return "", true
	}
	who := "the person who added it"
	if d.OwnerName != "" {
		who = d.OwnerName + ", who added it,"
	}
	return fmt.Sprintf("Only %s or a moderator can change or delete #%d %s. Nothing was changed.", who, d.Number, d.Title), false
}

func (s *Scheduling) save(ctx context.Context, t *bot.Tenant, d *bot.Deadline, what string) (bot.Reply, bool) {
	if err := dates.CheckNotTooFar(d.Due, s.today(t)); err != nil {
		return bot.ErrorReply(err.Error() + " Nothing was changed."), false
	}
	rems := s.reminders(t, d)
	if _, err := s.store.SaveDeadline(ctx, d, rems); err != nil {
		s.log.ErrorContext(ctx, "save deadline", "tenant", t.ID, "deadline", d.ID, "err", err)
		return bot.ErrorReply("I couldn't save that just now; nothing was changed. Please try again."), false
	}
	return bot.InfoReply(what + " " + s.describe(t, d, rems)), true
}

func (s *Scheduling) doneDeadline(ctx context.Context, req bot.Request, d *bot.Deadline, _ []string) bot.Reply {
	if !d.DoneAt.IsZero() {
		return bot.InfoReply(fmt.Sprintf("#%d %s is already done.", d.Number, d.Title))
	}
	title := d.Title
	if d.Recurrence == dates.Once {
		d.DoneAt = s.now()
		r, _ := s.save(ctx, req.Tenant, d, "")
		if r.Kind == bot.KindError {
			return r
		}
		return bot.InfoReply(fmt.Sprintf("Well done: %s is marked done and its reminders are cancelled.", title))
	}
	// The next occurrence after the one just done, and not one already
	// in the past if this was done very late.
	next, today := d.Due, s.today(req.Tenant)
	for {
		n, _, err := d.Recurrence.Next(d.Anchor, next)
		if err != nil {
			s.log.ErrorContext(ctx, "next occurrence", "deadline", d.ID, "err", err)
			return bot.ErrorReply("I couldn't work out the next date for that deadline; nothing was changed.")
		}
		next = n
		if !next.Before(today) {
			break
		}
	}
	d.Due, d.SnoozedUntil = next, dates.Date{}
	r, _ := s.save(ctx, req.Tenant, d, "Well done. Next time:")
	return r
}

// snoozeDeadline puts off the next reminder: none goes out before the day
// snoozed to, one goes out that day, and the later ones as before. The
// deadline's date never moves; that is what edit is for.
func (s *Scheduling) snoozeDeadline(ctx context.Context, req bot.Request, d *bot.Deadline, args []string) bot.Reply {
	usage := fmt.Sprintf("For example /waymark deadline snooze %d 3d, snooze %d 1 week or snooze %d until 10 Dec.", d.Number, d.Number, d.Number)
	if len(args) == 0 {
		return bot.ErrorReply("How long for? " + usage)
	}
	t := req.Tenant
	today := s.today(t)
	var until dates.Date
	if strings.EqualFold(args[0], "until") {
		u, err := s.parser.Parse(strings.Join(args[1:], " "), today)
		if err != nil {
			return bot.ErrorReply(err.Error() + " Nothing was changed.")
		}
		until = u
	} else {
		n, err := dates.ParseDays(strings.Join(args, " "))
		if err != nil || n == 0 {
			return bot.ErrorReply("Give how long to snooze for. " + usage + " Nothing was changed.")
		}
		until = today.AddDays(n)
	}
	if !until.Before(d.Due) {
		return bot.ErrorReply(fmt.Sprintf("%s is not before it is due (%s), so there would be no reminder left to snooze to. Snooze moves only the reminder; to move the deadline itself, use /waymark deadline edit %d date <when>. Nothing was changed.",
			until, d.When(), d.Number))
	}
	if !today.Before(until) {
		return bot.ErrorReply("Snooze to a day after today. " + usage + " Nothing was changed.")
	}
	d.SnoozedUntil = until
	r, _ := s.save(ctx, t, d, fmt.Sprintf("Snoozed. I'll remind you again on %s at %02d:00; %s is still due %s.",
		until.Brief(), reminderHour(t), d.Title, d.When()))
	return r
}

func (s *Scheduling) editDeadline(ctx context.Context, req bot.Request, d *bot.Deadline, args []string) bot.Reply {
	usage := fmt.Sprintf(`Usage: /waymark deadline edit %d [title "new title"] [date <when>] [every week|month|year|first monday|never] [at 7pm|time none] [remind 7d,1d] [in #channel]`, d.Number)
	opts, err := parseOptions(args, true)
	if err != nil {
		return bot.ErrorReply(err.Error() + " Nothing was changed.")
	}
	var title, date []string
	var cur *[]string
	for _, w := range opts.words {
		switch strings.ToLower(w) {
		case "title":
			cur = &title
			continue
		case "date", "when", "due":
			cur = &date
			continue
		}
		if cur == nil {
			return bot.ErrorReply(fmt.Sprintf("I didn't understand %q. %s", w, usage))
		}
		*cur = append(*cur, w)
	}
	if title == nil && date == nil && opts.repeat == nil && opts.remind == nil && opts.channel == "" && opts.time == nil {
		return bot.ErrorReply(usage)
	}
	if title != nil {
		d.Title = strings.Join(title, " ")
	}
	today := s.today(req.Tenant)
	if date != nil {
		due, err := s.parser.Parse(strings.Join(date, " "), today)
		if err != nil {
			return bot.ErrorReply(err.Error() + " Nothing was changed.")
		}
		d.Due, d.Anchor, d.SnoozedUntil = due, due, dates.Date{}
	}
	if opts.repeat != nil {
		rep := opts.repeat
		if !rep.Fits(d.Due) {
			if date != nil {
				return bot.ErrorReply(fmt.Sprintf("%s is not a date of every %s; the first after it is %s. Nothing was changed.", d.Due, repeatName(rep), rep.First(d.Due)))
			}
			// Moving to a weekday repeat without a date: the first date
			// of it from today.
			d.Due, d.SnoozedUntil = rep.First(today), dates.Date{}
		}
		d.Recurrence = rep.Rule
		d.Anchor = d.Due
	}
	if opts.time != nil {
		d.Time = *opts.time
	}
	if opts.remind != nil {
		d.RemindDays = opts.remind
	}
	if opts.channel != "" {
		d.ChannelID = opts.channel
	}
	r, _ := s.save(ctx, req.Tenant, d, "Updated.")
	return r
}

// Actions on deadline buttons.
func (s *Scheduling) deleteDeadline(ctx context.Context, req bot.Request, d *bot.Deadline, args []string) bot.Reply {
	confirmed := len(args) > 0 && strings.EqualFold(args[0], "confirm")
	if d.OwnerID != "" && d.OwnerID != req.UserID && !confirmed {
		r := bot.InfoReply(fmt.Sprintf("#%d %s was added by %s. Are you sure you want to delete it? Type /waymark deadline delete %d confirm, or use the button.",
			d.Number, d.Title, d.OwnerName, d.Number))
		r.Private = true
		r.Buttons = []bot.Button{{Action: bot.ActionDeadlineDeleteConfirm, Label: "Delete it", Value: numberRef(d)}}
		return r
	}
	if err := s.store.DeleteDeadline(ctx, req.Tenant.ID, d.ID); err != nil {
		s.log.ErrorContext(ctx, "delete deadline", "tenant", req.Tenant.ID, "err", err)
		return bot.ErrorReply("I couldn't delete that just now; nothing was changed. Please try again.")
	}
	return bot.InfoReply(fmt.Sprintf("Deleted #%d %s and its reminders.", d.Number, d.Title))
}

func (s *Scheduling) deadlineAction(ctx context.Context, req bot.Request, action, value string) bot.Reply {
	if req.Tenant == nil {
		return bot.ErrorReply("That button is no longer available.")
	}
	ref, err := s.buttonRef(ctx, req.Tenant.ID, value)
	if err != nil {
		return bot.ErrorReply("That deadline is no longer there. See the deadlines with /waymark deadline list.")
	}
	switch action {
	case bot.ActionDeadlineDone:
		return s.withDeadline(ctx, req, []string{ref}, "done <number>", s.doneDeadline)
	case bot.ActionDeadlineDeleteConfirm:
		return s.withDeadline(ctx, req, []string{ref, "confirm"}, "delete <number>", s.deleteDeadline)
	}
	return bot.ErrorReply("That button is no longer available.")
}

// numberRef is the value a deadline's buttons carry: "#" and the group's
// number.
func numberRef(d *bot.Deadline) string { return "#" + strconv.FormatInt(d.Number, 10) }

// buttonRef turns a button's value into a group number ("#3"). Buttons
// posted before per-group numbers carry the bare row id; those are looked
// up by id, still within the tenant.
func (s *Scheduling) buttonRef(ctx context.Context, tenantID int64, value string) (string, error) {
	if strings.HasPrefix(value, "#") {
		return value, nil
	}
	id, err := strconv.ParseInt(value, 10, 64)
	if err != nil {
		return "", fmt.Errorf("deadline button value %q: %w", value, err)
	}
	d, err := s.store.Deadline(ctx, tenantID, id)
	if d == nil {
		return "", err
	}
	return numberRef(d), nil
}

// deliverReminder posts one reminder. The deadline is read again, so a
// reminder for a deadline since deleted, done or moved is dropped.
func (s *Scheduling) deliverReminder(ctx context.Context, t *bot.Tenant, j bot.Job) (string, error) {
	var p bot.ReminderPayload
	if err := json.Unmarshal(j.Payload, &p); err != nil {
		return bot.OutcomeDropped, nil
	}
	d, err := s.store.Deadline(ctx, t.ID, p.DeadlineID)
	if errors.Is(err, bot.ErrNotFound) {
		return bot.OutcomeDropped, nil
	}
	if err != nil {
		return "", err
	}
	if !d.DoneAt.IsZero() || d.Due.ISO() != p.Due {
		return bot.OutcomeDropped, nil
	}
	now := s.now()
	late := now.Sub(j.RunAt) > LateAfter
	if late && s.superseded(t, d, j.RunAt, now) {
		return bot.OutcomeDropped, nil
	}
	today := dates.DateOf(now.In(t.Location()))
	var sb strings.Builder
	if late {
		fmt.Fprintf(&sb, "Late reminder: Waymark was offline when this was due at %s. ", j.RunAt.In(t.Location()).Format("15:04 on Mon 2 Jan"))
	}
	fmt.Fprintf(&sb, "Reminder: %s is due %s (%s).", d.Title, d.When(), relDays(today.DaysUntil(d.Due)))
	if d.EntryID != "" {
		fmt.Fprintf(&sb, " What to do: /waymark kb show %s", d.EntryID)
	}
	if d.OwnerName != "" {
		fmt.Fprintf(&sb, " Added by %s.", d.OwnerName)
	}
	fmt.Fprintf(&sb, " When it's done: /waymark deadline done %d", d.Number)
	r := bot.Reply{Kind: bot.KindInfo, Text: sb.String(), Title: "Reminder: " + d.Title,
		Buttons: []bot.Button{{Action: bot.ActionDeadlineDone, Label: "Mark done", Value: numberRef(d)}}}
	if err := s.notifier.PostChannel(ctx, t, d.ChannelID, r); err != nil {
		return "", fmt.Errorf("post reminder for deadline %d: %w", d.ID, err)
	}
	if late {
		return bot.OutcomeLate, nil
	}
	return bot.OutcomeSent, nil
}

// superseded reports whether a reminder due at runAt, delivered late at
// now, has a later reminder of the same deadline also due by now. After
// downtime, or an uninstall and reinstall, that later one is sent (marked
// late) and this one dropped: one late reminder per deadline, not a pile.
func (s *Scheduling) superseded(t *bot.Tenant, d *bot.Deadline, runAt, now time.Time) bool {
	later := dates.Reminders(d.Due, d.ReminderDays(), reminderHour(t), t.Location(), runAt.Add(time.Second))
	return len(later) > 0 && !later[0].At.After(now)
}

func (s *Scheduling) forgetDeadlines(ctx context.Context, tenantID int64, userID string) (bot.Forgotten, error) {
	titles, err := s.store.ForgetDeadlineOwner(ctx, tenantID, userID)
	if err != nil || len(titles) == 0 {
		return bot.Forgotten{}, err
	}
	n := len(titles)
	itIs, it := "they are", "them"
	if n == 1 {
		itIs, it = "it is", "it"
	}
	return bot.Forgotten{
		Deleted: []string{fmt.Sprintf("your name from %d deadline%s you added", n, plural(n))},
		Kept: []string{fmt.Sprintf("the deadline%s you added (%s), without your name, because %s the group's; only moderators can change or delete %s now",
			plural(n), strings.Join(titles, ", "), itIs, it)},
	}, nil
}
