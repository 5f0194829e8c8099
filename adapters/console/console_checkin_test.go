package console

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/waymark-org/waymark/bot"
)

// fakeCore stands in for the bot: it records clicks and replies to lines.
type fakeCore struct{ clicks []string }

func (f *fakeCore) Handle(_ context.Context, req bot.Request) bot.Reply {
	return bot.Reply{Kind: bot.KindInfo, Text: "handled " + req.Text}
}

func (f *fakeCore) Action(_ context.Context, _ bot.Request, action, value string) bot.Reply {
	f.clicks = append(f.clicks, action+"="+value)
	return bot.Reply{Kind: bot.KindInfo, Text: "clicked"}
}

func TestTypedNumberAnswersPendingCheckin(t *testing.T) {
	core := &fakeCore{}
	var out bytes.Buffer
	c := &Console{Handler: core, UserID: "me", In: strings.NewReader("3\n3\n"), Out: &out}
	// A check-in arrives by DM before the person types.
	prompt := bot.Reply{Text: "How are you doing?", Buttons: []bot.Button{
		{Action: "checkin.answer", Value: "3"}, {Action: "checkin.skip", Value: "skip"}}}
	if err := c.DirectMessage(context.Background(), nil, "me", prompt); err != nil {
		t.Fatal(err)
	}
	if err := c.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	// The first "3" answers the check-in; the second is an ordinary line.
	if len(core.clicks) != 1 || core.clicks[0] != "checkin.answer=3" {
		t.Errorf("clicks = %v", core.clicks)
	}
	if !strings.Contains(out.String(), "handled 3") {
		t.Errorf("the second 3 was not handled as a line:\n%s", out.String())
	}
}

// In the terminal the only reader is the person typing: a message for
// someone else, such as the safeguarding lead's alert about them, must not
// be printed to them.
func TestDirectMessagesForOthersAreNotShown(t *testing.T) {
	var out bytes.Buffer
	c := &Console{Handler: &fakeCore{}, UserID: "me", Out: &out, Width: 40}
	if err := c.DirectMessage(context.Background(), nil, "ULEAD", bot.Reply{Text: "Safeguarding alert from Waymark: me wrote something"}); err != nil {
		t.Fatal(err)
	}
	if out.Len() != 0 {
		t.Errorf("the lead's alert was shown in the terminal:\n%s", out.String())
	}
	if err := c.DirectMessage(context.Background(), nil, "me", bot.Reply{Text: "How are you doing this week? A longer line that wraps at forty columns."}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "How are you") {
		t.Errorf("the person's own message was not shown")
	}
	for _, line := range strings.Split(out.String(), "\n") {
		if len(strings.TrimPrefix(line, "(private) ")) > 40 {
			t.Errorf("line not wrapped to 40 columns: %q", line)
		}
	}
}
