// Package dates reads the dates organisers type ("15 Dec", "next Friday",
// "end of March", "in 3 weeks", "15/12/2026", "2026-12-15") in UK order and
// computes recurrences and reminder instants in a group's time zone.
//
// Casual phrases (today, tomorrow) go to github.com/olebedev/when. The
// rest are matched here: when reads no years after a month name, its month
// arithmetic wraps the year wrongly ("in 2 months" in November lands in
// January of the same year), and weekdays need one rule of our own (see
// weekday); the few patterns are small and tested.
//
// Ambiguity policy: numbers are always day first (03/04 is 3 April), and
// every parsed date is confirmed back with its weekday and month spelt
// out, so a misreading is visible at once. What cannot be settled by that
// rule is refused with an example: a month with no day ("March"), a 29
// February in a year that has none, "next Friday" said while this week's
// Friday is still to come, text left over beside the date, a time of day
// (deadlines are days; a meeting's time is an option of its own), any date
// before today and any more than MaxYearsAhead years ahead.
package dates

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/olebedev/when"
	"github.com/olebedev/when/rules"
	"github.com/olebedev/when/rules/en"
)

// Date is a calendar day with no time or zone: a deadline falls on a day
// wherever the group is.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// DateOf is the calendar day of t in t's location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{y, m, d}
}

// ParseISO reads "2006-01-02".
func ParseISO(s string) (Date, error) {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		return Date{}, fmt.Errorf("parse date %q: %w", s, err)
	}
	return DateOf(t), nil
}

// ISO is "2006-01-02", the form stored in the database.
func (d Date) ISO() string { return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day) }

// String is the long form used in confirmations: "Tue 15 Dec 2026".
func (d Date) String() string { return d.midnightUTC().Format("Mon 2 Jan 2006") }

// Brief is "Tue 15 Dec".
func (d Date) Brief() string { return d.midnightUTC().Format("Mon 2 Jan") }

// Short is "15 Dec".
func (d Date) Short() string { return d.midnightUTC().Format("2 Jan") }

// IsZero reports whether d is the zero Date.
func (d Date) IsZero() bool { return d == Date{} }

// AddDays moves d by n days (n may be negative).
func (d Date) AddDays(n int) Date { return DateOf(d.midnightUTC().AddDate(0, 0, n)) }

// Compare is -1, 0 or +1 as d is before, on or after e.
func (d Date) Compare(e Date) int { return d.midnightUTC().Compare(e.midnightUTC()) }

// Before reports whether d is an earlier day than e.
func (d Date) Before(e Date) bool { return d.midnightUTC().Before(e.midnightUTC()) }

// Weekday is d's day of the week.
func (d Date) Weekday() time.Weekday { return d.midnightUTC().Weekday() }

// DaysUntil is the number of days from d to e (negative if e is earlier).
func (d Date) DaysUntil(e Date) int {
	return int(e.midnightUTC().Sub(d.midnightUTC()).Hours() / 24)
}

// At is the instant at hour:minute local time on d in loc. Go's time.Date
// keeps the wall clock across clock changes, so 09:00 is 09:00 in both GMT
// and BST. A wall time that does not exist (inside the spring-forward gap)
// is moved forward by the gap, as time.Date does.
func (d Date) At(hour, minute int, loc *time.Location) time.Time {
	return time.Date(d.Year, d.Month, d.Day, hour, minute, 0, 0, loc)
}

func (d Date) midnightUTC() time.Time { return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC) }

func (d Date) valid() bool { return DateOf(d.midnightUTC()) == d }

// daysIn is the number of days in a month.
func daysIn(y int, m time.Month) int { return time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day() }

// Error is a date the user typed that was refused. Its message says why
// and gives an example, and is meant to be shown as it is.
type Error struct {
	Msg string
	// Recognised is true when the text was a date, refused for a reason
	// such as being in the past, rather than not a date at all.
	Recognised bool
}

func (e *Error) Error() string { return e.Msg }

func refuse(format string, args ...any) error {
	return &Error{Msg: fmt.Sprintf(format, args...), Recognised: true}
}

func unreadable(format string, args ...any) error { return &Error{Msg: fmt.Sprintf(format, args...)} }

