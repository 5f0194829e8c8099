package main

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"sort"

	"github.com/spf13/cobra"

	"github.com/waymark-org/waymark/assistant"
	"github.com/waymark-org/waymark/feature/answering"
	"github.com/waymark-org/waymark/internal/eval"
)

// fitCmd fits the answer-confidence model (feature/answering/confidence.json) on
// development question sets: how much the similarity layer counts in
// ranking, the logistic regression of "the top hit is right" on the hit's
// signals, and the two cut-offs.
func (a *app) fitCmd() *cobra.Command {
	var out string
	var maxWrong, minTentative, maxLeak float64
	cmd := &cobra.Command{
		Use:   "fit FILE...",
		Short: "Fit the answer-confidence model on development question sets and write feature/answering/confidence.json",
		Args:  cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			cases, err := eval.LoadAll(args...)
			if err != nil {
				return err
			}
			// Explain reads only the ranking weights; the rest of the
			// model is what is being fitted, so it starts empty rather
			// than from a committed file that may no longer parse.
			base := answering.Confidence{Weights: make([]float64, len(answering.FeatureNames)), High: 1}
			w := cmd.OutOrStdout()
			var best *fitResult
			for _, sim := range []float64{0, 0.25, 0.4, 0.5, 0.6} {
				for _, learned := range []float64{0, 0.2, 0.35, 0.5} {
					if sim+learned > 0.85 {
						continue
					}
					c := base
					c.SimWeight, c.LearnedWeight = sim, learned
					rows, err := a.fitRows(ctx, c, cases)
					if err != nil {
						return err
					}
					r := fitModel(rows, maxWrong, minTentative, maxLeak)
					r.conf.SimWeight, r.conf.LearnedWeight = sim, learned
					fmt.Fprintf(w, "sim weight %.2f, learned weight %.2f: top hit right %d/%d; high: %d right, %d wrong; tentative: %d right, %d wrong; out of scope answered %d/%d\n",
						sim, learned, r.topRight, r.answerable, r.highRight, r.highWrong, r.tentRight, r.tentWrong, r.scopeLeaks, r.outOfScope)
					if best == nil || r.highRight+r.tentRight > best.highRight+best.tentRight {
						best = &r
					}
				}
			}
			best.conf.FittedOn = args
			best.conf.Figures = fmt.Sprintf("on %d development cases: top hit right for %d of %d answerable; high confidence %d right, %d wrong; tentative %d right, %d wrong",
				best.cases, best.topRight, best.answerable, best.highRight, best.highWrong, best.tentRight, best.tentWrong)
			data, err := json.MarshalIndent(best.conf, "", "  ")
			if err != nil {
				return err
			}
			if err := os.WriteFile(out, append(data, '\n'), 0o644); err != nil {
				return fmt.Errorf("write confidence model: %w", err)
			}
			fmt.Fprintf(w, "chose sim weight %.2f, learned weight %.2f; wrote %s\n%s\n", best.conf.SimWeight, best.conf.LearnedWeight, out, best.conf.Figures)
			return nil
		},
	}
	cmd.Flags().StringVar(&out, "out", "feature/answering/confidence.json", "where to write the model")
	cmd.Flags().Float64Var(&maxWrong, "max-wrong", 0.008, "largest share of cases that may be answered confidently and wrongly")
	cmd.Flags().Float64Var(&minTentative, "min-tentative", 0.4, "least share of tentative answers that must be right")
	cmd.Flags().Float64Var(&maxLeak, "max-leak", 0.1, "largest share of out-of-scope cases that may get a tentative answer")
	return cmd
}

// fitRow is one development case as the confidence model sees it.
type fitRow struct {
	x                    []float64
	coverage, similarity float64
	right                bool
	// outOfScope is a case that should get no answer at all.
	outOfScope bool
}

func (a *app) fitRows(ctx context.Context, c answering.Confidence, cases []eval.Case) ([]fitRow, error) {
	l, err := a.openLocalWith(ctx, ":memory:", "", assistant.Config{Confidence: c})
	if err != nil {
		return nil, err
	}
	defer l.db.Close()
	var rows []fitRow
	for _, cs := range cases {
		cat := cs.Category()
		if cat != eval.CatAnswer && cat != eval.CatOutOfScope {
			continue
		}
		x, ok := l.bot.Answering.Explain(ctx, l.tenant, cs.Q)
		if !ok || len(x.Hits) == 0 {
			continue
		}
		right := false
		if cat == eval.CatAnswer {
			right = eval.Passes(cs, eval.Result{Kind: "answer", Text: x.Answer.Text})
		}
		rows = append(rows, fitRow{x: answering.Features(x.Hits), coverage: x.Hits[0].Coverage, similarity: x.Hits[0].Similarity, right: right, outOfScope: cat == eval.CatOutOfScope})
	}
	return rows, nil
}

type fitResult struct {
	conf                                       answering.Confidence
	cases, answerable, topRight                int
	highRight, highWrong, tentRight, tentWrong int
	// scopeLeaks is how many out-of-scope cases still get an answer.
	scopeLeaks, outOfScope int
}

// logistic fits a logistic regression by gradient descent with a little
// L2; weight scales each row's share of the loss.
func logistic(rows []fitRow, label func(fitRow) bool, weight func(fitRow) float64) ([]float64, float64) {
	k := len(answering.FeatureNames)
	wts := make([]float64, k)
	bias := 0.0
	const rate, l2, iters = 0.5, 1e-3, 4000
	var total float64
	for _, r := range rows {
		total += weight(r)
	}
	for it := 0; it < iters; it++ {
		grad := make([]float64, k)
		gb := 0.0
		for _, r := range rows {
			p := sigmoid(dot(wts, r.x) + bias)
			y := 0.0
			if label(r) {
				y = 1
			}
			g := (p - y) * weight(r)
			for i := range grad {
				grad[i] += g * r.x[i]
			}
			gb += g
		}
		for i := range wts {
			wts[i] -= rate * (grad[i]/total + l2*wts[i])
		}
		bias -= rate * gb / total
	}
	return wts, bias
}

