package knowledge

import (
	"fmt"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

func TestTerms(t *testing.T) {
	tests := []struct {
		in   string
		want string
	}{
		{"What is an Organization?", "organis"},
		{"organisations", "organis"},
		{"Co-production with commissioners", "co-production co product commission"},
		{"£5,000 income", "5000 incom"},
		{"Don't we need a DBS check?", "need dbs check"},
		{"behavior and colour", "behaviour colour"},
	}
	for _, tt := range tests {
		if got := strings.Join(terms(tt.in), " "); got != tt.want {
			t.Errorf("terms(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

const goodEntry = `---
id: governance/register
title: Do we need to register as a charity?
topic: governance
questions:
  - Is there an income threshold for registering?
  - we only raise 3k do we have to sign up with the charity commission
  - when does a group have to become a registered charity
tags: [charity commission, registration]
jurisdictions: [england, wales]
sources:
  - title: Charity Commission
    url: https://www.gov.uk/guidance/how-to-register-your-charity-cc21b
reviewed: 2026-11-01
review_every: 12mo
---
You must register if your income is over £5,000 a year, or if you are a CIO.

` + "%s\n"

func body(words int) string {
	return strings.TrimSpace(strings.Repeat("word ", words))
}

func TestParse(t *testing.T) {
	e, err := Parse("governance/register.md", []byte(fmt.Sprintf(goodEntry, body(130))))
	if err != nil {
		t.Fatal(err)
	}
	if e.ID != "governance/register" || len(e.Questions) != 3 || e.Sources[0].URL == "" {
		t.Fatalf("parsed entry lost fields: %+v", e)
	}
	if got := e.ShortAnswer(); !strings.HasPrefix(got, "You must register") || strings.Contains(got, "word") {
		t.Errorf("short answer = %q", got)
	}
	if e.BodyLine != 17 {
		t.Errorf("body line = %d, want 17", e.BodyLine)
	}
	if want := time.Date(2027, 11, 1, 0, 0, 0, 0, time.UTC); !e.ReviewDue().Equal(want) {
		t.Errorf("review due = %v, want %v", e.ReviewDue(), want)
	}
	round, err := e.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	again, err := Parse("x.md", round)
	if err != nil || again.Title != e.Title || again.Body != e.Body {
		t.Errorf("marshal round trip changed the entry: %v", err)
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name, src, want string
	}{
		{"no front matter", "hello", "must start with a --- line"},
		{"unclosed", "---\nid: a/b\n", "not closed"},
		{"unknown field", "---\nid: a/b\ncolour: red\n---\nbody", "field colour not found"},
		{"bad yaml line", "---\nid: a/b\ntitle: [unclosed\n---\nbody", "line"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("x.md", []byte(tt.src))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want it to mention %q", err, tt.want)
			}
		})
	}
}

func TestLint(t *testing.T) {
	now := time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC)
	good := fmt.Sprintf(goodEntry, body(130))
	tests := []struct {
		name  string
		files map[string]string
		want  []string // substrings of problems, "" for none
	}{
		{"clean", map[string]string{"governance/register.md": good}, nil},
		{"missing source and short body", map[string]string{"governance/register.md": strings.Replace(fmt.Sprintf(goodEntry, body(10)), "sources:\n  - title: Charity Commission\n    url: https://www.gov.uk/guidance/how-to-register-your-charity-cc21b\n", "", 1)},
			[]string{"register.md:1: error: sources are missing", "register.md:14: error: body has 27 words"}},
		{"future review and bad url", map[string]string{"governance/register.md": strings.NewReplacer("2026-11-01", "2027-01-01", "https://www.gov.uk/guidance/how-to-register-your-charity-cc21b", "www.gov.uk/x").Replace(good)},
			[]string{"register.md:14: error: reviewed 2027-01-01 is in the future", "register.md:11: error: source URL \"www.gov.uk/x\""}},
		{"overdue review is a warning", map[string]string{"governance/register.md": strings.Replace(good, "2026-11-01", "2024-01-01", 1)},
			[]string{"warning: review overdue since 2025-01-01"}},
		{"id must match path", map[string]string{"governance/other.md": good},
			[]string{"other.md:2: error: id \"governance/register\" does not match the file path"}},
		{"duplicate ids and questions", map[string]string{"governance/register.md": good, "funding/register.md": strings.Replace(good, "id: governance/register", "id: funding/register", 1)},
			[]string{"is also asked by"}},
		{"bad topic and jurisdiction", map[string]string{"governance/register.md": strings.NewReplacer("topic: governance", "topic: cooking", "[england, wales]", "[england, mars]").Replace(good)},
			[]string{"topic \"cooking\" must be one of", "jurisdiction \"mars\""}},
		{"counterpart that is not an entry", map[string]string{"governance/register.md": strings.Replace(good, "[england, wales]\n", "[england, wales]\ncounterparts: [governance/register-scotland]\n", 1)},
			[]string{"counterpart \"governance/register-scotland\" is not an entry"}},
		{"counterparts must list each other and cover other nations", map[string]string{
			"governance/register.md": strings.Replace(good, "[england, wales]\n", "[england, wales]\ncounterparts: [governance/other]\n", 1),
			"governance/other.md":    strings.NewReplacer("id: governance/register", "id: governance/other", "[england, wales]\n", "[wales]\ncounterparts: [governance/register]\n").Replace(good),
			"governance/third.md":    strings.NewReplacer("id: governance/register", "id: governance/third", "[england, wales]\n", "[scotland]\ncounterparts: [governance/other]\n").Replace(good)},
			[]string{"counterpart governance/other also covers wales", "counterpart governance/other does not list governance/third back"}},
		{"american spelling warned", map[string]string{"governance/register.md": fmt.Sprintf(goodEntry, "Organize your "+body(130))},
			[]string{"\"Organize\" looks like American spelling"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := fstest.MapFS{}
			for name, src := range tt.files {
				fsys[name] = &fstest.MapFile{Data: []byte(src)}
			}
			_, probs, err := Linter{Now: now}.LintFS(fsys)
			if err != nil {
				t.Fatal(err)
			}
			var all []string
			for _, p := range probs {
				all = append(all, p.String())
			}
			joined := strings.Join(all, "\n")
			if len(tt.want) == 0 && len(probs) > 0 {
				t.Fatalf("want no problems, got:\n%s", joined)
			}
			for _, w := range tt.want {
				if !strings.Contains(joined, w) {
					t.Errorf("want a problem containing %q, got:\n%s", w, joined)
				}
			}
		})
	}
}

// The knowledge base shipped in the binary must always lint clean.
func TestBaseLintsClean(t *testing.T) {
	linted, probs, err := Linter{Now: time.Now()}.LintFS(BaseFS())
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range probs {
		if p.Severity == SevError {
			t.Error(p)
		}
	}
	entries, err := LoadBase()
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) < 15 {
		t.Errorf("base has %d entries, want at least 15", len(entries))
	}
	if len(linted) != len(entries) {
		t.Fatalf("lint returned %d entries, load %d", len(linted), len(entries))
	}
	for i := range entries {
		if linted[i].ID != entries[i].ID || linted[i].Body != entries[i].Body {
			t.Errorf("entry %d: lint returned %s, load %s", i, linted[i].ID, entries[i].ID)
		}
	}
}

func TestCrisisSignposting(t *testing.T) {
	c, err := DefaultCrisis()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		jurisdiction string
		want         []string
	}{
		{"england", []string{"111", "mental health option", "116 123", "85258", "0800 1111"}},
		{"wales", []string{"press 2", "116 123"}},
		{"scotland", []string{"0800 83 85 87", "116 123"}},
		{"northern-ireland", []string{"0808 808 8000", "116 123"}},
		{"", []string{"0808 808 8000", "0800 83 85 87", "116 123"}},
	}
	for _, tt := range tests {
		var sb strings.Builder
		for _, l := range c.LinesFor(tt.jurisdiction) {
			sb.WriteString(l.Name + ": " + l.How + "\n")
		}
		for _, w := range tt.want {
			if !strings.Contains(sb.String(), w) {
				t.Errorf("%q lines lack %q:\n%s", tt.jurisdiction, w, sb.String())
			}
		}
	}
	if _, err := ParseCrisis([]byte("self: x\nother: y\nmedical: z\nlines: {}\n")); err == nil {
		t.Error("crisis signposting without uk-wide lines was accepted")
	}
}

