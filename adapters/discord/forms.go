package discord

import (
	"strings"

	"github.com/bwmarrin/discordgo"

	"github.com/waymark-org/waymark/bot"
	"github.com/waymark-org/waymark/internal/adapterkit"
)

// formPrefix starts the custom_id of a modal rendered from a core form:
// "form|<form id>|<value>". Discord returns it with the submission, so it
// carries what Slack keeps in private_metadata, within 100 characters.
const formPrefix = "form|"

// modalData renders a core form as a Discord modal: one paragraph or
// short text input per field, at most five. It is nil when the form does
// not fit, and the reply's text is sent instead.
func modalData(f *bot.Form) *discordgo.InteractionResponseData {
	id := formPrefix + f.ID + "|" + f.Value
	if len(id) > maxCustomID || len(f.Fields) == 0 || len(f.Fields) > 5 {
		return nil
	}
	rows := make([]discordgo.MessageComponent, 0, len(f.Fields))
	for _, fl := range f.Fields {
		style := discordgo.TextInputShort
		if fl.Multiline {
			style = discordgo.TextInputParagraph
		}
		max := min(fl.MaxLength, bot.FormFieldMaxDiscord)
		if max <= 0 {
			max = bot.FormFieldMaxDiscord
		}
		rows = append(rows, discordgo.ActionsRow{Components: []discordgo.MessageComponent{discordgo.TextInput{
			CustomID: fl.ID, Label: adapterkit.Truncate(fl.Label, 45, "…"), Style: style, Value: fl.Value, Required: true, MaxLength: max,
		}}})
	}
	return &discordgo.InteractionResponseData{CustomID: id, Title: adapterkit.Truncate(f.Title, 45, "…"), Components: rows}
}

// formSubmission reads a submitted modal that modalData rendered.
func formSubmission(d discordgo.ModalSubmitInteractionData) (bot.FormSubmission, bool) {
	rest, ok := strings.CutPrefix(d.CustomID, formPrefix)
	if !ok {
		return bot.FormSubmission{}, false
	}
	form, value, _ := strings.Cut(rest, "|")
	return bot.FormSubmission{Form: form, Value: value, Fields: modalValues(d)}, true
}
