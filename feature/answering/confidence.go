package answering

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"math"

	"github.com/waymark-org/waymark/knowledge"
)

// Answer confidence, as replies and `ask --json` carry it.
const (
	ConfidenceHigh      = "high"
	ConfidenceTentative = "tentative"
)

// Confidence is the fitted model that decides whether the best hit is
// answered, offered tentatively, or not given at all. It is a logistic
// regression of "the top hit is the right entry" on the hit's signals,
// fitted on the development question sets by `waymark eval fit`, which
// also chooses the two cut-offs: High keeps confident wrong answers at or
// under the target on those sets, Tentative is where "I think this is what
// you mean" is still more often right than wrong.
type Confidence struct {
	// SimWeight is the similarity layer's share in ranking.
	SimWeight float64 `json:"sim_weight"`
	// LearnedWeight is the learned layer's share in ranking.
	LearnedWeight float64 `json:"learned_weight"`
	// Weights apply to Features, in its order.
	Weights []float64 `json:"weights"`
	Bias    float64   `json:"bias"`
	// ScopeWeights and ScopeBias are a second regression on the same
	// signals: is the question about something the base covers at all?
	// A tentative answer needs its probability at or above Scope, so the
	// tentative tier can be wide for organisers' questions and still turn
	// away the weather in Tenby.
	ScopeWeights []float64 `json:"scope_weights"`
	ScopeBias    float64   `json:"scope_bias"`
	Scope        float64   `json:"scope"`
	High         float64   `json:"high"`
	Tentative    float64   `json:"tentative"`
	// MinCoverage is the least share of the question's words the best hit
	// must contain to be answered with high confidence: a question about
	// restaurants that shares one word with an entry is not about that
	// entry, however far ahead of the rest it is. A tentative answer needs
	// no floor: the scope model judges whether anything is close, and a
	// long message full of backstory covers little of any entry.
	MinCoverage float64 `json:"min_coverage"`
	// MinSimilarity is the same floor for the similarity layer: the best
	// hit must be at least this like a question organisers ask of it.
	MinSimilarity float64 `json:"min_similarity"`
	// FittedOn and Figures say where the numbers came from.
	FittedOn []string `json:"fitted_on,omitempty"`
	Figures  string   `json:"figures,omitempty"`
}

// FeatureNames name the signals Features returns, for the fitted file.
var FeatureNames = []string{"strength", "coverage", "focus", "similarity", "margin_x_coverage", "similarity_margin", "unknown", "learned", "learned_margin", "off_topic"}

// Features are the signals of the best hit the model reads.
func Features(hits []knowledge.Hit) []float64 {
	if len(hits) == 0 {
		return make([]float64, len(FeatureNames))
	}
	h := hits[0]
	margin, simMargin, learnedMargin := 1.0, h.Similarity, h.Learned
	if len(hits) > 1 && h.Score > 0 {
		margin = 1 - math.Min(hits[1].Score/h.Score, 1)
		simMargin = h.Similarity - hits[1].Similarity
	}
	// The learned layer's margin is over every other hit, since fusion
	// may have put a hit it rates higher further down.
	for _, o := range hits[1:] {
		learnedMargin = math.Min(learnedMargin, h.Learned-o.Learned)
	}
	// A lone weak hit far ahead of the others is still a weak hit: the
	// margin counts only as far as the question is covered.
	return []float64{h.Strength, h.Coverage, h.Focus, h.Similarity, margin * h.Coverage, simMargin, h.Unknown, h.Learned, learnedMargin, h.OffTopic}
}

// Probability that the best of hits is the entry the question is about.
func (c Confidence) Probability(hits []knowledge.Hit) float64 {
	return logistic(c.Weights, c.Bias, hits)
}

// InScope is the probability that the question is about something the
// base covers, whether or not the best hit is the right entry.
func (c Confidence) InScope(hits []knowledge.Hit) float64 {
	return logistic(c.ScopeWeights, c.ScopeBias, hits)
}

// logistic is one of the two regressions over the best hit's Features.
func logistic(weights []float64, bias float64, hits []knowledge.Hit) float64 {
	if len(hits) == 0 {
		return 0
	}
	z := bias
	for i, x := range Features(hits) {
		if i < len(weights) {
			z += weights[i] * x
		}
	}
	return 1 / (1 + math.Exp(-z))
}

// Level says how the best hit may be given: ConfidenceHigh,
// ConfidenceTentative, or "" for not at all.
func (c Confidence) Level(hits []knowledge.Hit) string {
	if len(hits) == 0 {
		return ""
	}
	p := c.Probability(hits)
	floors := hits[0].Coverage >= c.MinCoverage && hits[0].Similarity >= c.MinSimilarity
	switch {
	case p >= c.High && floors:
		return ConfidenceHigh
	case p >= c.Tentative && c.InScope(hits) >= c.Scope:
		return ConfidenceTentative
	}
	return ""
}

//go:embed confidence.json
var confidenceJSON []byte

// DefaultConfidence is the model fitted by `waymark eval fit`.
func DefaultConfidence() (Confidence, error) { return ParseConfidence(confidenceJSON) }

// ParseConfidence reads a fitted model and checks it is usable.
func ParseConfidence(data []byte) (Confidence, error) {
	var c Confidence
	if err := json.Unmarshal(data, &c); err != nil {
		return c, fmt.Errorf("parse confidence model: %w", err)
	}
	if len(c.Weights) != len(FeatureNames) || len(c.ScopeWeights) != len(FeatureNames) {
		return c, fmt.Errorf("confidence model: %d weights, want %d (%v)", len(c.Weights), len(FeatureNames), FeatureNames)
	}
	if c.Tentative > c.High || c.High <= 0 || c.High > 1 {
		return c, fmt.Errorf("confidence model: cut-offs must satisfy 0 < tentative <= high <= 1")
	}
	return c, nil
}

// Why says which gate the best hit met or failed, for diagnostics.
func (c Confidence) Why(hits []knowledge.Hit) string {
	if len(hits) == 0 {
		return "no hits"
	}
	h := hits[0]
	return fmt.Sprintf("p=%.2f (high %.2f, tentative %.2f) in-scope=%.2f (cut %.2f) coverage=%.2f (floor %.2f) similarity=%.2f (floor %.2f) learned=%.2f off-topic=%.2f",
		c.Probability(hits), c.High, c.Tentative, c.InScope(hits), c.Scope, h.Coverage, c.MinCoverage, h.Similarity, c.MinSimilarity, h.Learned, h.OffTopic)
}

// Confidence is the model the bot answers with.
func (a *Answering) Confidence() Confidence { return a.confidence }
