package assistant_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/waymark-org/waymark/assistant"
	"github.com/waymark-org/waymark/assistant/assistanttest"
	"github.com/waymark-org/waymark/bot"
	"github.com/waymark-org/waymark/internal/store/storetest"
)

func TestMain(m *testing.M) { storetest.Main(m) }

func TestCrisisReplies(t *testing.T) {
	for _, dialect := range storetest.Dialects(t) {
		t.Run(dialect, func(t *testing.T) {
			f := assistanttest.New(t, dialect, assistant.Config{})
			tests := []struct {
				jurisdiction, text string
				want               []string
			}{
				{"england", "I want to end my life", []string{"116 123", "mental health option", "999", "85258"}},
				{"scotland", "I keep thinking everyone would be better off without me", []string{"116 123", "0800 83 85 87"}},
				{"northern-ireland", "i cant go on anymore", []string{"0808 808 8000"}},
				{"wales", "One of our members just messaged saying she's taken an overdose", []string{"call 999 now", "press 2"}},
			}
			for i, tt := range tests {
				tn := f.Tenant(t, fmt.Sprintf("T%d", i), tt.jurisdiction)
				r := f.Ask(tn, "U1", tt.text)
				if r.Kind != bot.KindCrisis || !r.Private {
					t.Fatalf("%q: kind %s private %v, want a private crisis reply", tt.text, r.Kind, r.Private)
				}
				for _, w := range tt.want {
					if !strings.Contains(r.Text, w) {
						t.Errorf("%s crisis reply lacks %q:\n%s", tt.jurisdiction, w, r.Text)
					}
				}
			}
			// The screen runs before commands too.
			tn := f.Tenant(t, "T9", "england")
			if r := f.Ask(tn, "U1", "/waymark ask I want to kill myself"); r.Kind != bot.KindCrisis {
				t.Errorf("crisis after /waymark ask got %s", r.Kind)
			}
		})
	}
}

func TestCrisisAlertsSafeguardingLeadWithoutTheMessage(t *testing.T) {
	f := assistanttest.New(t, "sqlite", assistant.Config{})
	tn := f.Tenant(t, "T1", "england")
	tn.Settings.SafeguardingLead = "ULEAD"
	if err := f.DB.UpdateTenant(context.Background(), tn); err != nil {
		t.Fatal(err)
	}
	msg := "my partner hurt me and I want to end my life"
	if r := f.Ask(tn, "U7", msg); r.Kind != bot.KindCrisis {
		t.Fatalf("kind = %s", r.Kind)
	}
	if err := f.Bot.WaitAlerts(context.Background()); err != nil {
		t.Fatal(err)
	}
	alerts := f.Sent.DMs("ULEAD")
	if len(alerts) != 1 {
		t.Fatalf("lead got %d alerts, want 1", len(alerts))
	}
	if !strings.Contains(alerts[0].Text, "U7") || strings.Contains(alerts[0].Text, "partner") {
		t.Errorf("alert should name the user but not quote them: %s", alerts[0].Text)
	}
}

func TestAnswersAndHonestNoAnswers(t *testing.T) {
	for _, dialect := range storetest.Dialects(t) {
		t.Run(dialect, func(t *testing.T) {
			f := assistanttest.New(t, dialect, assistant.Config{})
			tn := f.Tenant(t, "T1", "england")
			r := f.Ask(tn, "U1", "At what income does a charity in England have to register?")
			if r.Kind != bot.KindAnswer || !strings.Contains(r.Text, "5,000") || len(r.Sources) == 0 {
				t.Fatalf("registration question: kind %s, text %.200s", r.Kind, r.Text)
			}
			for _, w := range []string{"Sources:", "Reviewed ", bot.Disclaimer} {
				if !strings.Contains(r.Text, w) {
					t.Errorf("answer lacks %q", w)
				}
			}
			if strings.Index(r.Text, r.Short) > strings.Index(r.Text, "Sources:") {
				t.Error("the short answer must come before the sources")
			}

			r = f.Ask(tn, "U1", "Can you recommend a good Italian restaurant in town <@U1>?")
			if r.Kind != bot.KindNoAnswer {
				t.Fatalf("restaurant question got %s", r.Kind)
			}
			f.Ask(tn, "U2", "can you recommend a good italian restaurant in town")
			gaps, err := f.DB.UnansweredQuestions(context.Background(), tn.ID, 10)
			if err != nil {
				t.Fatal(err)
			}
			if len(gaps) != 1 || gaps[0].Count != 2 || strings.Contains(gaps[0].Question, "u1") {
				t.Fatalf("unanswered = %+v, want one anonymous question asked twice", gaps)
			}
			if r := f.Bot.Handle(context.Background(), bot.Request{Tenant: tn, UserID: "U3", Text: "/waymark kb gaps"}); r.Kind != bot.KindError {
				t.Errorf("non-moderator saw gaps: %s", r.Text)
			}
			r = f.Bot.Handle(context.Background(), bot.Request{Tenant: tn, UserID: "U3", Moderator: true, Text: "/waymark kb gaps"})
			if !strings.Contains(r.Text, "italian restaurant") {
				t.Errorf("moderator gaps = %s", r.Text)
			}
		})
	}
}

