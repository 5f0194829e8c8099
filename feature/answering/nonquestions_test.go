package answering_test

import (
	"context"
	"strings"
	"testing"

	"github.com/waymark-org/waymark/assistant"
	"github.com/waymark-org/waymark/assistant/assistanttest"
	"github.com/waymark-org/waymark/bot"
	"github.com/waymark-org/waymark/feature/answering"
)

func TestNonQuestionsAreNotAnsweredOrKept(t *testing.T) {
	f := assistanttest.New(t, "sqlite", assistant.Config{})
	tn := f.Tenant(t, "T1", "england")
	tests := []struct {
		text, want string
	}{
		{"1", "doesn't look like a question"},
		{"42", "doesn't look like a question"},
		{"🙏🙏", "doesn't look like a question"},
		{"/help", "/waymark"},
		{"help", "/waymark"},
		{"' OR 1=1; --", "not sure what you're asking"},
		{"asdfghjkl qwertyuiop", "not sure what you're asking"},
		{"kb list data-protection", "data-protection"},
		{"Oes angen i ni gofrestru fel elusen?", "Cymraeg"},
		// Chat to the group, not a question for Waymark.
		{"Morning all! how's everyone's week going?", "Ask me"},
		{"Thanks so much for yesterday, was lovely to see everyone x", "Ask me"},
		{"happy friday everyone, have a good weekend 😊", "Ask me"},
		{"anyone else up?", "Ask me"},
	}
	for _, tt := range tests {
		r := f.Ask(tn, "U1", tt.text)
		if r.Kind == bot.KindAnswer || r.EntryID != "" {
			t.Errorf("%q was answered from entry %q", tt.text, r.EntryID)
		}
		if !strings.Contains(r.Text, tt.want) {
			t.Errorf("%q: reply %.120q lacks %q", tt.text, r.Text, tt.want)
		}
	}
	gaps, err := f.DB.UnansweredQuestions(context.Background(), tn.ID, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(gaps) != 0 {
		t.Errorf("non-questions were kept as gaps: %+v", gaps)
	}
}

func TestNaturalQuestionsAreAnswered(t *testing.T) {
	f := assistanttest.New(t, "sqlite", assistant.Config{})
	tn := f.Tenant(t, "T1", "")
	tests := []struct {
		text, entry string
	}{
		// A town instead of a nation, backstory first.
		{"hiya, hearing voices group in Leeds, do we need to register as a charity?", "governance/register-a-charity-england-wales"},
		{"hiya, hearing voices group in Dundee, do we need to register as a charity?", "governance/register-a-charity-scotland"},
		{"what is a dbs check", "safeguarding/dbs-check-levels"},
	}
	for _, tt := range tests {
		r := f.Ask(tn, "U1", tt.text)
		if r.Kind != bot.KindAnswer || r.EntryID != tt.entry {
			t.Errorf("%q: got %s %q (%s), want %s", tt.text, r.Kind, r.EntryID, r.Confidence, tt.entry)
		}
		if r.Confidence != answering.ConfidenceHigh && r.Confidence != answering.ConfidenceTentative {
			t.Errorf("%q: confidence %q", tt.text, r.Confidence)
		}
	}
}

func TestIdiomsAndWrongEntriesFromTheIssue(t *testing.T) {
	f := assistanttest.New(t, "sqlite", assistant.Config{})
	tn := f.Tenant(t, "T1", "england")
	for _, tt := range []struct{ text, notEntry string }{
		{"can i get paid as a trustee if i do loads of the work", "wellbeing/burnout-signs"},
		{"I'd kill for a day off", "governance/reserves-policy"},
	} {
		if r := f.Ask(tn, "U1", tt.text); r.EntryID == tt.notEntry || r.Kind == bot.KindCrisis {
			t.Errorf("%q got %s %s", tt.text, r.Kind, r.EntryID)
		}
	}
}

func TestTentativeAnswersSaySoAndOfferAlternatives(t *testing.T) {
	f := assistanttest.New(t, "sqlite", assistant.Config{})
	tn := f.Tenant(t, "T1", "england")
	c, err := answering.DefaultConfidence()
	if err != nil {
		t.Fatal(err)
	}
	// A model whose every answer is tentative shows the tier's wording.
	c.High, c.Tentative, c.MinCoverage, c.MinSimilarity = 1.1, 0, 0, 0
	b, err := assistant.New(assistant.Config{Store: f.DB, Confidence: c})
	if err != nil {
		t.Fatal(err)
	}
	r := b.Handle(context.Background(), bot.Request{Tenant: tn, UserID: "U1", Text: "what are the duties of a trustee?"})
	if r.Kind != bot.KindAnswer || r.Confidence != answering.ConfidenceTentative {
		t.Fatalf("got %s %s", r.Kind, r.Confidence)
	}
	if !strings.HasPrefix(r.Text, "I think this is what you're asking about") || !strings.Contains(r.Text, "did you mean") {
		t.Errorf("tentative wording missing:\n%s", r.Text)
	}
	if len(r.Suggestions) != 2 {
		t.Errorf("tentative answer offers %d alternatives, want 2", len(r.Suggestions))
	}
	for _, s := range r.Suggestions {
		if s.ID == r.EntryID {
			t.Errorf("alternative repeats the answer %s", s.ID)
		}
	}
}
