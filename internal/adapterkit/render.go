package adapterkit

import (
	"context"
	"strings"
	"unicode/utf8"

	"github.com/waymark-org/waymark/bot"
	"github.com/waymark-org/waymark/knowledge"
)

// EntryFinder is the part of the core that looks up an entry.
type EntryFinder interface {
	Entry(ctx context.Context, t *bot.Tenant, id string) *knowledge.Entry
}

// Applies is the jurisdictions of the entry a reply answers from, for the
// reviewed line.
func Applies(ctx context.Context, core EntryFinder, t *bot.Tenant, r bot.Reply) []string {
	if r.EntryID == "" || r.Kind != bot.KindAnswer {
		return nil
	}
	if e := core.Entry(ctx, t, r.EntryID); e != nil {
		return e.Jurisdictions
	}
	return nil
}

// ReviewedLine is "Reviewed November 2026 · Applies to England and
// Wales", or "" when the reply has no review date.
func ReviewedLine(r bot.Reply, applies []string) string {
	if r.Reviewed.IsZero() {
		return ""
	}
	line := "Reviewed " + r.Reviewed.Format("January 2006")
	if len(applies) > 0 {
		names := make([]string, len(applies))
		for i, j := range applies {
			names[i] = knowledge.JurisdictionName(j)
		}
		list := names[0]
		if len(names) > 1 {
			list = strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
		}
		line += " · Applies to " + list
	}
	return line
}

// Split cuts text into chunks of at most max characters, at paragraph
// breaks where possible, then at line breaks, then at spaces.
func Split(text string, max int) []string {
	text = strings.TrimSpace(text)
	var out []string
	for utf8.RuneCountInString(text) > max {
		cut := ByteIndexOfRune(text, max)
		head := text[:cut]
		at := -1
		for _, sep := range []string{"\n\n", "\n", " "} {
			if i := strings.LastIndex(head, sep); i > 0 {
				at = i
				break
			}
		}
		if at <= 0 {
			at = cut
		}
		out = append(out, strings.TrimSpace(text[:at]))
		text = strings.TrimSpace(text[at:])
	}
	if text != "" {
		out = append(out, text)
	}
	return out
}

// ByteIndexOfRune is the byte offset of the n-th rune.
func ByteIndexOfRune(s string, n int) int {
	i := 0
	for pos := range s {
		if i == n {
			return pos
		}
		i++
	}
	return len(s)
}

// Truncate shortens text to max characters at a line boundary and ends
// it with note, which says it was cut (and fits within max).
func Truncate(text string, max int, note string) string {
	if utf8.RuneCountInString(text) <= max {
		return text
	}
	head := text[:ByteIndexOfRune(text, max-utf8.RuneCountInString(note))]
	if i := strings.LastIndex(head, "\n"); i > 0 {
		head = head[:i]
	}
	return strings.TrimRight(head, " \n") + note
}

// Suggestions is the "closest entries" list every adapter shows: one
// line per entry, "title (id)", at most max of them.
func Suggestions(ss []bot.Suggestion, max int) []string {
	var out []string
	for i, s := range ss {
		if i == max {
			break
		}
		out = append(out, s.Title+" ("+s.ID+")")
	}
	return out
}
