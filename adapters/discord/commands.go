package discord

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"
)

// Sub-commands of /waymark: the same as Slack's and the terminal's. Each
// takes its arguments as the same free text the other platforms use, so
// one grammar (the core's) serves all three.
var subcommands = []struct {
	name, description, argsHelp string
	required                    bool
}{
	{"ask", "Ask a question about running your group", "Your question", true},
	{"kb", "Browse the knowledge base; moderators see gaps", "show <id> | list [topic] | gaps", false},
	{"deadline", "Deadlines with reminders (no arguments: add one with a form)", "add <title> <when> | list | done <number> | ...", false},
	{"checkin", "Opt-in, private check-ins (\"note\" alone: write a note in a form)", "on | off | now | history | note <text> | pulse", false},
	{"settings", "Your group's time zone, nation, safeguarding lead and moderators", "timezone <zone> | jurisdiction <nation> | moderators add <user> | ...", false},
	{"forget-me", "Delete what Waymark holds about you", "", false},
	{"help", "What Waymark can do", "", false},
}

// Commands is the /waymark application command as registered with
// Discord (bulk overwrite, see Register).
func Commands() []*discordgo.ApplicationCommand {
	cmd := &discordgo.ApplicationCommand{Name: "waymark", Description: "Waymark: answers and reminders for organisers of peer-support groups"}
	for _, s := range subcommands {
		sub := &discordgo.ApplicationCommandOption{Type: discordgo.ApplicationCommandOptionSubCommand, Name: s.name, Description: s.description}
		if s.argsHelp != "" {
			name := "text"
			if s.name == "ask" {
				name = "question"
			}
			sub.Options = append(sub.Options, &discordgo.ApplicationCommandOption{
				Type: discordgo.ApplicationCommandOptionString, Name: name, Description: clip(s.argsHelp, 100), Required: s.required, MaxLength: 4000,
			})
		}
		if s.name == "kb" {
			sub.Options = append(sub.Options, &discordgo.ApplicationCommandOption{
				Type: discordgo.ApplicationCommandOptionString, Name: "entry", Description: "An entry id (start typing to search)", Autocomplete: true,
			})
		}
		cmd.Options = append(cmd.Options, sub)
	}
	return []*discordgo.ApplicationCommand{cmd}
}

// commandText is the command's words as Slack and the terminal have them
// after "/waymark": the sub-command, then its options' values in order.
func commandText(d discordgo.ApplicationCommandInteractionData) string {
	if len(d.Options) == 0 {
		return "help"
	}
	sub := d.Options[0]
	words := []string{sub.Name}
	for _, o := range sub.Options {
		if s, ok := o.Value.(string); ok && strings.TrimSpace(s) != "" {
			words = append(words, strings.TrimSpace(s))
		}
	}
	return strings.Join(words, " ")
}

// Modal custom ids, and the inputs' ids.
const (
	modalDeadline = "modal|deadline.add"
	modalNote     = "modal|checkin.note"
)

// modalFor is the form a command opens instead of answering: adding a
// deadline with no details, or a check-in note with no text.
func modalFor(text string) *discordgo.InteractionResponse {
	var data *discordgo.InteractionResponseData
	switch strings.ToLower(strings.TrimSpace(text)) {
	case "deadline", "deadline add":
		data = &discordgo.InteractionResponseData{CustomID: modalDeadline, Title: "Add a deadline", Components: []discordgo.MessageComponent{
			input("title", "What is due", "Annual return to the Charity Commission", discordgo.TextInputShort, true, 200),
			input("when", "When", "31 January, or next Friday", discordgo.TextInputShort, true, 100),
			input("more", "Repeat, time, reminders (optional)", "every year at 7pm remind a week before", discordgo.TextInputShort, false, 200),
		}}
	case "checkin note":
		data = &discordgo.InteractionResponseData{CustomID: modalNote, Title: "A private check-in note", Components: []discordgo.MessageComponent{
			input("note", "Only you will ever see this", "", discordgo.TextInputParagraph, true, 1000),
		}}
	default:
		return nil
	}
	return &discordgo.InteractionResponse{Type: discordgo.InteractionResponseModal, Data: data}
}

func input(id, label, placeholder string, style discordgo.TextInputStyle, required bool, max int) discordgo.MessageComponent {
	return discordgo.ActionsRow{Components: []discordgo.MessageComponent{discordgo.TextInput{
		CustomID: id, Label: label, Placeholder: placeholder, Style: style, Required: required, MaxLength: max,
	}}}
}

