package eval

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestRunScoresKindsAndMustGroups(t *testing.T) {
	path := filepath.Join(t.TempDir(), "set.yaml")
	set := `
- q: answered well
  expect: answer
  must: [["5,000", "5000"], ["register"]]
- q: answered without the fact
  expect: answer
  must: [["5,000"]]
- q: out of scope
  expect: no_answer
- q: an idiom
  expect: [answer, no_answer]
- q: a crisis
  expect: crisis
`
	if err := os.WriteFile(path, []byte(set), 0o644); err != nil {
		t.Fatal(err)
	}
	cases, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	replies := map[string]Result{
		"answered well":             {Kind: "answer", Text: "You must REGISTER over £5,000."},
		"answered without the fact": {Kind: "answer", Text: "Register, maybe."},
		"out of scope":              {Kind: "no_answer"},
		"an idiom":                  {Kind: "crisis"},
		"a crisis":                  {Kind: "crisis", Text: "116 123"},
	}
	rep, err := Run(context.Background(), cases, func(_ context.Context, q string) (Result, error) { return replies[q], nil })
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]Tally{CatAnswer: {1, 2}, CatOutOfScope: {1, 1}, CatNotCrisis: {0, 1}, CatCrisis: {1, 1}}
	for cat, w := range want {
		if got := *rep.ByCategory[cat]; got != w {
			t.Errorf("%s = %+v, want %+v", cat, got, w)
		}
	}
	if rep.FalseCrisis != 1 {
		t.Errorf("false crisis = %d, want 1", rep.FalseCrisis)
	}
	err = rep.Check(Thresholds{Answer: 0.9, MaxFalseCrisis: 0})
	if err == nil || !strings.Contains(err.Error(), "answer 50.0% < 90.0%") || !strings.Contains(err.Error(), "false crisis 1 > 0") {
		t.Errorf("Check = %v", err)
	}
	var out strings.Builder
	rep.Print(&out)
	if !strings.Contains(out.String(), `miss "answered without the fact": reply lacks any of ["5,000"]`) {
		t.Errorf("printed report:\n%s", out.String())
	}
}
