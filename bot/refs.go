package bot

import "strings"

// The core's own way of naming a person or a channel in text: <@id> and
// <#id>, with no display name and no platform decoration. Adapters turn
// their platform's mentions into these before a message reaches the core
// (Slack's <@U123|sam> and <#C123|funding>, Discord's <@!123>), and both
// Slack and Discord show these forms as links unchanged; the terminal
// shows them as they are. People may also type @name, #name or a bare id.

// UserRef is how the core names a user in text.
func UserRef(id string) string { return "<@" + id + ">" }

// ChannelRef is how the core names a channel in text. An id that is
// already a typed reference (#funding in the terminal) is shown as it is.
func ChannelRef(id string) string {
	if id == "" {
		return "the channel"
	}
	if strings.HasPrefix(id, "#") || strings.HasPrefix(id, "<#") {
		return id
	}
	return "<#" + id + ">"
}

// ParseUserRef accepts a bare id, @name or <@id>, and returns the id.
func ParseUserRef(s string) string {
	s = strings.TrimSpace(s)
	s = strings.TrimPrefix(s, "<@")
	s = strings.TrimSuffix(s, ">")
	return strings.TrimPrefix(s, "@")
}

// IsChannelRef reports whether a word names a channel: #name or <#id>.
func IsChannelRef(s string) bool { return strings.HasPrefix(s, "#") || strings.HasPrefix(s, "<#") }

// ParseChannelRef turns <#id> into the id the adapter posts to; #name, as
// typed in the terminal, is kept as it is.
func ParseChannelRef(s string) string {
	s = strings.TrimPrefix(s, "<#")
	return strings.TrimSuffix(s, ">")
}
