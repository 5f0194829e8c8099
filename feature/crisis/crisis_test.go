package crisis_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/waymark-org/waymark/assistant"
	"github.com/waymark-org/waymark/assistant/assistanttest"
	"github.com/waymark-org/waymark/bot"
	"github.com/waymark-org/waymark/bot/bottest"
	"github.com/waymark-org/waymark/feature/crisis"
	"github.com/waymark-org/waymark/internal/store/storetest"
)

func TestCrisisReplyNeverWaitsForTheLeadsAlert(t *testing.T) {
	for _, tt := range []struct {
		name string
		n    *bottest.Notifier
	}{
		{"failing", &bottest.Notifier{Fail: bottest.ErrPlatform}},
		{"hanging", &bottest.Notifier{Hang: true}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			db := storetest.Open(t, "sqlite")
			b, err := assistant.New(assistant.Config{Store: db, Notifier: tt.n, Logger: storetest.Logger(t),
				AlertRetry: crisis.AlertRetry{Attempts: 3, Base: time.Millisecond, Timeout: 20 * time.Millisecond}})
			if err != nil {
				t.Fatal(err)
			}
			ctx := context.Background()
			tn, err := db.EnsureTenant(ctx, "slack", "T1", "Group")
			if err != nil {
				t.Fatal(err)
			}
			tn.Settings.SafeguardingLead = "ULEAD"
			// The reply must come back while the alert is still failing
			// or hanging: Handle returns before any attempt can finish.
			done := make(chan bot.Reply, 1)
			go func() {
				done <- b.Handle(ctx, bot.Request{Tenant: tn, UserID: "U1", Text: "I'm going to take an overdose tonight"})
			}()
			var r bot.Reply
			select {
			case r = <-done:
			case <-time.After(5 * time.Second):
				t.Fatal("the crisis reply waited on the lead's alert")
			}
			if r.Kind != bot.KindCrisis || !strings.Contains(r.Text, "116 123") {
				t.Fatalf("got %s: %q", r.Kind, r.Text)
			}
			if err := b.WaitAlerts(ctx); err != nil {
				t.Fatal(err)
			}
			if got := tt.n.Calls(); got != 3 {
				t.Errorf("alert attempted %d times, want 3 (retried in the background)", got)
			}
		})
	}
}

func TestCrisisScreenRunsBeforeTheLengthCheck(t *testing.T) {
	f := assistanttest.New(t, "sqlite", assistant.Config{})
	tn := f.Tenant(t, "T1", "england")
	long := strings.Repeat("Our group meets on Tuesdays and I have been doing the rota. ", 70) + "I want to kill myself"
	if n := len([]rune(long)); n <= bot.MaxMessageRunes {
		t.Fatalf("test message is only %d characters", n)
	}
	r := f.Ask(tn, "U1", long)
	if r.Kind != bot.KindCrisis || !strings.Contains(r.Text, "116 123") {
		t.Fatalf("a long message ending in a crisis got %s: %.80q", r.Kind, r.Text)
	}
}

