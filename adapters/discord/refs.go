package discord

import "regexp"

// nickRef matches Discord's nickname mention, <@!123>.
var nickRef = regexp.MustCompile(`<@!(\d+)>`)

// coreText turns Discord's nickname mentions into the core's user
// reference (<@123>; see bot.UserRef). Discord's channel mention <#123>
// is already the core's form.
func coreText(s string) string { return nickRef.ReplaceAllString(s, "<@$1>") }
