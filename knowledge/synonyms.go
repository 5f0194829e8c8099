package knowledge

import (
	_ "embed"
	"fmt"

	"gopkg.in/yaml.v3"
)

//go:embed synonyms.yaml
var synonymsYAML []byte

// Synonyms recognises phrases that mean the same thing ("ICB", "integrated
// care board") and adds one concept term wherever any of them appears, in
// entries and in questions alike.
type Synonyms struct {
	// byFirst maps a phrase's first term to the phrases starting with it.
	byFirst map[string][]phrase
}

type phrase struct {
	terms   []string
	concept string
}

// DefaultSynonyms is the table shipped in synonyms.yaml.
func DefaultSynonyms() (*Synonyms, error) {
	return ParseSynonyms(synonymsYAML)
}

// ParseSynonyms reads a YAML list of groups of equivalent phrases.
func ParseSynonyms(data []byte) (*Synonyms, error) {
	var groups [][]string
	if err := yaml.Unmarshal(data, &groups); err != nil {
		return nil, fmt.Errorf("parse synonyms: %w", err)
	}
	s := &Synonyms{byFirst: map[string][]phrase{}}
	for i, g := range groups {
		if len(g) < 2 {
			return nil, fmt.Errorf("synonyms group %d: needs at least two phrases", i+1)
		}
		concept := "~" + g[0]
		for _, p := range g {
			ts := terms(p)
			if len(ts) == 0 {
				return nil, fmt.Errorf("synonyms group %d: %q has no searchable words", i+1, p)
			}
			s.byFirst[ts[0]] = append(s.byFirst[ts[0]], phrase{terms: ts, concept: concept})
		}
	}
	return s, nil
}

// match is one phrase found in a term stream.
type match struct {
	start, end int
	concept    string
}

// find returns the phrases present in ts, longest first at each position.
func (s *Synonyms) find(ts []string) []match {
	if s == nil {
		return nil
	}
	var out []match
	for i, t := range ts {
		for _, p := range s.byFirst[t] {
			if i+len(p.terms) > len(ts) {
				continue
			}
			ok := true
			for j, pt := range p.terms {
				if ts[i+j] != pt {
					ok = false
					break
				}
			}
			if ok {
				out = append(out, match{start: i, end: i + len(p.terms), concept: p.concept})
			}
		}
	}
	return out
}

// expand appends the concept terms of every phrase found in ts.
func (s *Synonyms) expand(ts []string) []string {
	for _, m := range s.find(ts) {
		ts = append(ts, m.concept)
	}
	return ts
}
