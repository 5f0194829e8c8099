package dates

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/teambition/rrule-go"
)

// Recurrence is how a deadline repeats, as stored: "" (once), "week",
// "fortnight", "month", "year", or "month:" and a weekday of the month in
// RFC 5545 form ("month:+1MO" is the first Monday, "month:-1FR" the last
// Friday). Weekly and fortnightly repeats fall on the first date's
// weekday; monthly and yearly ones on its day of the month.
type Recurrence string

// Recurrences a deadline may have.
const (
	Once        Recurrence = ""
	Weekly      Recurrence = "week"
	Fortnightly Recurrence = "fortnight"
	Monthly     Recurrence = "month"
	Yearly      Recurrence = "year"
)

const nthPrefix = "month:"

var rruleDays = map[time.Weekday]string{
	time.Monday: "MO", time.Tuesday: "TU", time.Wednesday: "WE", time.Thursday: "TH",
	time.Friday: "FR", time.Saturday: "SA", time.Sunday: "SU",
}

var ordinals = map[string]int{
	"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3,
	"fourth": 4, "4th": 4, "last": -1,
}

var ordinalNames = map[int]string{1: "first", 2: "second", 3: "third", 4: "fourth", -1: "last"}

// nthWeekday makes the recurrence "the nth weekday of every month"; n is
// 1-4, or -1 for the last.
func nthWeekday(n int, wd time.Weekday) Recurrence {
	return Recurrence(fmt.Sprintf("%s%+d%s", nthPrefix, n, rruleDays[wd]))
}

// nth reads a "month:+1MO" recurrence.
func (r Recurrence) nth() (n int, wd time.Weekday, ok bool) {
	s, found := strings.CutPrefix(string(r), nthPrefix)
	if !found || len(s) < 4 {
		return 0, 0, false
	}
	n, err := strconv.Atoi(s[:len(s)-2])
	if err != nil || ordinalNames[n] == "" {
		return 0, 0, false
	}
	for d, code := range rruleDays {
		if code == s[len(s)-2:] {
			return n, d, true
		}
	}
	return 0, 0, false
}

// Valid reports whether r is a recurrence this package knows.
func (r Recurrence) Valid() bool {
	switch r {
	case Once, Weekly, Fortnightly, Monthly, Yearly:
		return true
	}
	_, _, ok := r.nth()
	return ok
}

// String says how often, to follow "every": "week", "2 weeks", "month",
// "year", "first Monday of the month".
func (r Recurrence) String() string {
	if n, wd, ok := r.nth(); ok {
		return ordinalNames[n] + " " + wd.String() + " of the month"
	}
	if r == Fortnightly {
		return "2 weeks"
	}
	return string(r)
}

// Repeat is a recurrence as someone asked for it, with the weekday they
// named, if any ("every Monday"), which the dates must fall on.
type Repeat struct {
	Rule Recurrence
	// Weekday is set by "every Monday", "every other Friday" and the
	// weekdays of the month.
	Weekday    time.Weekday
	HasWeekday bool
}

var weekdayNames = func() map[string]time.Weekday {
	m := map[string]time.Weekday{}
	for d := time.Sunday; d <= time.Saturday; d++ {
		name := strings.ToLower(d.String())
		m[name], m[name+"s"], m[name[:3]] = d, d, d
	}
	for abbr, d := range map[string]time.Weekday{"tues": time.Tuesday, "weds": time.Wednesday, "thur": time.Thursday, "thurs": time.Thursday} {
		m[abbr] = d
	}
	return m
}()

// ParseWeekday reads "monday", "Mondays", "mon", "thurs".
func ParseWeekday(s string) (time.Weekday, bool) {
	d, ok := weekdayNames[strings.Trim(strings.ToLower(s), ".,")]
	return d, ok
}

// RepeatExample is shown with refusals.
const RepeatExample = `every week, every other Friday, every first Monday, every last Friday of the month, every month or every year`

// ParseRepeat reads the words after "every" and returns the repeat and how
// many words it used; the words after those are the caller's. It reads
// "week", "weekly", "fortnight", "other week", "2 weeks", "Monday(s)",
// "other Friday", "first|second|third|fourth|last <weekday> [of the
// month|of every month|of each month]", "month", "monthly", "year",
// "yearly", "annually".
func ParseRepeat(words []string) (Repeat, int, error) {
	w := make([]string, len(words))
	for i, s := range words {
		w[i] = strings.Trim(strings.ToLower(s), ".,")
	}
	at := func(i int) string {
		if i < len(w) {
			return w[i]
		}
		return ""
	}
	refuse := func() (Repeat, int, error) {
		return Repeat{}, 0, &Error{Msg: fmt.Sprintf("I can repeat a deadline %s, not every %q.", RepeatExample, strings.Join(words, " ")), Recognised: true}
	}
	switch at(0) {
	case "":
		return refuse()
	case "week", "weekly":
		return Repeat{Rule: Weekly}, 1, nil
	case "fortnight", "fortnightly":
		return Repeat{Rule: Fortnightly}, 1, nil
	case "month", "monthly":
		return Repeat{Rule: Monthly}, 1, nil
	case "year", "yearly", "annually":
		return Repeat{Rule: Yearly}, 1, nil
	case "other", "2", "two", "second":
		if at(0) != "other" && at(1) == "weeks" {
			return Repeat{Rule: Fortnightly}, 2, nil
		}
		if at(1) == "week" {
			return Repeat{Rule: Fortnightly}, 2, nil
		}
		if d, ok := ParseWeekday(at(1)); ok && at(0) == "other" {
			return Repeat{Rule: Fortnightly, Weekday: d, HasWeekday: true}, 2, nil
		}
	}
	if d, ok := ParseWeekday(at(0)); ok {
		return Repeat{Rule: Weekly, Weekday: d, HasWeekday: true}, 1, nil
	}
	if n, ok := ordinals[at(0)]; ok {
		d, ok := ParseWeekday(at(1))
		if !ok {
			return refuse()
		}
		used := 2
		if at(2) == "of" {
			switch {
			case at(3) == "the" && at(4) == "month", at(3) == "every" && at(4) == "month", at(3) == "each" && at(4) == "month":
				used = 5
			case at(3) == "month":
				used = 4
			}
		}
		if at(used) == "monthly" {
			used++
		}
		return Repeat{Rule: nthWeekday(n, d), Weekday: d, HasWeekday: true}, used, nil
	}
	return refuse()
}