// The crisis reply names its guidance without searching the base, so the
// names must stay true to the entries.
func TestCrisisGuidanceNamesBuiltInEntries(t *testing.T) {
	c, err := DefaultCrisis()
	if err != nil {
		t.Fatal(err)
	}
	if len(c.OtherGuidance) == 0 {
		t.Fatal("no guidance for someone worried about another person")
	}
	entries, err := LoadBase()
	if err != nil {
		t.Fatal(err)
	}
	titles := map[string]string{}
	for _, e := range entries {
		titles[e.ID] = e.Title
	}
	for _, g := range c.OtherGuidance {
		title, ok := titles[g.ID]
		switch {
		case !ok:
			t.Errorf("guidance %s is not a built-in entry", g.ID)
		case title != g.Title:
			t.Errorf("guidance %s is titled %q in crisis.yaml and %q in the base", g.ID, g.Title, title)
		}
	}
	if _, err := ParseCrisis([]byte("self: x\nconcern: x\nother_concern: x\nother: y\nmedical: z\nlines: {uk: [{name: S, how: call}]}\nother_guidance: [{id: a/b}]\n")); err == nil {
		t.Error("guidance without a title was accepted")
	}
}

func TestStatsTable(t *testing.T) {
	got := StatsTable([]*Entry{
		{Topic: "governance", Jurisdictions: []string{"uk"}},
		{Topic: "governance", Jurisdictions: []string{"scotland"}},
		{Topic: "funding", Jurisdictions: []string{"england", "wales"}},
	})
	for _, want := range []string{"| governance | 2 | 1 | 1 | 1 | 2 | 1 |", "| funding | 1 | 0 | 1 | 1 | 0 | 0 |", "| **all** | **3** |"} {
		if !strings.Contains(got, want) {
			t.Errorf("table lacks %q:\n%s", want, got)
		}
	}
}

// The built-in base is searched by how organisers ask: every entry needs
// enough alternative questions in their own words.
func TestBuiltInEntriesHaveEnoughQuestions(t *testing.T) {
	entries, err := LoadBase()
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) < 165 {
		t.Errorf("the base has %d entries; want at least 165", len(entries))
	}
	for _, e := range entries {
		if len(e.Questions) < WantQuestions {
			t.Errorf("%s has %d alternative questions; want at least %d", e.ID, len(e.Questions), WantQuestions)
		}
	}
}
