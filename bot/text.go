package bot

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// CleanText makes text safe to keep and show: it drops bytes that are not
// UTF-8 and control characters (NUL, bell, escape, C1 controls, lone
// carriage returns), turns tabs into spaces and keeps line breaks.
//
// PostgreSQL refuses NUL bytes and invalid UTF-8 in text while SQLite
// stores them, so the same message was saved on one database and refused
// with "try again" on the other. Everything a person typed is cleaned
// where it enters the core (commands, button values) and again where the
// store writes text, so both databases keep exactly the same thing.
func CleanText(s string) string {
	if isClean(s) {
		return s
	}
	s = strings.ToValidUTF8(s, "")
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\n':
			return r
		case r == '\t':
			return ' '
		case unicode.IsControl(r):
			return -1
		}
		return r
	}, s)
}

// isClean is CleanText's fast path: most text has nothing to remove.
func isClean(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf {
			return utf8.ValidString(s) && !strings.ContainsFunc(s[i:], func(r rune) bool { return unicode.IsControl(r) })
		}
		if c < 0x20 && c != '\n' || c == 0x7f {
			return false
		}
	}
	return true
}

// cleanRequest applies CleanText to everything a request carries from
// the platform.
func cleanRequest(req Request) Request {
	req.Text = CleanText(req.Text)
	req.UserID = CleanText(req.UserID)
	req.UserName = CleanText(req.UserName)
	req.ChannelID = CleanText(req.ChannelID)
	return req
}
