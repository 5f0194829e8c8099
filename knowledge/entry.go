// Package knowledge holds Waymark's curated entries: their format, parsing,
// lint and the search index that answers questions from them.
package knowledge

import (
	"bytes"
	"fmt"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

// Jurisdictions Waymark knows. "uk" on an entry means all four.
var Jurisdictions = []string{"england", "wales", "scotland", "northern-ireland"}

// Topics an entry may belong to.
var Topics = []string{"governance", "safeguarding", "data-protection", "commissioning", "funding", "wellbeing"}

// Source is where a fact comes from: the body that owns it.
type Source struct {
	Title string `yaml:"title" json:"title"`
	URL   string `yaml:"url" json:"url"`
}

// Entry is one curated answer. The front matter is YAML; the body is
// Markdown whose first paragraph is the short answer.
type Entry struct {
	ID            string   `yaml:"id" json:"id"`
	Title         string   `yaml:"title" json:"title"`
	Topic         string   `yaml:"topic" json:"topic"`
	Questions     []string `yaml:"questions" json:"questions"`
	Tags          []string `yaml:"tags" json:"tags"`
	Jurisdictions []string `yaml:"jurisdictions" json:"jurisdictions"`
	// Counterparts are the entries that answer the same question for the
	// other nations (closing a charity in England and Wales, in Scotland,
	// in Northern Ireland). Organisers ask all of them in the same words,
	// so search hands what it learned of one to the one for the asker's
	// nation.
	Counterparts []string `yaml:"counterparts,omitempty" json:"counterparts,omitempty"`
	Sources      []Source `yaml:"sources" json:"sources"`
	Reviewed     string   `yaml:"reviewed" json:"reviewed"`
	ReviewEvery  string   `yaml:"review_every" json:"review_every,omitempty"`
	Body         string   `yaml:"-" json:"body"`

	// Where the entry came from, for lint messages and history.
	File string `yaml:"-" json:"-"`
	// BodyLine is the 1-based line in File where the body starts.
	BodyLine int `yaml:"-" json:"-"`
	// Local marks a tenant's own entry (an override or an addition).
	Local bool `yaml:"-" json:"local,omitempty"`
}

// ReviewedDate parses the reviewed field. A zero time means it is missing
// or malformed; lint reports which.
func (e *Entry) ReviewedDate() time.Time {
	t, err := time.Parse(time.DateOnly, e.Reviewed)
	if err != nil {
		return time.Time{}
	}
	return t
}

// ShortAnswer is the body's first paragraph: the one or two sentences a
// busy organiser reads first.
func (e *Entry) ShortAnswer() string {
	short, _ := splitFirstParagraph(e.Body)
	return short
}

// Detail is the body after the short answer.
func (e *Entry) Detail() string {
	_, rest := splitFirstParagraph(e.Body)
	return rest
}

func splitFirstParagraph(body string) (string, string) {
	body = strings.TrimSpace(body)
	if i := strings.Index(body, "\n\n"); i >= 0 {
		return strings.TrimSpace(body[:i]), strings.TrimSpace(body[i+2:])
	}
	return body, ""
}

// AppliesTo reports whether the entry covers the jurisdiction j. An empty
// j means "not known", which every entry covers.
func (e *Entry) AppliesTo(j string) bool {
	if j == "" {
		return true
	}
	for _, have := range e.Jurisdictions {
		if have == j || have == "uk" {
			return true
		}
	}
	return false
}

// ReviewDue returns when the entry should next be checked against its
// sources, using review_every (e.g. 6mo, 12mo, 2y); zero if unknown.
func (e *Entry) ReviewDue() time.Time {
	reviewed := e.ReviewedDate()
	if reviewed.IsZero() {
		return time.Time{}
	}
	months, err := parseReviewEvery(e.ReviewEvery)
	if err != nil {
		return time.Time{}
	}
	return reviewed.AddDate(0, months, 0)
}

// parseReviewEvery turns "6mo", "12mo", "1y" or "2y" into months. An empty
// value means the default of twelve months.
func parseReviewEvery(s string) (int, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 12, nil
	}
	var n int
	var unit string
	if _, err := fmt.Sscanf(s, "%d%s", &n, &unit); err != nil || n <= 0 {
		return 0, fmt.Errorf("review_every %q: want a whole number of months or years, like 6mo or 1y", s)
	}
	switch unit {
	case "mo", "m", "month", "months":
		return n, nil
	case "y", "yr", "year", "years":
		return 12 * n, nil
	}
	return 0, fmt.Errorf("review_every %q: unit must be mo or y", s)
}

// Parse reads one entry from Markdown with YAML front matter. file is used
// in error messages only.
func Parse(file string, data []byte) (*Entry, error) {
	data = bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n"))
	if !bytes.HasPrefix(data, []byte("---\n")) {
		return nil, fmt.Errorf("%s:1: entry must start with a --- line opening the YAML front matter", file)
	}
	rest := data[4:]
	end := bytes.Index(rest, []byte("\n---"))
	if end < 0 {
		return nil, fmt.Errorf("%s:1: front matter is not closed with a --- line", file)
	}
	front := rest[:end+1]
	body := rest[end+4:]
	if i := bytes.IndexByte(body, '\n'); i >= 0 {
		body = body[i+1:]
	} else {
		body = nil
	}
	var e Entry
	dec := yaml.NewDecoder(bytes.NewReader(front))
	dec.KnownFields(true)
	if err := dec.Decode(&e); err != nil {
		return nil, fmt.Errorf("%s: front matter: %w", file, yamlLineOffset(err))
	}
	e.File = file
	e.BodyLine = bytes.Count(data[:4+end+4], []byte("\n")) + 2
	e.Body = strings.TrimSpace(string(body))
	return &e, nil
}

// yamlLineOffset leaves yaml's own "line N" wording alone: the front matter
// starts on line 2, so messages are off by one, which we fix here.
func yamlLineOffset(err error) error {
	msg := err.Error()
	var out strings.Builder
	for {
		i := strings.Index(msg, "line ")
		if i < 0 {
			out.WriteString(msg)
			break
		}
		out.WriteString(msg[:i+5])
		msg = msg[i+5:]
		j := 0
		for j < len(msg) && msg[j] >= '0' && msg[j] <= '9' {
			j++
		}
		if j == 0 {
			continue
		}
		var n int
		fmt.Sscanf(msg[:j], "%d", &n)
		fmt.Fprintf(&out, "%d", n+1)
		msg = msg[j:]
	}
	return fmt.Errorf("%s", out.String())
}

// Marshal renders the entry back to its file format.
func (e *Entry) Marshal() ([]byte, error) {
	front, err := yaml.Marshal(e)
	if err != nil {
		return nil, fmt.Errorf("marshal entry %s: %w", e.ID, err)
	}
	var b bytes.Buffer
	b.WriteString("---\n")
	b.Write(front)
	b.WriteString("---\n")
	b.WriteString(e.Body)
	b.WriteString("\n")
	return b.Bytes(), nil
}
