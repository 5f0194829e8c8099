// Package eval measures answer quality on a question set: does each
// question get the kind of reply it should, containing the facts it must?
package eval

import (
	"context"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"
)

// Case is one question and what a good reply looks like.
type Case struct {
	Q      string     `yaml:"q"`
	Expect Expect     `yaml:"expect"`
	Must   [][]string `yaml:"must"`
}

// Expect is one acceptable kind or a list of them.
type Expect []string

// UnmarshalYAML accepts `expect: answer` and `expect: [answer, no_answer]`.
func (e *Expect) UnmarshalYAML(n *yaml.Node) error {
	switch n.Kind {
	case yaml.ScalarNode:
		*e = Expect{n.Value}
		return nil
	case yaml.SequenceNode:
		var list []string
		if err := n.Decode(&list); err != nil {
			return err
		}
		*e = list
		return nil
	}
	return fmt.Errorf("line %d: expect must be a kind or a list of kinds", n.Line)
}

func (e Expect) has(kind string) bool {
	for _, k := range e {
		if k == kind {
			return true
		}
	}
	return false
}

// Categories in which results are counted.
const (
	CatAnswer     = "answer"
	CatOutOfScope = "out of scope"
	CatCrisis     = "crisis"
	CatNotCrisis  = "not-crisis"
)

// Category says what a case tests: a single expected kind names it; a list
// of acceptable kinds is a "not-crisis" case (alarming words that need no
// crisis reply) unless crisis is among them.
func (c Case) Category() string {
	if len(c.Expect) == 1 {
		switch c.Expect[0] {
		case "answer":
			return CatAnswer
		case "no_answer":
			return CatOutOfScope
		case "crisis":
			return CatCrisis
		}
	}
	if c.Expect.has("crisis") {
		return CatAnswer
	}
	return CatNotCrisis
}

// Load reads a question set.
func Load(path string) ([]Case, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read question set: %w", err)
	}
	var cases []Case
	if err := yaml.Unmarshal(data, &cases); err != nil {
		return nil, fmt.Errorf("parse question set %s: %w", path, err)
	}
	for i, c := range cases {
		if strings.TrimSpace(c.Q) == "" || len(c.Expect) == 0 {
			return nil, fmt.Errorf("question set %s: case %d needs q and expect", path, i+1)
		}
	}
	return cases, nil
}

// LoadAll reads several question sets as one.
func LoadAll(paths ...string) ([]Case, error) {
	var all []Case
	for _, p := range paths {
		cases, err := Load(p)
		if err != nil {
			return nil, err
		}
		all = append(all, cases...)
	}
	return all, nil
}

// Result is what Waymark replied, as `waymark ask --json` reports it.
type Result struct {
	Kind    string
	Text    string
	EntryID string
	// Confidence is "high" or "tentative" on an answer.
	Confidence string
}

// Asker answers one question.
type Asker func(ctx context.Context, q string) (Result, error)

// Failure is a case that did not pass, with why.
type Failure struct {
	Case   Case
	Got    Result
	Reason string
}

// Tally counts passes in one category.
type Tally struct{ Passed, Total int }

// Rate is the share passed, 1 for an empty category.
func (t Tally) Rate() float64 {
	if t.Total == 0 {
		return 1
	}
	return float64(t.Passed) / float64(t.Total)
}

// Report is the outcome of a run.
type Report struct {
	ByCategory map[string]*Tally
	// FalseCrisis counts cases that did not allow a crisis reply but got one.
	FalseCrisis int
	// WrongAnswers counts replies given as an answer that were wrong: the
	// wrong facts for an answer case, or any answer to an out-of-scope
	// case. WrongConfident are those given with high confidence.
	WrongAnswers, WrongConfident int
	// Tentative counts answers given as "I think this is what you mean",
	// and TentativeRight those that were right.
	Tentative, TentativeRight int
	Cases                     int
	Failures                  []Failure
}

