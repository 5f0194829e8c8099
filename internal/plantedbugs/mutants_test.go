package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestEveryPlantStillApplies keeps the list of planted bugs from going
// stale: each edit's text must still occur exactly once, and each names
// packages to test. Planting them and running the tests is
// `go run ./internal/plantedbugs`, which takes minutes.
func TestEveryPlantStillApplies(t *testing.T) {
	root := filepath.Join("..", "..")
	names := map[string]bool{}
	for _, m := range Mutants {
		if names[m.Name] {
			t.Errorf("two planted bugs are called %s", m.Name)
		}
		names[m.Name] = true
		if len(m.Edits) == 0 || len(m.Packages) == 0 || m.Why == "" || m.Caught == "" {
			t.Errorf("%s: needs edits, packages, why and the tests that catch it", m.Name)
		}
		for _, e := range m.Edits {
			b, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(e.File)))
			if err != nil {
				t.Errorf("%s: %v", m.Name, err)
				continue
			}
			if n := bytes.Count(b, []byte(e.Old)); n != 1 {
				t.Errorf("%s: %s holds the text to replace %d times, want once:\n%s", m.Name, e.File, n, e.Old)
			}
			if e.Old == e.New {
				t.Errorf("%s: an edit that changes nothing", m.Name)
			}
		}
		for _, p := range m.Packages {
			if _, err := os.Stat(filepath.Join(root, strings.TrimPrefix(p, "./"))); err != nil {
				t.Errorf("%s: package %s: %v", m.Name, p, err)
			}
		}
	}
}
