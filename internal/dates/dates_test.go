package dates

import (
	"errors"
	"testing"
	"time"
)

func d(y int, m time.Month, day int) Date { return Date{y, m, day} }

func TestParse(t *testing.T) {
	sunday := d(2026, time.November, 22)
	tests := []struct {
		in    string
		today Date
		want  Date
	}{
		{"15 Dec", sunday, d(2026, time.December, 15)},
		{"15th December", sunday, d(2026, time.December, 15)},
		{"December 15", sunday, d(2026, time.December, 15)},
		{"Tue 15 Dec 2026", sunday, d(2026, time.December, 15)},
		{"15/12/2026", sunday, d(2026, time.December, 15)},
		{"15/12/26", sunday, d(2026, time.December, 15)},
		{"15.12.2026", sunday, d(2026, time.December, 15)},
		{"2026-12-15", sunday, d(2026, time.December, 15)},
		{"03/04", sunday, d(2027, time.April, 3)}, // day first, next occurrence
		{"next Friday", sunday, d(2026, time.November, 27)},
		{"friday", sunday, d(2026, time.November, 27)},
		{"tomorrow", sunday, d(2026, time.November, 23)},
		{"today", sunday, sunday},
		{"in 3 weeks", sunday, d(2026, time.December, 13)},
		{"in a fortnight", sunday, d(2026, time.December, 6)},
		{"in 2 months", sunday, d(2027, time.January, 22)},
		{"in 1 year", sunday, d(2027, time.November, 22)},
		{"end of March", sunday, d(2027, time.March, 31)},
		{"end of February", sunday, d(2027, time.February, 28)},
		{"end of February 2028", sunday, d(2028, time.February, 29)},
		{"end of the month", sunday, d(2026, time.November, 30)},
		{"end of November", sunday, d(2026, time.November, 30)},
		// Year ends: a day already gone this year means next year's.
		{"15 Dec", d(2026, time.December, 20), d(2027, time.December, 15)},
		{"1 Jan", d(2026, time.December, 31), d(2027, time.January, 1)},
		{"31 Dec", d(2026, time.December, 31), d(2026, time.December, 31)},
		{"in 2 weeks", d(2026, time.December, 25), d(2027, time.January, 8)},
		{"in 1 month", d(2027, time.January, 31), d(2027, time.February, 28)},
		// 29 February where it exists.
		{"29 Feb", d(2027, time.March, 1), d(2028, time.February, 29)},
		{"29/02/2028", sunday, d(2028, time.February, 29)},
		// Ten years ahead is the furthest a date may be.
		{"in 10 years", sunday, d(2036, time.November, 22)},
		{"22/11/2036", sunday, d(2036, time.November, 22)},
	}
	p := NewParser()
	for _, tt := range tests {
		t.Run(tt.in+"@"+tt.today.ISO(), func(t *testing.T) {
			got, err := p.Parse(tt.in, tt.today)
			if err != nil {
				t.Fatalf("Parse(%q) error: %v", tt.in, err)
			}
			if got != tt.want {
				t.Errorf("Parse(%q) = %s, want %s", tt.in, got, tt.want)
			}
		})
	}
}

func TestParseRefuses(t *testing.T) {
	sunday := d(2026, time.November, 22)
	tests := []struct{ in, why string }{
		{"", "empty"},
		{"15/12/2025", "past"},
		{"1 Jan 2026", "past"},
		{"yesterday", "past"},
		{"March", "month with no day"},
		{"29 Feb", "no 29 Feb in 2027"},
		{"29/02/2027", "not a real date"},
		{"31/04/2027", "not a real date"},
		{"13/13/2027", "not a real date"},
		{"next Friday 3pm", "time of day"},
		{"15 Dec 10:00", "time of day"},
		{"soonish", "not a date"},
		{"next friday or monday", "leftover words"},
		{"in 8000 years", "more than ten years ahead"},
		{"in 11 years", "more than ten years ahead"},
		{"in 121 months", "more than ten years ahead"},
		{"31/12/9999", "more than ten years ahead"},
		{"23 Nov 2036", "more than ten years ahead"},
		{"in 99999999999999999999 days", "a number too big to read"},
	}
	p := NewParser()
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := p.Parse(tt.in, sunday)
			var de *Error
			if !errors.As(err, &de) {
				t.Fatalf("Parse(%q) = %s, %v; want a refusal (%s)", tt.in, got, err, tt.why)
			}
			if de.Msg == "" {
				t.Errorf("refusal has no message")
			}
		})
	}
}

