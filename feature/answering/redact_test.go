package answering_test

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"github.com/waymark-org/waymark/assistant"
	"github.com/waymark-org/waymark/assistant/assistanttest"
	"github.com/waymark-org/waymark/bot"
	"github.com/waymark-org/waymark/feature/answering"
	"github.com/waymark-org/waymark/internal/store/storetest"
)

func TestNormaliseQuestionRedactsUKContactDetails(t *testing.T) {
	for _, tc := range []struct {
		in      string
		leaked  []string // must not survive
		keeps   string   // must survive
		comment string
	}{
		{in: "ring me on 07700-900123 about the italian restaurant", leaked: []string{"07700", "900123"}, keeps: "italian restaurant"},
		{in: "the office is (0161) 496 0000, can they host us", leaked: []string{"0161", "496", "0000"}, keeps: "can they host us"},
		{in: "call +44 (0)20 7946 0018 or 0161-496-0000 for the venue", leaked: []string{"7946", "0018", "0161", "496"}, keeps: "for the venue"},
		{in: "text 07700.900.123 to book", leaked: []string{"07700", "900"}, keeps: "to book"},
		{in: "my NI number is QQ 12 34 56 C, do I put it on the form", leaked: []string{"qq", "12 34 56"}, keeps: "do i put it on the form"},
		{in: "is AB123456D needed for payroll", leaked: []string{"ab123456d"}, keeps: "needed for payroll"},
		{in: "can we meet at M1 1AE or SW1A 2AA", leaked: []string{"m1 1ae", "sw1a 2aa"}, keeps: "can we meet at"},
		{in: "we raise £40,000 a year since 2026 with 12 members", keeps: "£40 000 a year since 2026 with 12 members"},
	} {
		got := answering.NormaliseQuestion(tc.in)
		for _, l := range tc.leaked {
			if strings.Contains(got, l) {
				t.Errorf("NormaliseQuestion(%q) = %q: %q survived", tc.in, got, l)
			}
		}
		if !strings.Contains(got, tc.keeps) {
			t.Errorf("NormaliseQuestion(%q) = %q, want it to keep %q", tc.in, got, tc.keeps)
		}
	}
}

func TestNormaliseQuestionRedactsNames(t *testing.T) {
	for _, in := range []string{
		"can Sarah Jones be our treasurer",
		"what if mr okonkwo wants to be treasurer",
		"can my friend priya sharma be our treasurer",
		"someone called Dawn Whitfield wants to join",
	} {
		got := answering.NormaliseQuestion(in)
		for _, name := range []string{"sarah", "jones", "okonkwo", "priya", "sharma", "dawn", "whitfield"} {
			if strings.Contains(got, name) {
				t.Errorf("NormaliseQuestion(%q) = %q: the name %q survived", in, got, name)
			}
		}
	}
	// Words that look like names in other places are left alone.
	for in, want := range map[string]string{
		"will we need a constitution":        "will we need a constitution",
		"may we hold the agm in june":        "may we hold the agm in june",
		"grace period for the annual return": "grace period for the annual return",
	} {
		if got := answering.NormaliseQuestion(in); got != want {
			t.Errorf("NormaliseQuestion(%q) = %q, want %q", in, got, want)
		}
	}
}

// The gaps log keeps no question that mentions a disclosure, abuse or a
// named person, and no contact details from any other.
func TestGapsLogKeepsNoDisclosuresOrNamedPeople(t *testing.T) {
	for _, dialect := range storetest.Dialects(t) {
		t.Run(dialect, func(t *testing.T) {
			t.Parallel()
			f := assistanttest.New(t, dialect, assistant.Config{})
			tn := f.Tenant(t, "T1", "england")
			dropped := []string{
				"Sarah Jones told me something at group last week, do I write it in the minutes",
				"the choir disclosed their favourite ribbon colour, what shade of blue is best",
				"is it abuse of the rules to bring a lasagne to the italian restaurant",
				"toner abuse by the choir on the photocopier, which brand of toner is cheapest",
				"can priya sharma lend us her gazebo for the picnic",
				"mr okonkwo keeps the keys to the hall, can he lend them out",
			}
			kept := []string{
				"ring me on 07700-900123 about the italian restaurant booking",
				"the hall is on (0161) 496 0000, what colour should the tablecloth be",
			}
			for _, q := range append(append([]string(nil), dropped...), kept...) {
				if r := f.Ask(tn, "U1", q); r.Kind != bot.KindNoAnswer {
					t.Fatalf("%q got %s, want no_answer for this test to mean anything", q, r.Kind)
				}
			}
			qs, err := f.DB.UnansweredQuestions(context.Background(), tn.ID, 20)
			if err != nil {
				t.Fatal(err)
			}
			digits := regexp.MustCompile(`\d{3}`)
			for _, q := range qs {
				for _, w := range []string{"sarah", "jones", "disclos", "abuse", "priya", "okonkwo", "picnic", "lasagne", "toner"} {
					if strings.Contains(q.Question, w) {
						t.Errorf("gaps log kept %q", q.Question)
					}
				}
				if digits.MatchString(q.Question) {
					t.Errorf("gaps log kept a number: %q", q.Question)
				}
			}
			if len(qs) != len(kept) {
				t.Errorf("gaps log has %d questions, want %d: %+v", len(qs), len(kept), qs)
			}
		})
	}
}