// Fits reports whether d can be a date of the repeat: on its weekday, or
// the right weekday of its month.
func (r Repeat) Fits(d Date) bool {
	if n, wd, ok := r.Rule.nth(); ok {
		if d.Weekday() != wd {
			return false
		}
		if n == -1 {
			return d.AddDays(7).Month != d.Month
		}
		return nthOf(d) == n
	}
	return !r.HasWeekday || d.Weekday() == r.Weekday
}

// nthOf is which of its weekday in the month d is: 1 for the first...
func nthOf(d Date) int { return (d.Day-1)/7 + 1 }

// First is the first date from from on that fits the repeat.
func (r Repeat) First(from Date) Date {
	if !r.HasWeekday {
		return from
	}
	d := from
	for !r.Fits(d) {
		d = d.AddDays(1)
	}
	return d
}

// Rule is the RFC 5545 rule for r anchored on the deadline's first date.
// A day the month may lack (29-31) falls back to the month's last day
// rather than skipping the month, which is what RFC 5545 would do and what
// no treasurer wants: BYMONTHDAY lists the candidate days and BYSETPOS=-1
// takes the latest that exists. So 31 Jan monthly gives 28/29 Feb, 30 Apr,
// and 29 Feb yearly gives 28 Feb in common years. Weekly repeats fall on
// the anchor's weekday; "month:+1MO" is BYDAY=+1MO.
func (r Recurrence) Rule(anchor Date) string {
	if n, wd, ok := r.nth(); ok {
		return fmt.Sprintf("FREQ=MONTHLY;BYDAY=%+d%s", n, rruleDays[wd])
	}
	var freq string
	switch r {
	case Weekly:
		return "FREQ=WEEKLY;BYDAY=" + rruleDays[anchor.Weekday()]
	case Fortnightly:
		return "FREQ=WEEKLY;INTERVAL=2;BYDAY=" + rruleDays[anchor.Weekday()]
	case Monthly:
		freq = "FREQ=MONTHLY"
	case Yearly:
		freq = fmt.Sprintf("FREQ=YEARLY;BYMONTH=%d", anchor.Month)
	default:
		return ""
	}
	if anchor.Day <= 28 {
		return fmt.Sprintf("%s;BYMONTHDAY=%d", freq, anchor.Day)
	}
	days := make([]string, 0, 4)
	for d := 28; d <= anchor.Day; d++ {
		days = append(days, fmt.Sprint(d))
	}
	return fmt.Sprintf("%s;BYMONTHDAY=%s;BYSETPOS=-1", freq, strings.Join(days, ","))
}

// Next is the first occurrence of r (anchored on anchor) strictly after
// after. ok is false for a one-off deadline.
func (r Recurrence) Next(anchor, after Date) (next Date, ok bool, err error) {
	if r == Once {
		return Date{}, false, nil
	}
	if !r.Valid() {
		return Date{}, false, fmt.Errorf("recurrence %q: not one this version knows", string(r))
	}
	opt, err := rrule.StrToROption(r.Rule(anchor))
	if err != nil {
		return Date{}, false, fmt.Errorf("recurrence %q: %w", string(r), err)
	}
	// Midnight UTC keeps rrule's arithmetic in whole days, free of any
	// zone's clock changes; the zone applies only when reminders are timed.
	opt.Dtstart = anchor.midnightUTC()
	rule, err := rrule.NewRRule(*opt)
	if err != nil {
		return Date{}, false, fmt.Errorf("recurrence %q: %w", string(r), err)
	}
	t := rule.After(after.midnightUTC(), false)
	if t.IsZero() {
		return Date{}, false, fmt.Errorf("recurrence %q from %s: no next occurrence", string(r), anchor.ISO())
	}
	return DateOf(t), true, nil
}

// Reminder is one reminder of a deadline: how many days before, and when.
type Reminder struct {
	DaysBefore int
	At         time.Time
}

// Reminders are the instants reminders for a deadline on due go out:
// daysBefore[i] days earlier at hour:00 local time in loc. Instants before
// notBefore are dropped; the result is in time order.
func Reminders(due Date, daysBefore []int, hour int, loc *time.Location, notBefore time.Time) []Reminder {
	var out []Reminder
	for _, n := range daysBefore {
		at := due.AddDays(-n).At(hour, 0, loc)
		if at.Before(notBefore) {
			continue
		}
		out = append(out, Reminder{DaysBefore: n, At: at})
	}
	slices.SortFunc(out, func(a, b Reminder) int { return a.At.Compare(b.At) })
	return out
}
