package console

import (
	"bytes"
	"fmt"
	"html/template"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark"

	"github.com/waymark-org/waymark/knowledge"
)

// entryForm is an entry as the edit page shows it: the front-matter fields
// one by one, lists as one item a line.
type entryForm struct {
	ID            string
	Title         string
	Topic         string
	Questions     string
	Tags          string
	Jurisdictions []string
	Sources       string
	Reviewed      string
	ReviewEvery   string
	Body          string
}

func formFromEntry(e *knowledge.Entry) entryForm {
	f := entryForm{
		ID: e.ID, Title: e.Title, Topic: e.Topic,
		Questions:     strings.Join(e.Questions, "\n"),
		Tags:          strings.Join(e.Tags, ", "),
		Jurisdictions: slices.Clone(e.Jurisdictions),
		Reviewed:      e.Reviewed, ReviewEvery: e.ReviewEvery, Body: e.Body,
	}
	var src []string
	for _, s := range e.Sources {
		src = append(src, s.Title+" | "+s.URL)
	}
	f.Sources = strings.Join(src, "\n")
	return f
}

func formFromValues(v url.Values) entryForm {
	return entryForm{
		ID:            strings.TrimSpace(v.Get("id")),
		Title:         strings.TrimSpace(v.Get("title")),
		Topic:         v.Get("topic"),
		Questions:     v.Get("questions"),
		Tags:          v.Get("tags"),
		Jurisdictions: v["jurisdictions"],
		Sources:       v.Get("sources"),
		Reviewed:      strings.TrimSpace(v.Get("reviewed")),
		ReviewEvery:   strings.TrimSpace(v.Get("review_every")),
		Body:          strings.ReplaceAll(v.Get("body"), "\r\n", "\n"),
	}
}

func lines(s string) []string {
	var out []string
	for _, l := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// entry builds the entry the form describes.
func (f entryForm) entry() *knowledge.Entry {
	e := &knowledge.Entry{
		ID: f.ID, Title: f.Title, Topic: f.Topic, Questions: lines(f.Questions),
		Jurisdictions: f.Jurisdictions, Reviewed: f.Reviewed, ReviewEvery: f.ReviewEvery,
		Body: strings.TrimSpace(f.Body),
	}
	for _, t := range strings.Split(f.Tags, ",") {
		if t = strings.TrimSpace(t); t != "" {
			e.Tags = append(e.Tags, t)
		}
	}
	for _, l := range lines(f.Sources) {
		title, u, ok := strings.Cut(l, "|")
		if !ok {
			title, u = "", l
		}
		e.Sources = append(e.Sources, knowledge.Source{Title: strings.TrimSpace(title), URL: strings.TrimSpace(u)})
	}
	return e
}

// source renders the form as an entry file, and lints it with the rules
// and messages of `waymark kb lint`.
func (f entryForm) source(now time.Time) (string, []knowledge.Problem, error) {
	data, err := f.entry().Marshal()
	if err != nil {
		return "", nil, err
	}
	file := f.ID + ".md"
	if f.ID == "" {
		file = "(new entry).md"
	}
	e, err := knowledge.Parse(file, data)
	if err != nil {
		return string(data), []knowledge.Problem{{File: file, Line: 1, Severity: knowledge.SevError, Message: err.Error()}}, nil
	}
	return string(data), knowledge.Linter{Now: now}.Entry(e, data), nil
}

func hasErrors(probs []knowledge.Problem) bool {
	for _, p := range probs {
		if p.Severity == knowledge.SevError {
			return true
		}
	}
	return false
}

// renderMarkdown turns an entry body into HTML safe to show: goldmark
// leaves raw HTML out by default, and bluemonday strips anything else a
// link or image could carry (javascript: URLs, event handlers).
type markdown struct {
	md     goldmark.Markdown
	policy *bluemonday.Policy
}

func newMarkdown() *markdown {
	return &markdown{md: goldmark.New(), policy: bluemonday.UGCPolicy()}
}

func (m *markdown) render(body string) (template.HTML, error) {
	var buf bytes.Buffer
	if err := m.md.Convert([]byte(body), &buf); err != nil {
		return "", fmt.Errorf("render markdown: %w", err)
	}
	// The sanitised output is safe by construction; html/template would
	// otherwise escape it as text.
	return template.HTML(m.policy.SanitizeBytes(buf.Bytes())), nil //nolint:gosec
}