func TestMedicalQuestionsAreNotAnswered(t *testing.T) {
	f := assistanttest.New(t, "sqlite", assistant.Config{})
	r := f.Ask(f.Tenant(t, "T1", ""), "U1", "What dose of sertraline should I take?")
	if r.Kind != bot.KindNoAnswer || !strings.Contains(r.Text, "GP") || !strings.Contains(r.Text, "pharmacist") {
		t.Fatalf("medical question: %s %s", r.Kind, r.Text)
	}
}

const localEntry = `---
id: safeguarding/designated-safeguarding-lead
title: Who is our safeguarding lead?
topic: safeguarding
questions: [who do I tell about a safeguarding worry, who is the DSL here, safeguarding contact for our group]
tags: [safeguarding lead]
jurisdictions: [uk]
sources: [{title: Our safeguarding policy, url: "https://example.org/policy"}]
reviewed: 2026-11-01
---
Our safeguarding lead is Sam Patel, on 07700 900000.
`

func TestTenantEntriesOverrideBaseForThatTenantOnly(t *testing.T) {
	for _, dialect := range storetest.Dialects(t) {
		t.Run(dialect, func(t *testing.T) {
			f := assistanttest.New(t, dialect, assistant.Config{})
			ctx := context.Background()
			a, b := f.Tenant(t, "A", ""), f.Tenant(t, "B", "")
			err := f.DB.PutTenantEntry(ctx, bot.TenantEntry{TenantID: a.ID, EntryID: "safeguarding/designated-safeguarding-lead", Source: localEntry, UpdatedBy: "U1"})
			if err != nil {
				t.Fatal(err)
			}
			if r := f.Ask(a, "U1", "who is the DSL here"); !strings.Contains(r.Text, "Sam Patel") {
				t.Errorf("tenant A did not get its own entry: %.200s", r.Text)
			}
			if r := f.Ask(b, "U1", "who is the DSL here"); strings.Contains(r.Text, "Sam Patel") {
				t.Errorf("tenant B saw tenant A's entry")
			}
		})
	}
}

