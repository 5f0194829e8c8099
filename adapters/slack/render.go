package slack

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/slack-go/slack"

	"github.com/waymark-org/waymark/bot"
	"github.com/waymark-org/waymark/internal/adapterkit"
	"github.com/waymark-org/waymark/knowledge"
)

// Slack's published limits.
const (
	maxBlocks       = 50
	maxSectionChars = 3000
	maxTextChars    = 40000
	maxContextElems = 10
)

// Message is a reply rendered for Slack: blocks, and the plain-text
// fallback Slack shows in notifications and to screen readers.
type Message struct {
	Text   string
	Blocks []slack.Block
}

// Render turns a core reply into Block Kit. applies lists the
// jurisdictions the answered entry covers, for the "reviewed" line.
func Render(r bot.Reply, applies []string) Message {
	m := Message{Text: truncate(r.Text, maxTextChars)}
	var blocks []slack.Block
	switch {
	case r.Kind == bot.KindAnswer && r.Short != "":
		head := r.Short
		if r.Title != "" {
			head = "*" + escape(r.Title) + "*\n" + mrkdwn(r.Short)
		} else {
			head = mrkdwn(head)
		}
		blocks = append(blocks, sections(head)...)
		if r.Detail != "" {
			blocks = append(blocks, sections(mrkdwn(r.Detail))...)
		}
		if len(r.Sources) > 0 {
			var sb strings.Builder
			sb.WriteString("*Sources*")
			for _, s := range r.Sources {
				fmt.Fprintf(&sb, "\n• %s", link(s))
			}
			blocks = append(blocks, sections(sb.String())...)
		}
		var ctx []slack.MixedElement
		if line := adapterkit.ReviewedLine(r, applies); line != "" {
			ctx = append(ctx, slack.NewTextBlockObject(slack.MarkdownType, line, false, false))
		}
		if r.Footer != "" {
			ctx = append(ctx, slack.NewTextBlockObject(slack.MarkdownType, escape(r.Footer), false, false))
		}
		if len(ctx) > 0 {
			blocks = append(blocks, slack.NewContextBlock("", ctx...))
		}
	default:
		text := r.Text
		if r.Kind == bot.KindCrisis && r.Title != "" {
			text = "*" + escape(r.Title) + "*\n\n" + mrkdwn(text)
		} else {
			text = mrkdwn(text)
		}
		blocks = append(blocks, sections(text)...)
	}
	actions := buttons(r.Buttons)
	limit := maxBlocks
	if actions != nil {
		limit--
	}
	if len(blocks) > limit {
		// Cut cleanly and say so, rather than let Slack reject the message.
		note := "_That is as much as fits in one Slack message._"
		if r.EntryID != "" {
			note = fmt.Sprintf("_That is as much as fits in one Slack message. The whole entry is at_ `/waymark kb show %s`.", r.EntryID)
		}
		blocks = append(blocks[:limit-1], slack.NewContextBlock("", slack.NewTextBlockObject(slack.MarkdownType, note, false, false)))
	}
	if actions != nil {
		blocks = append(blocks, actions)
	}
	m.Blocks = blocks
	return m
}

func buttons(bs []bot.Button) slack.Block {
	if len(bs) == 0 {
		return nil
	}
	var els []slack.BlockElement
	for _, b := range bs {
		// The action id is the core's action, so a click maps straight
		// back to (*bot.Bot).Action; block ids keep ids unique per block.
		els = append(els, slack.NewButtonBlockElement(b.Action, b.Value, slack.NewTextBlockObject(slack.PlainTextType, b.Label, false, false)))
	}
	return slack.NewActionBlock("waymark_actions", els...)
}

func link(s knowledge.Source) string {
	if s.URL == "" {
		return escape(s.Title)
	}
	title := s.Title
	if title == "" {
		title = s.URL
	}
	// "|" and ">" would end the link early.
	title = linkTitle.Replace(escape(title))
	return "<" + strings.ReplaceAll(s.URL, ">", "%3E") + "|" + title + ">"
}

// sections splits mrkdwn into section blocks of at most 3000 characters,
// at paragraph breaks where possible, then at line breaks, then at spaces.
func sections(text string) []slack.Block {
	var out []slack.Block
	for _, chunk := range adapterkit.Split(text, maxSectionChars) {
		out = append(out, slack.NewSectionBlock(slack.NewTextBlockObject(slack.MarkdownType, chunk, false, false), nil, nil))
	}
	return out
}

const truncatedNote = "\n… (cut to fit Slack's message size)"

// truncate shortens text to max characters at a line boundary and says so.
func truncate(text string, max int) string { return adapterkit.Truncate(text, max, truncatedNote) }

var (
	mdBold    = regexp.MustCompile(`\*\*([^*\n]+)\*\*|__([^_\n]+)__`)
	mdLink    = regexp.MustCompile(`\[([^\]\n]+)\]\((https?://[^)\s]+)\)`)
	mdHeading = regexp.MustCompile(`(?m)^#{1,6}\s+(.+)$`)
	mdBullet  = regexp.MustCompile(`(?m)^(\s*)[-*]\s+`)
)

// mrkdwn converts the knowledge base's Markdown to Slack's mrkdwn:
// escaping first, then bold, links, headings and bullets.
func mrkdwn(md string) string {
	s := escape(md)
	s = mdLink.ReplaceAllStringFunc(s, func(m string) string {
		p := mdLink.FindStringSubmatch(m)
		return "<" + p[2] + "|" + strings.ReplaceAll(p[1], "|", "-") + ">"
	})
	s = mdBullet.ReplaceAllString(s, "$1• ")
	s = mdBold.ReplaceAllString(s, "*$1$2*")
	s = mdHeading.ReplaceAllString(s, "*$1*")
	return s
}

// escape makes text safe for mrkdwn: Slack treats &, < and > as control
// characters (links, mentions).
func escape(s string) string { return escaper.Replace(s) }

// Built once: a Replacer compiles its table on first use.
var (
	escaper   = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")
	linkTitle = strings.NewReplacer("|", "-", ">", "›")
)
