package dates

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/teambition/rrule-go"
)

// Recurrence is how a deadline repeats: "" (once), "month" or "year".
type Recurrence string

// Recurrences a deadline may have.
const (
	Once    Recurrence = ""
	Monthly Recurrence = "month"
	Yearly  Recurrence = "year"
)

// ParseRecurrence reads the word after "every".
func ParseRecurrence(s string) (Recurrence, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "month", "monthly":
		return Monthly, nil
	case "year", "yearly", "annually":
		return Yearly, nil
	}
	return Once, refuse("A deadline can repeat every month or every year, not %q.", s)
}

// Rule is the RFC 5545 rule for r anchored on the deadline's first date.
// A day the month may lack (29-31) falls back to the month's last day
// rather than skipping the month, which is what RFC 5545 would do and what
// no treasurer wants: BYMONTHDAY lists the candidate days and BYSETPOS=-1
// takes the latest that exists. So 31 Jan monthly gives 28/29 Feb, 30 Apr,
// and 29 Feb yearly gives 28 Feb in common years.
func (r Recurrence) Rule(anchor Date) string {
	var freq string
	switch r {
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
	opt, err := rrule.StrToROption(r.Rule(anchor))
	if err != nil {
		return Date{}, false, fmt.Errorf("recurrence %q: %w", r, err)
	}
	// Midnight UTC keeps rrule's arithmetic in whole days, free of any
	// zone's clock changes; the zone applies only when reminders are timed.
	opt.Dtstart = anchor.midnightUTC()
	rule, err := rrule.NewRRule(*opt)
	if err != nil {
		return Date{}, false, fmt.Errorf("recurrence %q: %w", r, err)
	}
	t := rule.After(after.midnightUTC(), false)
	if t.IsZero() {
		return Date{}, false, fmt.Errorf("recurrence %q from %s: no next occurrence", r, anchor.ISO())
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