// modalValues is a submitted modal's text inputs by custom id, as typed.
func modalValues(d discordgo.ModalSubmitInteractionData) map[string]string {
	values := map[string]string{}
	for _, c := range d.Components {
		row, ok := c.(*discordgo.ActionsRow)
		if !ok {
			continue
		}
		for _, rc := range row.Components {
			if ti, ok := rc.(*discordgo.TextInput); ok {
				values[ti.CustomID] = ti.Value
			}
		}
	}
	return values
}

// modalText is a submitted form as the command it stands for.
func modalText(d discordgo.ModalSubmitInteractionData) string {
	values := modalValues(d)
	for k, v := range values {
		values[k] = strings.TrimSpace(v)
	}
	switch d.CustomID {
	case modalDeadline:
		return strings.TrimSpace(strings.Join([]string{"deadline add", values["title"], values["when"], values["more"]}, " "))
	case modalNote:
		return "checkin note " + values["note"]
	}
	return "help"
}

// autocomplete offers entry ids matching what has been typed: up to 25,
// Discord's limit, by id or title.
func (a *Adapter) autocomplete(w http.ResponseWriter, r *http.Request, in *discordgo.Interaction) {
	typed := ""
	d := in.ApplicationCommandData()
	for _, sub := range d.Options {
		for _, o := range sub.Options {
			if o.Focused {
				typed, _ = o.Value.(string)
			}
		}
	}
	typed = strings.ToLower(strings.TrimSpace(typed))
	choices := []*discordgo.ApplicationCommandOptionChoice{}
	guildID := in.GuildID
	if guildID == "" {
		userID, _, _ := userOf(in)
		guildID = a.guildOf(r.Context(), userID)
	}
	if t, err := a.tenantFor(r.Context(), guildID); err == nil {
		// Ids that match come before titles that do, so typing part of
		// an id finds it even among many entries on the same subject.
		var byID, byTitle []*discordgo.ApplicationCommandOptionChoice
		for _, e := range a.core.Entries(r.Context(), t) {
			if len(e.ID) > 100 {
				continue // not a valid choice value; still reachable by typing it
			}
			c := &discordgo.ApplicationCommandOptionChoice{Name: clip(e.ID+" — "+e.Title, 100), Value: e.ID}
			switch {
			case strings.Contains(strings.ToLower(e.ID), typed):
				byID = append(byID, c)
			case strings.Contains(strings.ToLower(e.Title), typed):
				byTitle = append(byTitle, c)
			}
		}
		choices = append(byID, byTitle...)
		if len(choices) > 25 {
			choices = choices[:25]
		}
	}
	if len(choices) == 0 {
		// discordgo drops an empty choices list (omitempty), and Discord
		// wants the field: say "no suggestions" explicitly.
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"type":8,"data":{"choices":[]}}`)
		return
	}
	respond(w, &discordgo.InteractionResponse{Type: discordgo.InteractionApplicationCommandAutocompleteResult, Data: &discordgo.InteractionResponseData{Choices: choices}})
}

// RegisterCommands replaces the application's commands with /waymark (a
// bulk overwrite): globally, or in one server when guildID is set, which
// Discord applies at once (useful while testing). client nil is a plain
// client with a 30 s timeout.
func RegisterCommands(ctx context.Context, client *http.Client, appID, botToken, guildID string) ([]*discordgo.ApplicationCommand, error) {
	s, err := discordgo.New("Bot " + botToken)
	if err != nil {
		return nil, fmt.Errorf("discord session: %w", err)
	}
	if client != nil {
		s.Client = client
	} else {
		s.Client = &http.Client{Timeout: 30 * time.Second}
	}
	got, err := s.ApplicationCommandBulkOverwrite(appID, guildID, Commands(), discordgo.WithContext(ctx))
	if err != nil {
		return nil, fmt.Errorf("register discord commands: %w", err)
	}
	return got, nil
}

// Permissions are the bot permissions Waymark needs in a server: to see
// the channels it is mentioned in, answer there and in threads, show
// answers as embeds, and read the message it replies to.
const Permissions = discordgo.PermissionViewChannel |
	discordgo.PermissionSendMessages |
	discordgo.PermissionSendMessagesInThreads |
	discordgo.PermissionEmbedLinks |
	discordgo.PermissionReadMessageHistory

// InviteURL is the link that adds Waymark to a server: exactly the scopes
// bot and applications.commands, and Permissions.
func InviteURL(applicationID string) string {
	q := url.Values{}
	q.Set("client_id", applicationID)
	q.Set("scope", "bot applications.commands")
	q.Set("permissions", strconv.FormatInt(Permissions, 10))
	return "https://discord.com/oauth2/authorize?" + q.Encode()
}
