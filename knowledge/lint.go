package knowledge

import (
	"fmt"
	"io/fs"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"time"
)

// Severity of a lint problem: errors fail the build, warnings are shown.
type Severity string

const (
	SevError   Severity = "error"
	SevWarning Severity = "warning"
)

// Problem is one thing lint found, located at file:line.
type Problem struct {
	File     string
	Line     int
	Severity Severity
	Message  string
}

func (p Problem) String() string {
	return fmt.Sprintf("%s:%d: %s: %s", p.File, p.Line, p.Severity, p.Message)
}

// Word limits for an entry's body: long enough to be useful, short enough
// to read in a chat window.
const (
	MinBodyWords = 120
	MaxBodyWords = 450
	MinQuestions = 3
	// WantQuestions is how many alternative questions every entry of the
	// built-in base has (a test checks): search learns organisers' wording
	// from them. A group's own entries need only MinQuestions.
	WantQuestions = 12
)

var (
	idPattern = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*/[a-z0-9]+(-[a-z0-9]+)*$`)
	// properNames are spelt as their owners spell them.
	properNames     = strings.NewReplacer("World Health Organization", "", "Organization for Economic", "")
	americanPattern = regexp.MustCompile(`(?i)\b(organiz\w*|recogniz\w*|prioritiz\w*|color|behavior\w*|center|program|programs|labor|neighbor\w*|judgment|counselor\w*|favor\w*)\b`)
)

// Linter checks entries. Now is injectable so tests do not depend on the
// calendar.
type Linter struct {
	Now time.Time
}

// LintFS checks every entry below the root of fsys and returns the entries
// that parsed, sorted by id, with the problems in file order, so callers
// need not read the files again. ids must match the file path
// ("governance/x" lives in governance/x.md) so a moderator can always find
// an entry's file.
func (l Linter) LintFS(fsys fs.FS) ([]*Entry, []Problem, error) {
	files, err := readEntryFiles(fsys)
	if err != nil {
		return nil, nil, err
	}
	var probs []Problem
	var entries []*Entry
	for _, f := range files {
		e, p := l.File(f.name, f.data)
		probs = append(probs, p...)
		if e != nil {
			entries = append(entries, e)
		}
	}
	probs = append(probs, crossCheck(entries)...)
	sort.SliceStable(probs, func(i, j int) bool {
		if probs[i].File != probs[j].File {
			return probs[i].File < probs[j].File
		}
		return probs[i].Line < probs[j].Line
	})
	sort.Slice(entries, func(i, j int) bool { return entries[i].ID < entries[j].ID })
	return entries, probs, nil
}

// File checks one entry file on its own, as LintFS checks each: it must
// parse, pass Entry, and have the id its path names (name is the path,
// "governance/x.md"). The entry is nil when the file does not parse. The
// chat editor lints an edit here, so a moderator gets the messages of
// `waymark kb lint`.
func (l Linter) File(name string, data []byte) (*Entry, []Problem) {
	e, err := Parse(name, data)
	if err != nil {
		return nil, []Problem{{File: name, Line: 1, Severity: SevError, Message: err.Error()}}
	}
	probs := l.Entry(e, data)
	if want := strings.TrimSuffix(name, ".md"); e.ID != "" && e.ID != want {
		probs = append(probs, Problem{File: name, Line: keyLine(data, "id"), Severity: SevError,
			Message: fmt.Sprintf("id %q does not match the file path; want %q", e.ID, want)})
	}
	return e, probs
}

// HasErrors reports whether any of probs is an error rather than a warning.
func HasErrors(probs []Problem) bool {
	for _, p := range probs {
		if p.Severity == SevError {
			return true
		}
	}
	return false
}

// Entry checks one entry on its own. data is its source text, used to
// point at the line of each field.
func (l Linter) Entry(e *Entry, data []byte) []Problem {
	var probs []Problem
	add := func(key string, sev Severity, format string, args ...any) {
		probs = append(probs, Problem{File: e.File, Line: keyLine(data, key), Severity: sev, Message: fmt.Sprintf(format, args...)})
	}
	if e.ID == "" {
		add("id", SevError, "id is missing")
	} else if !idPattern.MatchString(e.ID) {
		add("id", SevError, "id %q must be topic/slug in lowercase letters, digits and hyphens", e.ID)
	}
	if strings.TrimSpace(e.Title) == "" {
		add("title", SevError, "title is missing")
	}
	if !contains(Topics, e.Topic) {
		add("topic", SevError, "topic %q must be one of %s", e.Topic, strings.Join(Topics, ", "))
	}
	if len(e.Questions) < MinQuestions {
		add("questions", SevError, "has %d alternative questions; want at least %d", len(e.Questions), MinQuestions)
	}
	for _, q := range e.Questions {
		if strings.TrimSpace(q) == "" {
			add("questions", SevError, "an alternative question is empty")
		}
	}
	if len(e.Tags) == 0 {
		add("tags", SevError, "tags are missing")
	}
	if len(e.Jurisdictions) == 0 {
		add("jurisdictions", SevError, "jurisdictions are missing; use [uk] for all four")
	}
	for _, j := range e.Jurisdictions {
		if j != "uk" && !contains(Jurisdictions, j) {
			add("jurisdictions", SevError, "jurisdiction %q must be uk or one of %s", j, strings.Join(Jurisdictions, ", "))
		}
	}
	if len(e.Sources) == 0 {
		add("sources", SevError, "sources are missing; every entry needs the body that owns its facts")
	}
	for _, s := range e.Sources {
		if strings.TrimSpace(s.Title) == "" {
			add("sources", SevError, "a source has no title")
		}
		u, err := url.Parse(s.URL)
		if err != nil || u.Scheme != "https" || !strings.Contains(u.Host, ".") {
			add("sources", SevError, "source URL %q must be a well-formed https URL", s.URL)
		}
	}
	reviewed := e.ReviewedDate()
	switch {
	case e.Reviewed == "":
		add("reviewed", SevError, "reviewed date is missing")
	case reviewed.IsZero():
		add("reviewed", SevError, "reviewed %q must be a date like 2026-11-01", e.Reviewed)
	case !l.Now.IsZero() && reviewed.After(l.Now):
		add("reviewed", SevError, "reviewed %s is in the future", e.Reviewed)
	}
	if _, err := parseReviewEvery(e.ReviewEvery); err != nil {
		add("review_every", SevError, "%v", err)
	} else if due := e.ReviewDue(); !due.IsZero() && !l.Now.IsZero() && l.Now.After(due) {
		add("reviewed", SevWarning, "review overdue since %s: check it against its sources", due.Format(time.DateOnly))
	}
	n := len(strings.Fields(e.Body))
	switch {
	case n == 0:
		probs = append(probs, Problem{File: e.File, Line: e.BodyLine, Severity: SevError, Message: "body is empty"})
	case n < MinBodyWords || n > MaxBodyWords:
		probs = append(probs, Problem{File: e.File, Line: e.BodyLine, Severity: SevError,
			Message: fmt.Sprintf("body has %d words; want %d to %d", n, MinBodyWords, MaxBodyWords)})
	}
	for i, line := range strings.Split(e.Body, "\n") {
		if m := americanPattern.FindString(properNames.Replace(line)); m != "" {
			probs = append(probs, Problem{File: e.File, Line: e.BodyLine + i, Severity: SevWarning,
				Message: fmt.Sprintf("%q looks like American spelling; Waymark uses UK spelling", m)})
		}
	}
	return probs
}

// crossCheck finds problems between entries: repeated ids, and the same
// alternative question claimed by two entries (search cannot tell them apart).
func crossCheck(entries []*Entry) []Problem {
	var probs []Problem
	ids := map[string]*Entry{}
	questions := map[string]*Entry{}
	for _, e := range entries {
		if first, ok := ids[e.ID]; ok && e.ID != "" {
			probs = append(probs, Problem{File: e.File, Line: 2, Severity: SevError,
				Message: fmt.Sprintf("id %q is also used by %s", e.ID, first.File)})
		}
		ids[e.ID] = e
		for _, q := range append([]string{e.Title}, e.Questions...) {
			key := strings.Join(words(q), " ")
			if first, ok := questions[key]; ok && first != e {
				probs = append(probs, Problem{File: e.File, Line: 1, Severity: SevError,
					Message: fmt.Sprintf("question %q is also asked by %s", q, first.ID)})
			}
			questions[key] = e
		}
	}
	return append(probs, checkCounterparts(entries, ids)...)
}

// checkCounterparts: an entry's counterparts exist, list it back, and
// cover other nations than it does, so that a question from any one nation
// is handed to at most one of them.
func checkCounterparts(entries []*Entry, ids map[string]*Entry) []Problem {
	var probs []Problem
	for _, e := range entries {
		for _, id := range e.Counterparts {
			add := func(format string, args ...any) {
				probs = append(probs, Problem{File: e.File, Line: 1, Severity: SevError, Message: fmt.Sprintf(format, args...)})
			}
			o, ok := ids[id]
			switch {
			case !ok:
				add("counterpart %q is not an entry", id)
			case o == e:
				add("an entry cannot be its own counterpart")
			case !contains(o.Counterparts, e.ID):
				add("counterpart %s does not list %s back", id, e.ID)
			default:
				for _, j := range Jurisdictions {
					if e.AppliesTo(j) && o.AppliesTo(j) {
						add("counterpart %s also covers %s; counterparts answer for different nations", id, j)
						break
					}
				}
			}
		}
	}
	return probs
}

// keyLine finds the 1-based line of a top-level front-matter key, or 1.
func keyLine(data []byte, key string) int {
	for i, line := range strings.Split(string(data), "\n") {
		if strings.HasPrefix(line, key+":") {
			return i + 1
		}
		if i > 0 && line == "---" {
			break
		}
	}
	return 1
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
