package dates

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func TestParseRepeat(t *testing.T) {
	tests := []struct {
		in       string
		want     Recurrence
		consumed int
		human    string
	}{
		{"month", Monthly, 1, "month"},
		{"monthly", Monthly, 1, "month"},
		{"year", Yearly, 1, "year"},
		{"week", Weekly, 1, "week"},
		{"weekly", Weekly, 1, "week"},
		{"fortnight", Fortnightly, 1, "2 weeks"},
		{"other week", Fortnightly, 2, "2 weeks"},
		{"2 weeks", Fortnightly, 2, "2 weeks"},
		{"two weeks", Fortnightly, 2, "2 weeks"},
		{"monday", Weekly, 1, "week"},
		{"Mondays", Weekly, 1, "week"},
		{"other friday", Fortnightly, 2, "2 weeks"},
		{"first monday", "month:+1MO", 2, "first Monday of the month"},
		{"1st Monday of the month", "month:+1MO", 5, "first Monday of the month"},
		{"second tuesday of each month", "month:+2TU", 5, "second Tuesday of the month"},
		{"third wed", "month:+3WE", 2, "third Wednesday of the month"},
		{"4th thursday of every month", "month:+4TH", 5, "fourth Thursday of the month"},
		{"last friday of the month", "month:-1FR", 5, "last Friday of the month"},
		{"last sunday", "month:-1SU", 2, "last Sunday of the month"},
		// Words after the repeat are left for the caller.
		{"first monday remind 2 days before", "month:+1MO", 2, "first Monday of the month"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			spec, n, err := ParseRepeat(strings.Fields(tt.in))
			if err != nil {
				t.Fatalf("ParseRepeat(%q): %v", tt.in, err)
			}
			if spec.Rule != tt.want || n != tt.consumed || spec.Rule.String() != tt.human {
				t.Errorf("ParseRepeat(%q) = %q (%q), %d words; want %q (%q), %d", tt.in, spec.Rule, spec.Rule.String(), n, tt.want, tt.human, tt.consumed)
			}
		})
	}
	for _, bad := range []string{"", "decade", "fifth monday", "first", "last", "3 weeks", "blue moon"} {
		if _, _, err := ParseRepeat(strings.Fields(bad)); err == nil {
			t.Errorf("ParseRepeat(%q) should be refused", bad)
		}
	}
}

func TestRepeatFirstAndFits(t *testing.T) {
	sunday := d(2026, time.November, 22)
	tests := []struct {
		in        string
		from      Date
		first     Date
		fits, not Date
	}{
		{"monday", sunday, d(2026, time.November, 23), d(2026, time.November, 30), d(2026, time.November, 24)},
		{"first monday", sunday, d(2026, time.December, 7), d(2027, time.January, 4), d(2026, time.December, 14)},
		{"first monday", d(2026, time.December, 7), d(2026, time.December, 7), d(2027, time.February, 1), d(2027, time.February, 8)},
		{"last friday", sunday, d(2026, time.November, 27), d(2026, time.December, 25), d(2026, time.December, 18)},
		{"second tuesday", sunday, d(2026, time.December, 8), d(2027, time.January, 12), d(2027, time.January, 5)},
		{"month", sunday, sunday, d(2026, time.December, 3), Date{}},
	}
	for _, tt := range tests {
		t.Run(tt.in+"@"+tt.from.ISO(), func(t *testing.T) {
			spec, _, err := ParseRepeat(strings.Fields(tt.in))
			if err != nil {
				t.Fatal(err)
			}
			if got := spec.First(tt.from); got != tt.first {
				t.Errorf("First(%s) = %s, want %s", tt.from, got, tt.first)
			}
			if !spec.Fits(tt.fits) {
				t.Errorf("%s should fit %q", tt.fits, tt.in)
			}
			if !tt.not.IsZero() && spec.Fits(tt.not) {
				t.Errorf("%s should not fit %q", tt.not, tt.in)
			}
		})
	}
}

func TestRecurrenceByWeekday(t *testing.T) {
	tests := []struct {
		name   string
		r      Recurrence
		anchor Date
		after  Date
		want   Date
	}{
		{"weekly", Weekly, d(2026, time.November, 23), d(2026, time.November, 23), d(2026, time.November, 30)},
		{"weekly over year end", Weekly, d(2026, time.December, 28), d(2026, time.December, 28), d(2027, time.January, 4)},
		{"fortnightly", Fortnightly, d(2026, time.November, 24), d(2026, time.November, 24), d(2026, time.December, 8)},
		{"fortnightly keeps its week", Fortnightly, d(2026, time.November, 24), d(2026, time.December, 9), d(2026, time.December, 22)},
		{"first Monday", "month:+1MO", d(2026, time.December, 7), d(2026, time.December, 7), d(2027, time.January, 4)},
		{"last Friday", "month:-1FR", d(2026, time.November, 27), d(2026, time.November, 27), d(2026, time.December, 25)},
		{"fourth Thursday", "month:+4TH", d(2026, time.November, 26), d(2026, time.November, 26), d(2026, time.December, 24)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok, err := tt.r.Next(tt.anchor, tt.after)
			if err != nil || !ok {
				t.Fatalf("Next: %v, %v", ok, err)
			}
			if got != tt.want {
				t.Errorf("Next(%s, after %s) = %s, want %s", tt.anchor, tt.after, got, tt.want)
			}
		})
	}
}

// TestNextWeekday is the one rule for weekdays. Weeks run Monday to Sunday,
// as in the UK. "Friday" and "this Friday" are the first Friday after
// today. "next Friday" is the Friday of next week; said early in a week,
// when this week's Friday is still to come, it could mean either, so it is
// refused with both dates and the words that say each. "Friday week" is a
// week after the coming Friday.
func TestNextWeekday(t *testing.T) {
	wednesday := d(2026, time.November, 25)
	saturday := d(2026, time.November, 28)
	sunday := d(2026, time.November, 22)
	friday := d(2026, time.November, 27)
	tests := []struct {
		in    string
		today Date
		want  Date
	}{
		{"friday", wednesday, d(2026, time.November, 27)},
		{"this friday", wednesday, d(2026, time.November, 27)},
		{"on friday", wednesday, d(2026, time.November, 27)},
		{"fri", wednesday, d(2026, time.November, 27)},
		{"friday week", wednesday, d(2026, time.December, 4)},
		{"next friday", saturday, d(2026, time.December, 4)},
		{"next friday", sunday, d(2026, time.November, 27)},
		{"next monday", wednesday, d(2026, time.November, 30)},
		{"next wednesday", wednesday, d(2026, time.December, 2)},
		{"friday", friday, d(2026, time.December, 4)},
		{"next friday", friday, d(2026, time.December, 4)},
	}
	p := NewParser()
	for _, tt := range tests {
		t.Run(tt.in+"@"+tt.today.Weekday().String(), func(t *testing.T) {
			got, err := p.Parse(tt.in, tt.today)
			if err != nil {
				t.Fatalf("Parse(%q) on %s: %v", tt.in, tt.today, err)
			}
			if got != tt.want {
				t.Errorf("Parse(%q) on %s = %s, want %s", tt.in, tt.today, got, tt.want)
			}
		})
	}
	_, err := p.Parse("next friday", wednesday)
	var de *Error
	if !errors.As(err, &de) || !strings.Contains(de.Msg, "Fri 27 Nov") || !strings.Contains(de.Msg, "Fri 4 Dec") || !strings.Contains(de.Msg, "this Friday") || !strings.Contains(de.Msg, "Friday week") {
		t.Errorf(`"next friday" on a Wednesday = %v; want a question naming both Fridays`, err)
	}
}