func TestSettings(t *testing.T) {
	f := assistanttest.New(t, "sqlite", assistant.Config{})
	ctx := context.Background()
	tn := f.Tenant(t, "T1", "")
	run := func(mod bool, text string) bot.Reply {
		return f.Bot.Handle(ctx, bot.Request{Tenant: tn, UserID: "U1", Moderator: mod, Text: text})
	}
	if r := run(false, "/waymark settings jurisdiction scotland"); r.Kind != bot.KindError {
		t.Fatalf("non-moderator changed settings: %s", r.Text)
	}
	tests := []struct {
		cmd     string
		wantErr bool
	}{
		{"/waymark settings jurisdiction northern ireland", false},
		{"/waymark settings timezone Mars/Olympus", true},
		{"/waymark settings timezone Europe/Belfast", false},
		{"/waymark settings safeguarding-lead <@U42>", false},
		{"/waymark settings reminder-hour 25", true},
		{"/waymark settings moderators add <@U9>", false},
		{"/waymark settings colour blue", true},
	}
	for _, tt := range tests {
		r := run(true, tt.cmd)
		if (r.Kind == bot.KindError) != tt.wantErr {
			t.Errorf("%s: kind %s: %s", tt.cmd, r.Kind, r.Text)
		}
	}
	got, err := f.DB.Tenant(ctx, tn.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Jurisdiction != "northern-ireland" || got.Timezone != "Europe/Belfast" || got.Settings.SafeguardingLead != "U42" || len(got.Settings.Moderators) != 1 {
		t.Errorf("saved settings = %+v", got)
	}
	// A moderator listed in settings may now moderate.
	if r := f.Bot.Handle(ctx, bot.Request{Tenant: got, UserID: "U9", Text: "/waymark kb gaps"}); r.Kind == bot.KindError {
		t.Errorf("listed moderator refused: %s", r.Text)
	}
}

func TestBadInputGetsClearErrors(t *testing.T) {
	f := assistanttest.New(t, "sqlite", assistant.Config{})
	tn := f.Tenant(t, "T1", "")
	tests := []struct {
		text, want string
	}{
		{strings.Repeat("a", bot.MaxMessageRunes+1), "I can read up to"},
		{"/waymark frobnicate", "I don't know the command"},
		{`/waymark ask "unclosed`, "quotation mark is not closed"},
		{"/waymark kb show no/such-entry", "There is no entry"},
		{"/waymark kb list cooking", "Unknown topic"},
	}
	for _, tt := range tests {
		r := f.Ask(tn, "U1", tt.text)
		if r.Kind != bot.KindError || !strings.Contains(r.Text, tt.want) {
			t.Errorf("%.40q: got %s %q, want an error containing %q", tt.text, r.Kind, r.Text, tt.want)
		}
	}
	if r := f.Ask(tn, "U1", "/waymark what is a health and wellbeing board?"); r.Kind != bot.KindAnswer {
		t.Errorf("a question typed after /waymark should be answered, got %s", r.Kind)
	}
}

func TestGreetingsAndHelp(t *testing.T) {
	f := assistanttest.New(t, "sqlite", assistant.Config{})
	tn := f.Tenant(t, "T1", "")
	for _, text := range []string{"hi", "Hello there!", "thanks!", "help", "/waymark help", "/waymark"} {
		r := f.Ask(tn, "U1", text)
		if r.Kind != bot.KindInfo {
			t.Errorf("%q got %s", text, r.Kind)
		}
	}
	if r := f.Ask(tn, "U1", "/waymark help"); !strings.Contains(r.Text, "/waymark ask") || !strings.Contains(r.Text, "116 123") {
		t.Errorf("help lacks commands or the crisis line: %s", r.Text)
	}
	gaps, err := f.DB.UnansweredQuestions(context.Background(), tn.ID, 10)
	if err != nil || len(gaps) != 0 {
		t.Errorf("greetings were recorded as unanswered: %v %v", gaps, err)
	}
}

func TestTenantIndexIsRebuiltAfterTTL(t *testing.T) {
	db := storetest.Open(t, "sqlite")
	now := time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)
	b, err := assistant.New(assistant.Config{Store: db, Now: func() time.Time { return now }, LocalCacheTTL: time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	tn, err := db.EnsureTenant(ctx, "slack", "T1", "G")
	if err != nil {
		t.Fatal(err)
	}
	req := bot.Request{Tenant: tn, UserID: "U1", Text: "who is the DSL here"}
	if r := b.Handle(ctx, req); strings.Contains(r.Text, "Sam Patel") {
		t.Fatal("local entry seen before it was added")
	}
	// Another replica adds an entry; this one sees it once its cache expires.
	if err := db.PutTenantEntry(ctx, bot.TenantEntry{TenantID: tn.ID, EntryID: "safeguarding/designated-safeguarding-lead", Source: localEntry}); err != nil {
		t.Fatal(err)
	}
	now = now.Add(2 * time.Minute)
	if r := b.Handle(ctx, req); !strings.Contains(r.Text, "Sam Patel") {
		t.Errorf("local entry not seen after the cache expired: %.200s", r.Text)
	}
}