// Example is shown with refusals.
const Example = `for example "15 Dec", "15/12/2026", "next Friday", "end of March" or "in 3 weeks"`

// Parser reads dates relative to a clock.
type Parser struct {
	w *when.Parser
}

// NewParser builds a Parser. It is safe for concurrent use.
func NewParser() *Parser {
	w := when.New(nil)
	w.Add(en.Weekday(rules.Override), en.CasualDate(rules.Override), en.Deadline(rules.Override))
	return &Parser{w: w}
}

var months = map[string]time.Month{}

func init() {
	for m := time.January; m <= time.December; m++ {
		name := strings.ToLower(m.String())
		months[name] = m
		months[name[:3]] = m
	}
	months["sept"] = time.September
}

const monthRE = `(january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\.?`

var (
	isoRE      = regexp.MustCompile(`^(\d{4})-(\d{1,2})-(\d{1,2})$`)
	numericRE  = regexp.MustCompile(`^(\d{1,2})[/.\-](\d{1,2})(?:[/.\-](\d{2}|\d{4}))?$`)
	dayMonthRE = regexp.MustCompile(`^(?:(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)[a-z]*,?\s+)?(\d{1,2})(?:st|nd|rd|th)?(?:\s+of)?\s+` + monthRE + `(?:,?\s+(\d{4}))?$`)
	monthDayRE = regexp.MustCompile(`^` + monthRE + `\s+(\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(\d{4}))?$`)
	endOfRE    = regexp.MustCompile(`^(?:the\s+)?(?:end|last\s+day)\s+of\s+(?:(the\s+)?month|` + monthRE + `(?:\s+(\d{4}))?)$`)
	monthOnly  = regexp.MustCompile(`^(?:in\s+)?` + monthRE + `(?:\s+\d{4})?$`)
	inRE       = regexp.MustCompile(`^in\s+(a|an|one|two|three|four|five|six|seven|eight|nine|ten|\d+)\s+(day|week|fortnight|month|year)s?$`)
	timeRE     = regexp.MustCompile(`\d\s*(am|pm)\b|\d{1,2}:\d{2}|\b(noon|midday|midnight|morning|afternoon|evening|tonight)\b`)
)

