package slack

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/slack-go/slack"

	"github.com/waymark-org/waymark/bot"
	"github.com/waymark-org/waymark/internal/adapterkit"
	"github.com/waymark-org/waymark/knowledge"
)

func TestMrkdwn(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"**Bold** text", "*Bold* text"},
		{"- one\n- two", "• one\n• two"},
		{"  - nested", "  • nested"},
		{"## Heading", "*Heading*"},
		{"[NCVO](https://www.ncvo.org.uk/help)", "<https://www.ncvo.org.uk/help|NCVO>"},
		{"Fish & chips <b>", "Fish &amp; chips &lt;b&gt;"},
		{"1. first", "1. first"},
	} {
		if got := mrkdwn(tc.in); got != tc.want {
			t.Errorf("mrkdwn(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestRenderKeepsWithinSlackLimits(t *testing.T) {
	para := strings.Repeat("A sentence about trustees and their duties. ", 40) // ~1,800 chars
	answer := bot.Reply{
		Kind: bot.KindAnswer, Title: "Trustees", Short: "Short answer.", EntryID: "governance/trustees",
		Text: strings.Repeat(para+"\n", 30), Footer: bot.Disclaimer, Reviewed: time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC),
		Sources: []knowledge.Source{{Title: "Charity Commission | CC3", URL: "https://www.gov.uk/cc3"}},
		Buttons: []bot.Button{{Action: bot.ActionHelpful, Label: "Helpful", Value: "governance/trustees"}},
	}
	for _, tc := range []struct {
		name   string
		detail string
		text   string
	}{
		{"normal", para, ""},
		{"long detail is split", strings.Repeat(para+"\n\n", 10), ""},
		{"huge detail is cut", strings.Repeat(para+"\n\n", 200), ""},
		{"huge text", para, strings.Repeat(para+"\n", 60)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := answer
			r.Detail = tc.detail
			if tc.text != "" {
				r.Text = tc.text
			}
			m := Render(r, []string{"england", "wales"})
			if len(m.Blocks) > maxBlocks {
				t.Fatalf("%d blocks", len(m.Blocks))
			}
			if n := utf8.RuneCountInString(m.Text); n > maxTextChars {
				t.Fatalf("text is %d chars", n)
			}
			if utf8.RuneCountInString(r.Text) > maxTextChars && !strings.HasSuffix(m.Text, truncatedNote) {
				t.Error("cut text does not say so")
			}
			for _, b := range m.Blocks {
				if s, ok := b.(*slack.SectionBlock); ok && utf8.RuneCountInString(s.Text.Text) > maxSectionChars {
					t.Fatalf("section of %d chars", utf8.RuneCountInString(s.Text.Text))
				}
			}
			last, ok := m.Blocks[len(m.Blocks)-1].(*slack.ActionBlock)
			if !ok || last.Elements.ElementSet[0].(*slack.ButtonBlockElement).ActionID != bot.ActionHelpful {
				t.Error("buttons are not the last block")
			}
		})
	}
}

func TestRenderCrisisAndReviewedLine(t *testing.T) {
	m := Render(bot.Reply{Kind: bot.KindCrisis, Title: "You don't have to deal with this alone", Text: "- Samaritans: 116 123", Private: true}, nil)
	if len(m.Blocks) != 1 || !strings.Contains(m.Blocks[0].(*slack.SectionBlock).Text.Text, "• Samaritans: 116 123") {
		t.Errorf("crisis blocks = %+v", m.Blocks)
	}
	r := bot.Reply{Reviewed: time.Date(2026, 11, 3, 0, 0, 0, 0, time.UTC)}
	if got := adapterkit.ReviewedLine(r, []string{"england", "wales", "scotland"}); !strings.HasPrefix(got, "Reviewed November 2026 · Applies to ") || !strings.Contains(got, " and ") {
		t.Errorf("reviewed line = %q", got)
	}
}

func TestTruncateCutsAtLine(t *testing.T) {
	text := strings.Repeat("line of text\n", 5000)
	got := truncate(text, 1000)
	if utf8.RuneCountInString(got) > 1000 || !strings.HasSuffix(got, truncatedNote) {
		t.Fatalf("truncate gave %d chars", utf8.RuneCountInString(got))
	}
	if body := strings.TrimSuffix(got, truncatedNote); !strings.HasSuffix(body, "line of text") {
		t.Errorf("cut mid-line: %q", body[len(body)-20:])
	}
}