func TestReminderTimesAcrossClockChanges(t *testing.T) {
	london, err := time.LoadLocation("Europe/London")
	if err != nil {
		t.Fatal(err)
	}
	// UK clocks go back on Sun 25 Oct 2026 and forward on Sun 28 Mar 2027.
	tests := []struct {
		name string
		due  Date
		days []int
		want []string // UTC instants
	}{
		{"reminders either side of autumn change", d(2026, time.October, 27), []int{3, 1},
			[]string{"2026-10-24T08:00:00Z", "2026-10-26T09:00:00Z"}},
		{"reminders either side of spring change", d(2027, time.March, 29), []int{2, 0},
			[]string{"2027-03-27T09:00:00Z", "2027-03-29T08:00:00Z"}},
		{"on the change days themselves", d(2027, time.March, 28), []int{0},
			[]string{"2027-03-28T08:00:00Z"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Reminders(tt.due, tt.days, 9, london, time.Time{})
			if len(got) != len(tt.want) {
				t.Fatalf("got %d reminders, want %d", len(got), len(tt.want))
			}
			for i, r := range got {
				g := r.At
				if g.UTC().Format(time.RFC3339) != tt.want[i] {
					t.Errorf("reminder %d = %s, want %s", i, g.UTC().Format(time.RFC3339), tt.want[i])
				}
				if g.In(london).Hour() != 9 {
					t.Errorf("reminder %d is at %s local, want 09:00", i, g.In(london))
				}
			}
		})
	}
	past := Reminders(d(2026, time.December, 15), []int{14, 3, 1}, 9, london, d(2026, time.December, 5).At(0, 0, london))
	if len(past) != 2 {
		t.Errorf("reminders before now should be dropped: got %v", past)
	}
}

func TestRecurrence(t *testing.T) {
	tests := []struct {
		name   string
		r      Recurrence
		anchor Date
		after  Date
		want   Date
	}{
		{"yearly", Yearly, d(2026, time.December, 15), d(2026, time.December, 15), d(2027, time.December, 15)},
		{"yearly done early", Yearly, d(2026, time.December, 15), d(2026, time.December, 1), d(2026, time.December, 15)},
		{"monthly", Monthly, d(2026, time.November, 15), d(2026, time.November, 15), d(2026, time.December, 15)},
		{"monthly over year end", Monthly, d(2026, time.December, 15), d(2026, time.December, 15), d(2027, time.January, 15)},
		{"monthly 31st into February", Monthly, d(2027, time.January, 31), d(2027, time.January, 31), d(2027, time.February, 28)},
		{"monthly 31st into April", Monthly, d(2027, time.January, 31), d(2027, time.March, 31), d(2027, time.April, 30)},
		{"monthly 31st into leap February", Monthly, d(2028, time.January, 31), d(2028, time.January, 31), d(2028, time.February, 29)},
		{"29 Feb yearly in a common year", Yearly, d(2028, time.February, 29), d(2028, time.February, 29), d(2029, time.February, 28)},
		{"29 Feb yearly back to a leap year", Yearly, d(2028, time.February, 29), d(2031, time.February, 28), d(2032, time.February, 29)},
		{"year end 31 March", Yearly, d(2027, time.March, 31), d(2027, time.March, 31), d(2028, time.March, 31)},
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
	if _, ok, _ := Once.Next(d(2026, 1, 1), d(2026, 1, 1)); ok {
		t.Error("a one-off deadline has no next occurrence")
	}
}

func TestParseDays(t *testing.T) {
	tests := []struct {
		in   string
		want int
	}{{"14d", 14}, {"3 days", 3}, {"1d", 1}, {"2w", 14}, {"1 week", 7}, {"a fortnight", 14}, {"0d", 0}}
	for _, tt := range tests {
		got, err := ParseDays(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("ParseDays(%q) = %d, %v; want %d", tt.in, got, err, tt.want)
		}
	}
	for _, bad := range []string{"", "soon", "3 months", "-2d", "400d"} {
		if _, err := ParseDays(bad); err == nil {
			t.Errorf("ParseDays(%q) should be refused", bad)
		}
	}
}
