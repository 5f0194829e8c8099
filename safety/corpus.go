package safety

import (
	"embed"
	"fmt"
	"io/fs"
	"os"
	"path"
	"strings"

	"gopkg.in/yaml.v3"
)

// corpusFS is the labelled corpus the classifier learns from. It is ours:
// every message was written for Waymark and labelled by hand (see
// corpus/README.md). The blind sets in eval/ are never trained on.
//
//go:embed corpus/*.yaml
var corpusFS embed.FS

// Example is one labelled message.
type Example struct {
	Text  string
	Label Level
	// Other is true when the person at risk is not the writer.
	Other bool
	// Source names where the example came from (a corpus file, or the
	// knowledge base), so a whole writer's file can be held out.
	Source string
}

type rawExample struct {
	Text  string `yaml:"text"`
	Label string `yaml:"label"`
	Who   string `yaml:"who"`
}

// EmbeddedCorpus is the training corpus shipped in the binary.
func EmbeddedCorpus() ([]Example, error) {
	return readCorpusFS(corpusFS, "corpus")
}

func readCorpusFS(fsys fs.FS, dir string) ([]Example, error) {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, fmt.Errorf("read corpus: %w", err)
	}
	var out []Example
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".yaml") {
			continue
		}
		data, err := fs.ReadFile(fsys, path.Join(dir, e.Name()))
		if err != nil {
			return nil, fmt.Errorf("read corpus: %w", err)
		}
		exs, err := ParseExamples(e.Name(), data)
		if err != nil {
			return nil, err
		}
		out = append(out, exs...)
	}
	return out, nil
}

// LoadExamples reads one labelled file (the corpus's format, also used by
// the blind sets).
func LoadExamples(file string) ([]Example, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, fmt.Errorf("read labelled messages: %w", err)
	}
	return ParseExamples(file, data)
}

// ParseExamples reads labelled messages and checks every label.
func ParseExamples(name string, data []byte) ([]Example, error) {
	var raw []rawExample
	dec := yaml.NewDecoder(strings.NewReader(string(data)))
	dec.KnownFields(true)
	if err := dec.Decode(&raw); err != nil {
		return nil, fmt.Errorf("parse %s: %w", name, err)
	}
	out := make([]Example, 0, len(raw))
	for i, r := range raw {
		if strings.TrimSpace(r.Text) == "" {
			return nil, fmt.Errorf("%s: item %d has no text", name, i+1)
		}
		l, err := ParseLevel(r.Label)
		if err != nil || strings.TrimSpace(r.Label) == "" {
			return nil, fmt.Errorf("%s: item %d: label must be crisis, concern or none", name, i+1)
		}
		ex := Example{Text: r.Text, Label: l, Source: path.Base(name)}
		switch r.Who {
		case "", "self":
		case "other":
			ex.Other = true
		default:
			return nil, fmt.Errorf("%s: item %d: who must be self or other, not %q", name, i+1, r.Who)
		}
		out = append(out, ex)
	}
	return out, nil
}
