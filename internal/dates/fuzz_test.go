package dates

import (
	"strings"
	"testing"
	"time"
)

// FuzzParse: the date parser never panics, and a date it accepts is a
// real calendar day (what the store writes and reads back).
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"15 Dec", "15/12/2026", "next Friday", "end of March", "in 3 weeks", "31 Feb", "in 8000 years",
		"tomorrow", "1st of the month", "29/02/2028", "0/0/0", "in -3 days", "99999999999 days", "",
	} {
		f.Add(s)
	}
	p := NewParser()
	today := Date{Year: 2026, Month: time.November, Day: 25}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := p.Parse(s, today)
		if err == nil {
			real := time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC)
			if real.Year() != d.Year || real.Month() != d.Month || real.Day() != d.Day {
				t.Fatalf("Parse(%q) = %+v, not a calendar day", s, d)
			}
		}
		_, _, _ = ParseRepeat(strings.Fields(s))
		_, _ = ParseDays(s)
		if iso, err := ParseISO(s); err == nil && iso.Month < time.January {
			t.Fatalf("ParseISO(%q) = %+v", s, iso)
		}
	})
}