func TestCrisisLevelsAndWording(t *testing.T) {
	f := assistanttest.New(t, "sqlite", assistant.Config{})
	tn := f.Tenant(t, "T1", "england")
	tests := []struct {
		text, level, first string
	}{
		{"I'm going to end it tonight, the tablets are lined up", bot.LevelCrisis, "I'm really sorry"},
		{"honestly I don't see the point anymore", bot.LevelConcern, "Thank you for telling me"},
		{"my mate in the group says he's going to end it tonight", bot.LevelCrisis, "If someone is in immediate danger"},
		// A crisis inside an ordinary question is never answered from
		// the base.
		{"can u send me the DBS form, also i dont think i can keep going", bot.LevelConcern, "Thank you for telling me"},
	}
	for _, tt := range tests {
		r := f.Ask(tn, "U1", tt.text)
		if r.Kind != bot.KindCrisis || r.Level != tt.level || !r.Private {
			t.Errorf("%q: kind %s level %q private %v, want a private %s reply", tt.text, r.Kind, r.Level, r.Private, tt.level)
			continue
		}
		if !strings.HasPrefix(r.Text, tt.first) {
			t.Errorf("%q: reply starts %.50q, want %q", tt.text, r.Text, tt.first)
		}
		if !strings.Contains(r.Text, "116 123") {
			t.Errorf("%q: no Samaritans number", tt.text)
		}
		if r.EntryID != "" {
			t.Errorf("%q: answered from entry %s", tt.text, r.EntryID)
		}
	}
	// Someone else in danger: 999 comes before any other number.
	r := f.Ask(tn, "U1", "a member just messaged saying she's taken an overdose")
	if i, j := strings.Index(r.Text, "999"), strings.Index(r.Text, "116 123"); i < 0 || j < 0 || i > j {
		t.Errorf("999 should come first:\n%s", r.Text)
	}
	// Someone worried about another person is pointed to the guidance
	// for organisers, after the numbers; the writer in crisis is not.
	for _, tt := range []struct {
		text  string
		other bool
	}{
		{"someone said in group tonight they want to kill themselves, what do i do", true},
		{"my friend keeps saying she's a burden to everyone", true},
		{"I'm going to end it tonight", false},
	} {
		r := f.Ask(tn, "U1", tt.text)
		guide := strings.Index(r.Text, "kb show safeguarding/suicide-talk-in-a-session")
		if !tt.other {
			if guide >= 0 || len(r.Suggestions) > 0 {
				t.Errorf("%q: the writer's own crisis reply points to organisers' guidance", tt.text)
			}
			continue
		}
		if guide < 0 || guide < strings.Index(r.Text, "116 123") {
			t.Errorf("%q: guidance missing or before the numbers:\n%s", tt.text, r.Text)
		}
		if len(r.Suggestions) == 0 || r.Suggestions[0].ID != "safeguarding/suicide-talk-in-a-session" {
			t.Errorf("%q: suggestions %v", tt.text, r.Suggestions)
		}
	}
	// Replies follow safe-messaging guidance: no method words come back.
	for _, w := range []string{"how to", "overdose", "tablets"} {
		if strings.Contains(strings.ToLower(f.Ask(tn, "U1", "I've got the tablets lined up").Text), w) {
			t.Errorf("crisis reply repeats %q", w)
		}
	}
}

func TestNothingRiskyIsKeptInTheGapsLog(t *testing.T) {
	for _, dialect := range storetest.Dialects(t) {
		t.Run(dialect, func(t *testing.T) {
			f := assistanttest.New(t, dialect, assistant.Config{})
			tn := f.Tenant(t, "T1", "england")
			for _, msg := range []string{
				"I'm going to end it tonight",
				"honestly I don't see the point anymore",
				// Not a crisis, but a word of risk: still not kept.
				"what colour should the suicide awareness ribbon be for our stall",
			} {
				f.Ask(tn, "U1", msg)
			}
			f.Ask(tn, "U1", "what colour is the sky on mars")
			qs, err := f.DB.UnansweredQuestions(context.Background(), tn.ID, 10)
			if err != nil {
				t.Fatal(err)
			}
			for _, q := range qs {
				if strings.Contains(q.Question, "suicide") || strings.Contains(q.Question, "end it") || strings.Contains(q.Question, "point") {
					t.Errorf("gaps log kept %q", q.Question)
				}
			}
			if len(qs) != 1 {
				t.Errorf("gaps log has %d questions, want only the one about Mars", len(qs))
			}
		})
	}
}

func TestPolicyQuestionsAboutSafetyAreAnswered(t *testing.T) {
	f := assistanttest.New(t, "sqlite", assistant.Config{})
	tn := f.Tenant(t, "T1", "england")
	for _, q := range []string{
		"is there a safety plan template we can give members?",
		"How should our group respond if someone talks about suicide in a session?",
		"I'm not suicidal, I'm asking what our suicide policy should cover",
	} {
		if r := f.Ask(tn, "U1", q); r.Kind == bot.KindCrisis {
			t.Errorf("%q was treated as a crisis", q)
		}
	}
}
