package discord_test

import (
	"encoding/json"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"

	"github.com/waymark-org/waymark/adapters/discord"
	"github.com/waymark-org/waymark/bot"
	"github.com/waymark-org/waymark/knowledge"
)

// However long a reply, the embed keeps Discord's limits: title 256,
// description 4096, 25 fields of 256/1024, footer 2048, 6000 in all.
func TestRenderKeepsDiscordsLimits(t *testing.T) {
	para := strings.Repeat("A long paragraph about running a peer-support group safely. ", 20)
	var sources []knowledge.Source
	for i := range 40 {
		sources = append(sources, knowledge.Source{Title: "Source " + strconv.Itoa(i) + strings.Repeat(" x", 30), URL: "https://example.org/" + strconv.Itoa(i)})
	}
	var sugg []bot.Suggestion
	for i := range 10 {
		sugg = append(sugg, bot.Suggestion{ID: "topic/entry-" + strconv.Itoa(i), Title: strings.Repeat("Related ", 40)})
	}
	r := bot.Reply{
		Kind: bot.KindAnswer, Title: strings.Repeat("Title ", 100), Short: para, Detail: strings.Repeat(para+"\n\n", 20),
		Sources: sources, Suggestions: sugg, Footer: bot.Disclaimer, EntryID: "governance/x",
		Reviewed: time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC),
		Buttons:  []bot.Button{{Action: bot.ActionHelpful, Label: "Helpful", Value: "governance/x"}, {Action: bot.ActionRelated, Label: strings.Repeat("Related ", 20), Value: "governance/x"}},
	}
	m := discord.Render(r, []string{"england", "wales"})
	if len(m.Embeds) != 1 {
		t.Fatalf("%d embeds", len(m.Embeds))
	}
	e := m.Embeds[0]
	n := func(s string) int { return utf8.RuneCountInString(s) }
	total := n(e.Title) + n(e.Description) + n(e.Footer.Text)
	if n(e.Title) > 256 || n(e.Description) > 4096 || len(e.Fields) > 25 || n(e.Footer.Text) > 2048 {
		t.Errorf("title %d, description %d, fields %d, footer %d", n(e.Title), n(e.Description), len(e.Fields), n(e.Footer.Text))
	}
	for _, f := range e.Fields {
		total += n(f.Name) + n(f.Value)
		if n(f.Name) > 256 || n(f.Value) > 1024 {
			t.Errorf("field %q: %d/%d", f.Name, n(f.Name), n(f.Value))
		}
	}
	if total > 6000 {
		t.Errorf("embed total %d > 6000", total)
	}
	if !strings.Contains(e.Description, "/waymark kb show governance/x") {
		t.Error("a cut answer does not say where the rest is")
	}
	if !strings.Contains(e.Footer.Text, "Reviewed November 2026 · Applies to England and Wales") {
		t.Errorf("footer: %q", e.Footer.Text)
	}
	raw, _ := json.Marshal(m.Components)
	if !strings.Contains(string(raw), `"custom_id":"feedback.helpful|governance/x"`) {
		t.Errorf("buttons: %s", raw)
	}
	for _, c := range m.Components {
		for _, b := range c.(discordgo.ActionsRow).Components {
			if l := n(b.(discordgo.Button).Label); l > 80 {
				t.Errorf("button label %d > 80", l)
			}
		}
	}
	if m.Ephemeral {
		t.Error("an answer rendered ephemeral")
	}
	if !discord.Render(bot.Reply{Kind: bot.KindCrisis, Text: "x", Private: true}, nil).Ephemeral {
		t.Error("a private reply rendered public")
	}
}

// The invite link asks for exactly bot and applications.commands, and
// exactly the permissions Waymark uses, from discordgo's constants.
func TestInviteURL(t *testing.T) {
	u, err := url.Parse(discord.InviteURL("123456"))
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	if u.Host != "discord.com" || q.Get("client_id") != "123456" || q.Get("scope") != "bot applications.commands" {
		t.Errorf("invite: %s", u)
	}
	want := int64(discordgo.PermissionViewChannel | discordgo.PermissionSendMessages | discordgo.PermissionSendMessagesInThreads | discordgo.PermissionEmbedLinks | discordgo.PermissionReadMessageHistory)
	if q.Get("permissions") != strconv.FormatInt(want, 10) {
		t.Errorf("permissions %s, want %d", q.Get("permissions"), want)
	}
	if p, _ := strconv.ParseInt(q.Get("permissions"), 10, 64); p&(discordgo.PermissionAdministrator|discordgo.PermissionManageServer|discordgo.PermissionMentionEveryone) != 0 {
		t.Error("the invite asks for more than Waymark needs")
	}
}

// Every sub-command the other platforms have is registered, and within
// Discord's limits (names 1-32 lower case, descriptions up to 100).
func TestCommandsMatchTheOtherPlatforms(t *testing.T) {
	cmds := discord.Commands()
	if len(cmds) != 1 || cmds[0].Name != "waymark" {
		t.Fatalf("commands: %+v", cmds)
	}
	var names []string
	for _, o := range cmds[0].Options {
		names = append(names, o.Name)
		if n(o.Description) > 100 || n(o.Description) == 0 {
			t.Errorf("%s: description of %d characters", o.Name, n(o.Description))
		}
		for _, sub := range o.Options {
			if n(sub.Description) > 100 {
				t.Errorf("%s %s: description of %d characters", o.Name, sub.Name, n(sub.Description))
			}
		}
	}
	if got := strings.Join(names, " "); got != "ask kb deadline checkin settings forget-me help" {
		t.Errorf("sub-commands: %s", got)
	}
}

func n(s string) int { return utf8.RuneCountInString(s) }
