package discord

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"

	"github.com/waymark-org/waymark/bot"
	"github.com/waymark-org/waymark/internal/adapterkit"
)

// Discord's published limits on a message's embeds and components
// (https://discord.com/developers/docs/resources/message#embed-object-embed-limits).
const (
	maxTitle       = 256
	maxDescription = 4096
	maxFields      = 25
	maxFieldName   = 256
	maxFieldValue  = 1024
	maxFooter      = 2048
	maxEmbedTotal  = 6000 // title, description, field names and values, footer: all embeds together
	maxContent     = 2000
	maxButtonLabel = 80
	maxCustomID    = 100
	maxRowButtons  = 5
	maxRows        = 5
)

// Colours of the embed's edge, by kind of reply.
const (
	colourAnswer = 0x2E7D6B
	colourCrisis = 0xB3261E
	colourInfo   = 0x5865F2
)

// Message is a reply rendered for Discord.
type Message struct {
	Content    string
	Embeds     []*discordgo.MessageEmbed
	Components []discordgo.MessageComponent
	// Ephemeral replies are seen only by the person who asked (flag 64);
	// outside an interaction they go by DM instead.
	Ephemeral bool
	// modal, when set, is sent instead as the interaction's first
	// response (type 9); Content is the fallback once that is too late.
	modal *discordgo.InteractionResponseData
}

// Flags is the message flags for an interaction response or follow-up.
func (m Message) Flags() discordgo.MessageFlags {
	if m.Ephemeral {
		return discordgo.MessageFlagsEphemeral
	}
	return 0
}

// Render turns a core reply into one embed within Discord's limits, and
// its buttons. applies lists the jurisdictions of the answered entry.
func Render(r bot.Reply, applies []string) Message {
	m := Message{Ephemeral: r.Private}
	e := &discordgo.MessageEmbed{Color: colourInfo}
	var footer []string
	switch {
	case r.Kind == bot.KindAnswer && r.Short != "":
		e.Color = colourAnswer
		e.Title = r.Title
		e.Description = r.Short
		if r.Detail != "" {
			e.Description += "\n\n" + r.Detail
		}
		if len(r.Sources) > 0 {
			var lines []string
			for _, s := range r.Sources {
				lines = append(lines, sourceLink(s.Title, s.URL))
			}
			e.Fields = append(e.Fields, &discordgo.MessageEmbedField{Name: "Sources", Value: strings.Join(lines, "\n")})
		}
		if len(r.Suggestions) > 0 {
			e.Fields = append(e.Fields, &discordgo.MessageEmbedField{Name: "Related", Value: strings.Join(adapterkit.Suggestions(r.Suggestions, 5), "\n")})
		}
		if line := adapterkit.ReviewedLine(r, applies); line != "" {
			footer = append(footer, line)
		}
	case r.Kind == bot.KindCrisis:
		e.Color = colourCrisis
		e.Title = r.Title
		e.Description = r.Text
	default:
		e.Description = r.Text
	}
	if r.Footer != "" {
		footer = append(footer, r.Footer)
	}
	if len(footer) > 0 {
		e.Footer = &discordgo.MessageEmbedFooter{Text: clip(strings.Join(footer, " · "), maxFooter)}
	}
	fit(e, r.EntryID)
	m.Embeds = []*discordgo.MessageEmbed{e}
	m.Components = Buttons(r.Buttons)
	return m
}

// sourceLink is a Markdown link, which embeds render; a title holding
// "]" would end the link early.
func sourceLink(title, url string) string {
	if url == "" {
		return title
	}
	if title == "" {
		title = url
	}
	return "[" + strings.NewReplacer("[", "(", "]", ")").Replace(title) + "](" + strings.ReplaceAll(url, ")", "%29") + ")"
}

// fit makes an embed keep every limit: each field within its own, then
// the total within 6,000 by shortening the description, saying so.
func fit(e *discordgo.MessageEmbed, entryID string) {
	e.Title = clip(e.Title, maxTitle)
	if len(e.Fields) > maxFields {
		e.Fields = e.Fields[:maxFields]
	}
	for _, f := range e.Fields {
		f.Name = clip(f.Name, maxFieldName)
		f.Value = clip(f.Value, maxFieldValue)
	}
	note := "\n… (cut to fit one Discord message)"
	if entryID != "" {
		note = fmt.Sprintf("\n… (cut to fit one Discord message; the whole entry: `/waymark kb show %s`)", entryID)
	}
	room := maxEmbedTotal - embedLen(e) + utf8.RuneCountInString(e.Description)
	e.Description = adapterkit.Truncate(e.Description, min(maxDescription, room), note)
}

// embedLen counts what Discord counts towards an embed's 6,000 characters.
func embedLen(e *discordgo.MessageEmbed) int {
	n := utf8.RuneCountInString(e.Title) + utf8.RuneCountInString(e.Description)
	for _, f := range e.Fields {
		n += utf8.RuneCountInString(f.Name) + utf8.RuneCountInString(f.Value)
	}
	if e.Footer != nil {
		n += utf8.RuneCountInString(e.Footer.Text)
	}
	if e.Author != nil {
		n += utf8.RuneCountInString(e.Author.Name)
	}
	return n
}

// clip shortens s to max characters with an ellipsis.
func clip(s string, max int) string {
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	return s[:adapterkit.ByteIndexOfRune(s, max-1)] + "…"
}

// Buttons renders the core's buttons, five to a row. The custom id is
// the core's action and value, "action|value", so a click maps straight
// back to (*bot.Bot).Action with the same action ids as Slack.
func Buttons(bs []bot.Button) []discordgo.MessageComponent { return buttons(bs, "") }

// dmButtons are buttons in a DM, which belongs to no server: the custom
// id names the server, "@guild|action|value", so the click is answered
// for the right group.
func (a *Adapter) dmButtons(bs []bot.Button, guildID string) []discordgo.MessageComponent {
	return buttons(bs, guildID)
}

func buttons(bs []bot.Button, guildID string) []discordgo.MessageComponent {
	var rows []discordgo.MessageComponent
	var row discordgo.ActionsRow
	for _, b := range bs {
		id := customID(b.Action, b.Value, guildID)
		if id == "" {
			continue // too long to be a custom id; the action is still a command away
		}
		row.Components = append(row.Components, discordgo.Button{Label: clip(b.Label, maxButtonLabel), Style: discordgo.SecondaryButton, CustomID: id})
		if len(row.Components) == maxRowButtons {
			rows = append(rows, row)
			row = discordgo.ActionsRow{}
		}
	}
	if len(row.Components) > 0 {
		rows = append(rows, row)
	}
	if len(rows) > maxRows {
		rows = rows[:maxRows]
	}
	return rows
}

func customID(action, value, guildID string) string {
	id := action + "|" + value
	if guildID != "" {
		id = "@" + guildID + "|" + id
	}
	if len(id) > maxCustomID {
		return ""
	}
	return id
}

// parseCustomID splits a button's custom id back into action, value and
// the server of a DM's button.
func parseCustomID(id string) (action, value, guildID string) {
	if strings.HasPrefix(id, "@") {
		guildID, id, _ = strings.Cut(id[1:], "|")
	}
	action, value, _ = strings.Cut(id, "|")
	return action, value, guildID
}