var numberWords = map[string]int{"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}

// MaxYearsAhead is how far ahead a date may be. Nothing a group plans is
// further off, and a bound keeps every stored date a four-digit year that
// both databases and every reader handle ("in 8000 years" was once saved
// as year 10026, which nothing could read back).
const MaxYearsAhead = 10

// Latest is the furthest date accepted when today is today.
func Latest(today Date) Date { return AddMonths(today, 12*MaxYearsAhead) }

// CheckRange refuses a date before today or more than MaxYearsAhead years
// after it.
func CheckRange(d, today Date) error {
	if d.Before(today) {
		return refuse("%s has already passed. Give a date from today on, %s.", d, Example)
	}
	return CheckNotTooFar(d, today)
}

// CheckNotTooFar refuses a date more than MaxYearsAhead years after today.
func CheckNotTooFar(d, today Date) error {
	if last := Latest(today); last.Before(d) {
		return refuse("%s is more than %d years ahead; the furthest I keep is %s. Give a nearer date, %s.", d.describeFar(), MaxYearsAhead, last, Example)
	}
	return nil
}

// describeFar names a date that may be too far off to print as a date.
func (d Date) describeFar() string {
	if d.Year > 9999 {
		return fmt.Sprintf("The year %d", d.Year)
	}
	return d.String()
}

// Parse reads s as a day from today to MaxYearsAhead years ahead, where
// today is the date in the group's time zone. A refusal is an *Error.
func (p *Parser) Parse(s string, today Date) (Date, error) {
	d, err := p.parse(s, today)
	if err != nil {
		return Date{}, err
	}
	if err := CheckRange(d, today); err != nil {
		return Date{}, err
	}
	return d, nil
}

func (p *Parser) parse(s string, today Date) (Date, error) {
	in := strings.Join(strings.Fields(strings.ToLower(s)), " ")
	in = strings.TrimPrefix(in, "on ")
	if in == "" {
		return Date{}, unreadable("Please give a date, %s.", Example)
	}
	if timeRE.MatchString(in) {
		return Date{}, refuse("Deadlines are whole days, so leave out the time (%q); reminders go at your group's reminder hour. Try %s.", s, Example)
	}
	if m := isoRE.FindStringSubmatch(in); m != nil {
		return exact(atoi(m[1]), atoi(m[2]), atoi(m[3]), s)
	}
	if m := numericRE.FindStringSubmatch(in); m != nil {
		day, month := atoi(m[1]), atoi(m[2])
		if m[3] == "" {
			return nextOccurrence(day, time.Month(month), today, s)
		}
		year := atoi(m[3])
		if len(m[3]) == 2 {
			year += 2000
		}
		return exact(year, month, day, s)
	}
	if m := dayMonthRE.FindStringSubmatch(in); m != nil {
		return dayMonth(atoi(m[1]), months[m[2]], m[3], today, s)
	}
	if m := monthDayRE.FindStringSubmatch(in); m != nil {
		return dayMonth(atoi(m[2]), months[m[1]], m[3], today, s)
	}
	if m := endOfRE.FindStringSubmatch(in); m != nil {
		if m[2] == "" && strings.HasSuffix(in, "month") {
			return Date{today.Year, today.Month, daysIn(today.Year, today.Month)}, nil
		}
		month := months[m[2]]
		if m[3] != "" {
			y := atoi(m[3])
			return Date{y, month, daysIn(y, month)}, nil
		}
		d := Date{today.Year, month, daysIn(today.Year, month)}
		if d.Before(today) {
			d = Date{today.Year + 1, month, daysIn(today.Year+1, month)}
		}
		return d, nil
	}
	if m := monthOnly.FindStringSubmatch(in); m != nil {
		name := months[m[1]].String()
		return Date{}, refuse("Which day in %s? Try \"1 %s\" or \"end of %s\".", name, name[:3], name)
	}
	if m := inRE.FindStringSubmatch(in); m != nil {
		n, ok := numberWords[m[1]]
		if !ok {
			var err error
			if n, err = strconv.Atoi(m[1]); err != nil || n > 12*100*MaxYearsAhead {
				return Date{}, refuse("%q is more than %d years ahead. Give a nearer date, %s.", s, MaxYearsAhead, Example)
			}
		}
		switch m[2] {
		case "day":
			return today.AddDays(n), nil
		case "week":
			return today.AddDays(7 * n), nil
		case "fortnight":
			return today.AddDays(14 * n), nil
		case "month":
			return AddMonths(today, n), nil
		case "year":
			return AddMonths(today, 12*n), nil
		}
	}
	if m := weekdayRE.FindStringSubmatch(in); m != nil {
		if wd, ok := ParseWeekday(m[2]); ok {
			return weekday(m[1], wd, m[3] != "", today, s)
		}
	}
	return p.relative(in, s, today)
}

var weekdayRE = regexp.MustCompile(`^(?:(this|next|on)\s+)?([a-z]+)(\s+week)?$`)

// weekday is the one rule for naming a weekday. Weeks run Monday to
// Sunday, as in the UK. "Friday", "on Friday" and "this Friday" are the
// first Friday after today; "Friday week" is the one a week after that.
// "next Friday" is the Friday of next week: when the coming Friday is
// already in next week (said on a Saturday or Sunday) that is the coming
// one; when it is still in this week, people mean either, so the question
// is asked back with both dates rather than guessed.
func weekday(qualifier string, wd time.Weekday, weekLater bool, today Date, orig string) (Date, error) {
	coming := today.AddDays(1)
	for coming.Weekday() != wd {
		coming = coming.AddDays(1)
	}
	name := wd.String()
	switch {
	case weekLater && qualifier == "next":
		return Date{}, unreadable("I'm not sure which day %q is. Say \"%s week\" for %s, or give the date.", orig, name, coming.AddDays(7))
	case weekLater:
		return coming.AddDays(7), nil
	case qualifier == "next" && weekStart(coming) == weekStart(today):
		return Date{}, refuse("\"next %s\" could mean %s (this week) or %s (next week). Say \"this %s\" or \"%s week\", or give the date.",
			name, coming, coming.AddDays(7), name, name)
	}
	return coming, nil
}

// weekStart is the Monday of d's week.
func weekStart(d Date) Date { return d.AddDays(-((int(d.Weekday()) + 6) % 7)) }

// relative hands weekdays and casual dates to olebedev/when, and refuses
// anything it matched only part of.
func (p *Parser) relative(in, orig string, today Date) (Date, error) {
	base := time.Date(today.Year, today.Month, today.Day, 12, 0, 0, 0, time.UTC)
	r, err := p.w.Parse(in, base)
	if err != nil || r == nil {
		return Date{}, unreadable("I couldn't read %q as a date. Try %s.", orig, Example)
	}
	left := strings.TrimSpace(in[:r.Index] + " " + in[r.Index+len(r.Text):])
	if left != "" {
		return Date{}, unreadable("I read a date in %q but not the words %q, so I've saved nothing. Give just the date, %s.", orig, left, Example)
	}
	return DateOf(r.Time), nil
}

// AddMonths moves d by n months, keeping the day where the month has it and
// otherwise using the month's last day (31 Jan + 1 month = 28 or 29 Feb).
func AddMonths(d Date, n int) Date {
	first := time.Date(d.Year, d.Month+time.Month(n), 1, 0, 0, 0, 0, time.UTC)
	y, m := first.Year(), first.Month()
	day := min(d.Day, daysIn(y, m))
	return Date{y, m, day}
}

func exact(y, m, d int, orig string) (Date, error) {
	out := Date{y, time.Month(m), d}
	if m < 1 || m > 12 || d < 1 || !out.valid() {
		return Date{}, refuse("%q is not a real date (dates are day first: 15/12/2026 is 15 December). Try %s.", orig, Example)
	}
	return out, nil
}

func dayMonth(day int, month time.Month, year string, today Date, orig string) (Date, error) {
	if year != "" {
		return exact(atoi(year), int(month), day, orig)
	}
	return nextOccurrence(day, month, today, orig)
}

// nextOccurrence is the first day/month on or after today. A 29 February
// whose next occurrence is not next year is refused rather than guessed.
func nextOccurrence(day int, month time.Month, today Date, orig string) (Date, error) {
	if month < 1 || month > 12 || day < 1 || day > 31 {
		return Date{}, refuse("%q is not a real date (dates are day first: 15/12 is 15 December). Try %s.", orig, Example)
	}
	for _, y := range []int{today.Year, today.Year + 1} {
		d := Date{y, month, day}
		if !d.valid() {
			if month == time.February && day == 29 {
				continue
			}
			return Date{}, refuse("%q is not a real date (dates are day first: 15/12 is 15 December). Try %s.", orig, Example)
		}
		if !d.Before(today) {
			return d, nil
		}
	}
	if month == time.February && day == 29 {
		y := today.Year + 1
		for !(Date{y, time.February, 29}).valid() {
			y++
		}
		return Date{}, refuse("There is no 29 February in %d. Did you mean 28 Feb %d, or 29 Feb %d?", today.Year+1, today.Year+1, y)
	}
	return Date{}, unreadable("I couldn't read %q as a date. Try %s.", orig, Example)
}

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

// ParseDays reads a reminder or snooze offset: "14d", "3 days", "2w",
// "1 week", "a fortnight". Units are days and weeks.
func ParseDays(s string) (int, error) {
	in := strings.Join(strings.Fields(strings.ToLower(s)), " ")
	m := daysRE.FindStringSubmatch(in)
	if m == nil {
		return 0, refuse("I couldn't read %q as a number of days. Use something like 3d, 2w or \"1 week\".", s)
	}
	n, ok := numberWords[m[1]]
	if !ok {
		n = atoi(m[1])
	}
	switch {
	case strings.HasPrefix(m[2], "w"):
		n *= 7
	case strings.HasPrefix(m[2], "f"):
		n *= 14
	}
	if n > 366 {
		return 0, refuse("%q is more than a year; use at most 366 days.", s)
	}
	return n, nil
}

var daysRE = regexp.MustCompile(`^(a|an|one|two|three|four|five|six|seven|eight|nine|ten|\d+)\s*(d|days?|w|wks?|weeks?|fortnights?)$`)
