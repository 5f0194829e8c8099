package knowledge

import (
	_ "embed"
	"fmt"
	"strings"

	"gopkg.in/yaml.v3"
)

//go:embed crisis.yaml
var crisisYAML []byte

// CrisisLine is one service a person in crisis can contact.
type CrisisLine struct {
	Name   string `yaml:"name"`
	How    string `yaml:"how"`
	When   string `yaml:"when"`
	Source string `yaml:"source"`
}

// Crisis holds the words and numbers of crisis signposting.
type Crisis struct {
	Self         string                  `yaml:"self"`
	Concern      string                  `yaml:"concern"`
	OtherConcern string                  `yaml:"other_concern"`
	Other        string                  `yaml:"other"`
	Closing      string                  `yaml:"closing"`
	Medical      string                  `yaml:"medical"`
	Lines        map[string][]CrisisLine `yaml:"lines"`
	// OtherGuidance are the entries offered after the numbers to someone
	// worried about another person.
	OtherGuidance []GuidanceRef `yaml:"other_guidance"`
}

// GuidanceRef names a built-in entry by id and title.
type GuidanceRef struct {
	ID    string `yaml:"id"`
	Title string `yaml:"title"`
}

// DefaultCrisis is the signposting shipped in crisis.yaml.
func DefaultCrisis() (*Crisis, error) { return ParseCrisis(crisisYAML) }

// ParseCrisis reads crisis signposting and checks it is complete: a crisis
// reply with a missing number is worse than none.
func ParseCrisis(data []byte) (*Crisis, error) {
	var c Crisis
	dec := yaml.NewDecoder(strings.NewReader(string(data)))
	dec.KnownFields(true)
	if err := dec.Decode(&c); err != nil {
		return nil, fmt.Errorf("parse crisis signposting: %w", err)
	}
	for name, text := range map[string]string{"self": c.Self, "concern": c.Concern, "other_concern": c.OtherConcern, "other": c.Other, "medical": c.Medical} {
		if strings.TrimSpace(text) == "" {
			return nil, fmt.Errorf("crisis signposting: the %s text is required", name)
		}
	}
	if len(c.Lines["uk"]) == 0 {
		return nil, fmt.Errorf("crisis signposting: no uk-wide lines")
	}
	for j, lines := range c.Lines {
		if j != "uk" && !contains(Jurisdictions, j) {
			return nil, fmt.Errorf("crisis signposting: unknown jurisdiction %q", j)
		}
		for _, l := range lines {
			if l.Name == "" || l.How == "" {
				return nil, fmt.Errorf("crisis signposting: a %s line lacks a name or how to reach it", j)
			}
		}
	}
	for _, g := range c.OtherGuidance {
		if g.ID == "" || g.Title == "" {
			return nil, fmt.Errorf("crisis signposting: guidance needs an id and a title")
		}
	}
	return &c, nil
}

// LinesFor lists the lines for a jurisdiction, local ones first. An
// unknown jurisdiction gets every local line, labelled by nation, so
// nobody is left without a number.
func (c *Crisis) LinesFor(j string) []CrisisLine {
	var out []CrisisLine
	if local, ok := c.Lines[j]; ok {
		out = append(out, local...)
	} else {
		for _, nation := range Jurisdictions {
			for _, l := range c.Lines[nation] {
				l.Name = fmt.Sprintf("%s (%s)", l.Name, JurisdictionName(nation))
				out = append(out, l)
			}
		}
	}
	return append(out, c.Lines["uk"]...)
}

// JurisdictionName is the display name of a jurisdiction value.
func JurisdictionName(j string) string {
	switch j {
	case "england":
		return "England"
	case "wales":
		return "Wales"
	case "scotland":
		return "Scotland"
	case "northern-ireland":
		return "Northern Ireland"
	case "uk":
		return "the UK"
	}
	return j
}
