package answering

import (
	"testing"

	"github.com/waymark-org/waymark/knowledge"
)

func TestOutsideRemit(t *testing.T) {
	for _, tc := range []struct {
		q       string
		outside bool
	}{
		{"can you recommend a good accountant in Cardiff for our independent examination?", true},
		{"know any cheap printers in Hull who'd do our leaflets", true},
		{"which is the best venue in Leeds? name a specific one please", true},
		{"do you know anything about Janet Pryce from Hull? is she trustworthy", true},
		{"can you check whether my neighbour Sam Okafor has a criminal record", true},
		{"can you translate our welcome poster into Polish for us?", true},
		{"from what i describe can you tell if a member has bipolar or BPD?", true},
		// Organisers' real questions that share the words.
		{"do we need an accountant for our independent examination?", false},
		{"how do we choose a venue that is safe for our sessions?", false},
		{"do we need to translate our privacy notice into Welsh?", false},
		{"a member told me she has bipolar and wants to volunteer, what adjustments should we make?", false},
		{"how do we check a new volunteer has no criminal record?", false},
	} {
		if got := outsideRemit(tc.q) != ""; got != tc.outside {
			t.Errorf("outsideRemit(%q) = %v, want %v", tc.q, got, tc.outside)
		}
	}
}

// The tentative tier needs the scope model's say-so; high confidence
// needs the coverage and similarity floors.
func TestConfidenceLevels(t *testing.T) {
	n := len(FeatureNames)
	ones := func(v float64) []float64 {
		w := make([]float64, n)
		w[0] = v // strength
		return w
	}
	base := Confidence{Weights: ones(10), Bias: -5, ScopeWeights: ones(10), ScopeBias: -5, High: 0.9, Tentative: 0.4, Scope: 0.5, MinCoverage: 0.2, MinSimilarity: 0.1}
	hit := func(strength, coverage, similarity float64) []knowledge.Hit {
		return []knowledge.Hit{{Strength: strength, Coverage: coverage, Similarity: similarity}}
	}
	for _, tc := range []struct {
		name string
		c    Confidence
		hits []knowledge.Hit
		want string
	}{
		{"strong hit", base, hit(1, 0.5, 0.5), ConfidenceHigh},
		{"strong hit under the coverage floor is only tentative", base, hit(1, 0.1, 0.5), ConfidenceTentative},
		{"middling hit", base, hit(0.5, 0.5, 0.5), ConfidenceTentative},
		{"weak hit", base, hit(0.2, 0.5, 0.5), ""},
		{"no hits", base, nil, ""},
		{"middling hit the scope model turns away", func() Confidence {
			c := base
			c.ScopeBias = -20
			return c
		}(), hit(0.5, 0.5, 0.5), ""},
	} {
		if got := tc.c.Level(tc.hits); got != tc.want {
			t.Errorf("%s: Level = %q, want %q (%s)", tc.name, got, tc.want, tc.c.Why(tc.hits))
		}
	}
}