// Run asks every case and scores it.
func Run(ctx context.Context, cases []Case, ask Asker) (*Report, error) {
	rep := &Report{ByCategory: map[string]*Tally{}}
	for _, cat := range []string{CatAnswer, CatOutOfScope, CatCrisis, CatNotCrisis} {
		rep.ByCategory[cat] = &Tally{}
	}
	for _, c := range cases {
		got, err := ask(ctx, c.Q)
		if err != nil {
			return nil, fmt.Errorf("ask %q: %w", c.Q, err)
		}
		t := rep.ByCategory[c.Category()]
		t.Total++
		rep.Cases++
		if got.Kind == "crisis" && !c.Expect.has("crisis") {
			rep.FalseCrisis++
		}
		reason := check(c, got)
		if got.Kind == "answer" {
			if got.Confidence == "tentative" {
				rep.Tentative++
				if reason == "" {
					rep.TentativeRight++
				}
			}
			if reason != "" {
				rep.WrongAnswers++
				if got.Confidence != "tentative" {
					rep.WrongConfident++
				}
			}
		}
		if reason != "" {
			rep.Failures = append(rep.Failures, Failure{Case: c, Got: got, Reason: reason})
			continue
		}
		t.Passed++
	}
	return rep, nil
}

// Passes reports whether a reply passes a case.
func Passes(c Case, got Result) bool { return check(c, got) == "" }

func check(c Case, got Result) string {
	if !c.Expect.has(got.Kind) {
		return fmt.Sprintf("got %s, want %s", got.Kind, strings.Join(c.Expect, " or "))
	}
	text := strings.ToLower(got.Text)
	for _, group := range c.Must {
		ok := false
		for _, s := range group {
			if strings.Contains(text, strings.ToLower(s)) {
				ok = true
				break
			}
		}
		if !ok {
			return fmt.Sprintf("reply lacks any of %q", group)
		}
	}
	return ""
}

// Print writes the per-category figures and every failure.
func (r *Report) Print(w io.Writer) {
	cats := make([]string, 0, len(r.ByCategory))
	for c := range r.ByCategory {
		cats = append(cats, c)
	}
	sort.Strings(cats)
	for _, c := range cats {
		t := r.ByCategory[c]
		fmt.Fprintf(w, "%-13s %3d/%-3d %5.1f%%\n", c+":", t.Passed, t.Total, 100*t.Rate())
	}
	fmt.Fprintf(w, "false crisis: %d\n", r.FalseCrisis)
	fmt.Fprintf(w, "confident wrong answers: %d/%d %.1f%% (tentative answers: %d, %d right; all wrong answers: %d)\n",
		r.WrongConfident, r.Cases, 100*r.WrongConfidentRate(), r.Tentative, r.TentativeRight, r.WrongAnswers)
	for _, f := range r.Failures {
		fmt.Fprintf(w, "miss %q: %s (entry %q)\n", f.Case.Q, f.Reason, f.Got.EntryID)
	}
}

// WrongConfidentRate is the share of all cases answered confidently and
// wrongly.
func (r *Report) WrongConfidentRate() float64 {
	if r.Cases == 0 {
		return 0
	}
	return float64(r.WrongConfident) / float64(r.Cases)
}

// Thresholds are the least acceptable figures; Check returns why a report
// falls short, or nil.
type Thresholds struct {
	Answer, OutOfScope, Crisis, NotCrisis float64
	MaxFalseCrisis                        int
	// MaxWrongConfident is the largest acceptable share of confident wrong
	// answers; 0 means no limit.
	MaxWrongConfident float64
}

// Check compares a report with thresholds.
func (r *Report) Check(th Thresholds) error {
	var short []string
	for cat, min := range map[string]float64{CatAnswer: th.Answer, CatOutOfScope: th.OutOfScope, CatCrisis: th.Crisis, CatNotCrisis: th.NotCrisis} {
		if rate := r.ByCategory[cat].Rate(); rate < min {
			short = append(short, fmt.Sprintf("%s %.1f%% < %.1f%%", cat, 100*rate, 100*min))
		}
	}
	if th.MaxWrongConfident > 0 && r.WrongConfidentRate() > th.MaxWrongConfident {
		short = append(short, fmt.Sprintf("confident wrong answers %.1f%% > %.1f%%", 100*r.WrongConfidentRate(), 100*th.MaxWrongConfident))
	}
	if r.FalseCrisis > th.MaxFalseCrisis {
		short = append(short, fmt.Sprintf("false crisis %d > %d", r.FalseCrisis, th.MaxFalseCrisis))
	}
	if len(short) > 0 {
		sort.Strings(short)
		return fmt.Errorf("below thresholds: %s", strings.Join(short, "; "))
	}
	return nil
}
