package slack

import "regexp"

// slackRef matches Slack's references that carry a display name:
// <@U123|sam> and <#C123|funding>.
var slackRef = regexp.MustCompile(`<([@#])([A-Z0-9]+)\|[^>]*>`)

// coreText turns Slack's references into the core's own (<@U123>,
// <#C123>; see bot.UserRef): the id stays, the display name goes. Slack
// shows the core's forms as links too, so replies read the same.
func coreText(s string) string { return slackRef.ReplaceAllString(s, "<$1$2>") }