// fitModel fits the two logistic regressions and picks the cut-offs:
//   - "the top hit is right", whose High cut-off is the lowest at which
//     confident wrong answers stay within maxWrong of all cases, and whose
//     Tentative cut-off is the lowest at which the answers between it and
//     High are still right at least minTentative of the time;
//   - "the question is about something the base covers" (any answer case,
//     against out-of-scope ones), whose cut-off lets at most maxLeak of
//     the out-of-scope cases through to a tentative answer. Its cases are
//     weighed so both kinds count equally: out-of-scope ones are few.
//
// The two together make the tentative tier wide for questions the base
// covers and closed to ones it does not: "no answer" is kept for when
// nothing is close.
func fitModel(rows []fitRow, maxWrong, minTentative, maxLeak float64) fitResult {
	wts, bias := logistic(rows, func(r fitRow) bool { return r.right }, func(fitRow) float64 { return 1 })
	var nOut, nIn float64
	for _, r := range rows {
		if r.outOfScope {
			nOut++
		} else {
			nIn++
		}
	}
	balance := func(r fitRow) float64 {
		if r.outOfScope {
			return nIn / math.Max(nOut, 1)
		}
		return 1
	}
	swts, sbias := logistic(rows, func(r fitRow) bool { return !r.outOfScope }, balance)
	res := fitResult{conf: answering.Confidence{Weights: wts, Bias: bias, ScopeWeights: swts, ScopeBias: sbias}, cases: len(rows)}
	// Each floor gives up at most one right answer in fifty.
	var covs, sims []float64
	for _, r := range rows {
		if r.right {
			covs = append(covs, r.coverage)
			sims = append(sims, r.similarity)
		}
	}
	sort.Float64s(covs)
	sort.Float64s(sims)
	if len(covs) > 0 {
		res.conf.MinCoverage = covs[len(covs)/50]
		res.conf.MinSimilarity = sims[len(sims)/50]
	}
	// The scope cut-off lets at most maxLeak of the out-of-scope cases
	// through.
	var outScores []float64
	for _, r := range rows {
		if r.outOfScope {
			res.outOfScope++
			outScores = append(outScores, sigmoid(dot(swts, r.x)+sbias))
		}
	}
	sort.Sort(sort.Reverse(sort.Float64Slice(outScores)))
	scope := 0.0
	if allowed := int(maxLeak * float64(res.outOfScope)); allowed < len(outScores) {
		// Just above the first out-of-scope case that would be one too many.
		scope = math.Nextafter(outScores[allowed], 2)
	}
	res.conf.Scope = scope
	type scored struct {
		p       float64
		right   bool
		inScope bool
		out     bool
		// floors: the hit meets the coverage and similarity floors a
		// high-confidence answer needs.
		floors bool
	}
	ss := make([]scored, len(rows))
	for i, r := range rows {
		ss[i] = scored{sigmoid(dot(wts, r.x) + bias), r.right, sigmoid(dot(swts, r.x)+sbias) >= scope, r.outOfScope,
			r.coverage >= res.conf.MinCoverage && r.similarity >= res.conf.MinSimilarity}
		if r.right {
			res.topRight++
		}
	}
	sort.Slice(ss, func(i, j int) bool { return ss[i].p > ss[j].p })
	// Answerable rows are those whose top hit could be right at all.
	res.answerable = len(rows)
	high := 1.0
	wrong := 0
	for i, s := range ss {
		if !s.right && s.floors {
			wrong++
		}
		if float64(wrong)/float64(len(ss)) > maxWrong {
			break
		}
		if i+1 < len(ss) && ss[i+1].p == s.p {
			continue
		}
		high = s.p
	}
	// Walking down from High through the cases the scope model lets in,
	// the tentative band grows while the last tentativeWindow cases in it
	// are right at least minTentative of the time: a band judged on its
	// bottom edge, not on its average, so junk below good answers is not
	// let in on their credit.
	const tentativeWindow = 30
	tent := high
	var band []bool
	for _, s := range ss {
		if s.p >= high && s.floors {
			if s.right {
				res.highRight++
			} else {
				res.highWrong++
			}
			continue
		}
		if !s.inScope {
			continue
		}
		band = append(band, s.right)
		if len(band) < tentativeWindow {
			continue
		}
		right := 0
		for _, r := range band[len(band)-tentativeWindow:] {
			if r {
				right++
			}
		}
		if float64(right)/tentativeWindow < minTentative {
			break
		}
		tent = s.p
	}
	for _, s := range ss {
		if (s.p < high || !s.floors) && s.p >= tent && s.inScope {
			if s.right {
				res.tentRight++
			} else {
				res.tentWrong++
			}
		}
	}
	for _, s := range ss {
		if s.out && (s.p >= high && s.floors || s.p >= tent && s.inScope) {
			res.scopeLeaks++
		}
	}
	res.conf.High = math.Max(high, 1e-6)
	res.conf.Tentative = math.Min(tent, res.conf.High)
	return res
}

func sigmoid(z float64) float64 { return 1 / (1 + math.Exp(-z)) }

func dot(a, b []float64) float64 {
	s := 0.0
	for i := range a {
		s += a[i] * b[i]
	}
	return s
}
