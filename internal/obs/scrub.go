package obs

import (
	"context"
	"log/slog"
	"net/url"
	"regexp"
)

// Scrub wraps a log handler so that no URL path or query and no Slack
// token reaches the log, whatever a caller or a library put in a message,
// an attribute or an error: a URL is cut to its scheme and host (Slack's
// response_url carries a one-time token in its path), and tokens
// (xoxb-..., xapp-...) are replaced. It is the last line of defence;
// code should not log such things in the first place.
func Scrub(h slog.Handler) slog.Handler { return scrubHandler{h} }

type scrubHandler struct{ slog.Handler }

func (h scrubHandler) Handle(ctx context.Context, r slog.Record) error {
	nr := slog.NewRecord(r.Time, r.Level, ScrubString(r.Message), r.PC)
	r.Attrs(func(a slog.Attr) bool {
		nr.AddAttrs(scrubAttr(a))
		return true
	})
	return h.Handler.Handle(ctx, nr)
}

func (h scrubHandler) WithAttrs(as []slog.Attr) slog.Handler {
	out := make([]slog.Attr, len(as))
	for i, a := range as {
		out[i] = scrubAttr(a)
	}
	return scrubHandler{h.Handler.WithAttrs(out)}
}

func (h scrubHandler) WithGroup(name string) slog.Handler {
	return scrubHandler{h.Handler.WithGroup(name)}
}

func scrubAttr(a slog.Attr) slog.Attr {
	v := a.Value.Resolve()
	switch v.Kind() {
	case slog.KindString:
		return slog.String(a.Key, ScrubString(v.String()))
	case slog.KindGroup:
		g := v.Group()
		out := make([]any, len(g))
		for i, ga := range g {
			out[i] = scrubAttr(ga)
		}
		return slog.Group(a.Key, out...)
	case slog.KindAny:
		switch x := v.Any().(type) {
		case error:
			return slog.String(a.Key, ScrubString(x.Error()))
		case interface{ String() string }:
			return slog.String(a.Key, ScrubString(x.String()))
		}
	}
	return slog.Attr{Key: a.Key, Value: v}
}

var (
	urlPattern   = regexp.MustCompile(`(?i)\b(?:https?|wss?)://[^\s"'<>]+`)
	tokenPattern = regexp.MustCompile(`\bx(?:ox[abposer]|app)-[A-Za-z0-9-]+`)
)

// ScrubString cuts URLs to scheme and host and hides Slack tokens.
func ScrubString(s string) string {
	s = urlPattern.ReplaceAllStringFunc(s, func(m string) string {
		u, err := url.Parse(m)
		if err != nil || u.Host == "" {
			return "[url]"
		}
		if u.Path == "" && u.RawQuery == "" {
			return u.Scheme + "://" + u.Host
		}
		return u.Scheme + "://" + u.Host + "/[redacted]"
	})
	return tokenPattern.ReplaceAllString(s, "[token]")
}
