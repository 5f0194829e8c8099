package knowledge

import (
	"fmt"
	"testing"
)

func entry(id, title, body string, js ...string) *Entry {
	if len(js) == 0 {
		js = []string{"uk"}
	}
	return &Entry{ID: id, Title: title, Body: body, Jurisdictions: js, Topic: "governance"}
}

func testIndex(t *testing.T, extra ...*Entry) *Index {
	t.Helper()
	syn, err := DefaultSynonyms()
	if err != nil {
		t.Fatal(err)
	}
	entries := []*Entry{
		entry("commissioning/icb", "What is an integrated care board?", "Integrated care boards replaced clinical commissioning groups in 2022 and hold the NHS budget.", "england"),
		entry("safeguarding/lead", "What does a designated safeguarding lead do?", "The safeguarding lead responds to concerns and makes referrals."),
		entry("safeguarding/dbs", "Which criminal record check do volunteers need?", "There are basic, standard and enhanced checks."),
		entry("governance/register-ew", "Do we need to register as a charity?", "Register with the Charity Commission if income is over 5,000 pounds.", "england", "wales"),
		entry("governance/register-scot", "Do we need to register as a charity in Scotland?", "Every charity in Scotland must register with OSCR, whatever its income.", "scotland"),
		entry("governance/organisation", "How do we organise our committee?", "Organising a committee: agree roles and meet regularly."),
		entry("data-protection/fee", "Do we pay the ICO fee?", "Most organisations pay the Information Commissioner a yearly fee unless exempt."),
		entry("funding/gift-aid", "How do we claim Gift Aid?", "Claim Gift Aid from HMRC on donations from UK taxpayers."),
	}
	return Build(append(entries, extra...), syn)
}

func TestSearchRanking(t *testing.T) {
	ix := testIndex(t)
	tests := []struct {
		name, q, jurisdiction, want string
	}{
		{"acronym finds the spelled-out entry", "what does our ICB do", "", "commissioning/icb"},
		{"old name finds the new body", "who took over from the CCG", "", "commissioning/icb"},
		{"synonym DBS to criminal record check", "do volunteers need a DBS", "", "safeguarding/dbs"},
		{"one-letter typo", "safegaurding lead", "", "safeguarding/lead"},
		{"american spelling", "how to organize a committee", "", "governance/organisation"},
		{"slang: the data watchdog is the ICO", "is that letter from the data watchdog real", "", "data-protection/fee"},
		{"slang: the taxman is HMRC", "can we get extra from the taxman", "", "funding/gift-aid"},
		{"jurisdiction boost: scotland", "do we need to register as a charity", "scotland", "governance/register-scot"},
		{"jurisdiction boost: england", "do we need to register as a charity", "england", "governance/register-ew"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hits := ix.Search(tt.q, SearchOptions{Jurisdiction: tt.jurisdiction})
			if len(hits) == 0 || hits[0].Entry.ID != tt.want {
				t.Fatalf("top hit for %q = %v, want %s", tt.q, ids(hits), tt.want)
			}
		})
	}
}

func TestSearchCoverage(t *testing.T) {
	ix := testIndex(t)
	if hits := ix.Search("what will the weather be tomorrow", SearchOptions{}); len(hits) != 0 {
		t.Errorf("weather question matched %v", ids(hits))
	}
	hits := ix.Search("register charity restaurant recommendations", SearchOptions{})
	if len(hits) == 0 || hits[0].Coverage > 0.6 {
		t.Errorf("half-relevant question coverage = %v, want at most 0.6", hits)
	}
	full := ix.Search("register as a charity", SearchOptions{})
	if len(full) == 0 || full[0].Coverage < 0.99 {
		t.Errorf("fully relevant question coverage = %v, want 1", full)
	}
}

func TestLaterEntriesOverrideByID(t *testing.T) {
	local := entry("safeguarding/lead", "Who is our safeguarding lead?", "Our lead is Sam; call her first.")
	local.Local = true
	base := testIndex(t).Len()
	ix := testIndex(t, local)
	if n := ix.Len(); n != base {
		t.Fatalf("override added an entry: %d entries, want %d", n, base)
	}
	if e := ix.Entry("safeguarding/lead"); e == nil || !e.Local {
		t.Fatalf("override did not replace the base entry: %+v", e)
	}
}

func ids(hits []Hit) []string {
	var out []string
	for _, h := range hits {
		out = append(out, fmt.Sprintf("%s(%.2f,%.2f)", h.Entry.ID, h.Score, h.Coverage))
	}
	return out
}
