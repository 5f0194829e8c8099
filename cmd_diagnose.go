package main

import (
	"context"
	"fmt"
	"sort"

	"github.com/spf13/cobra"

	"github.com/waymark-org/waymark/bot"
	"github.com/waymark-org/waymark/internal/eval"
	"github.com/waymark-org/waymark/knowledge"
)

// diagnoseCmd sorts a question set's misses by why they were missed, so
// work goes where it counts: a right top hit the confidence gate threw
// away is a calibration problem, a right entry further down a ranking
// one, an entry that holds the facts but was not found a wording one, and
// no entry holding them a coverage one.
func (a *app) diagnoseCmd() *cobra.Command {
	var verbose bool
	cmd := &cobra.Command{
		Use:   "diagnose FILE...",
		Short: "Sort the answer cases' misses by class: gated, ranked 2-3, ranked lower, not retrieved, no entry",
		Args:  cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			cases, err := eval.LoadAll(args...)
			if err != nil {
				return err
			}
			l, err := a.openLocal(ctx, ":memory:", "")
			if err != nil {
				return err
			}
			defer l.db.Close()
			entries, err := knowledge.LoadBase()
			if err != nil {
				return err
			}
			// Which entries hold each case's facts, rendered as answers.
			texts := make([]string, len(entries))
			for i, e := range entries {
				texts[i] = l.bot.Answering.Render(e).Text
			}
			w := cmd.OutOrStdout()
			counts := map[string]int{}
			total := 0
			for _, cs := range cases {
				if cs.Category() != eval.CatAnswer {
					continue
				}
				total++
				r := toJSON(l.bot.Handle(ctx, bot.Request{Tenant: l.tenant, UserID: "eval", Direct: true, Text: cs.Q}))
				if eval.Passes(cs, eval.Result{Kind: r.Kind, Text: r.Text}) {
					counts["right"]++
					continue
				}
				var holders []string
				for i, e := range entries {
					if eval.Passes(cs, eval.Result{Kind: "answer", Text: texts[i]}) {
						holders = append(holders, e.ID)
					}
				}
				class, rank := diagnoseClass(ctx, l, cs, holders, r.Kind)
				why := ""
				if x, ok := l.bot.Answering.Explain(ctx, l.tenant, cs.Q); ok {
					why = l.bot.Answering.Confidence().Why(x.Hits)
				}
				counts[class]++
				if verbose {
					// A loose fact ("trustee") is held by dozens of
					// entries; a few are enough to see which were meant.
					shown := holders
					if len(shown) > 3 {
						shown = append(shown[:3:3], fmt.Sprintf("and %d more", len(holders)-3))
					}
					fmt.Fprintf(w, "%-14s rank %2d got %-9s %-9s %-40s %q holders %v\n    %s\n", class, rank, r.Kind, r.Confidence, r.EntryID, cs.Q, shown, why)
				}
			}
			classes := make([]string, 0, len(counts))
			for c := range counts {
				classes = append(classes, c)
			}
			sort.Strings(classes)
			fmt.Fprintf(w, "%d answer cases\n", total)
			for _, c := range classes {
				fmt.Fprintf(w, "%-14s %3d\n", c+":", counts[c])
			}
			return nil
		},
	}
	cmd.Flags().BoolVarP(&verbose, "verbose", "v", false, "print every miss with its class")
	return cmd
}

// diagnoseLimit is how deep the diagnostic looks for the right entry.
const diagnoseLimit = 50

// diagnoseClass says why a case was missed, and at which rank (1-based;
// 0 when not found) the first entry holding its facts came.
func diagnoseClass(ctx context.Context, l *local, cs eval.Case, holders []string, kind string) (string, int) {
	if len(holders) == 0 {
		return "no-entry", 0
	}
	if kind == "crisis" {
		return "crisis", 0
	}
	x, ok := l.bot.Answering.ExplainN(ctx, l.tenant, cs.Q, diagnoseLimit)
	if !ok {
		return "not-searched", 0
	}
	rank := 0
	for i, h := range x.Hits {
		for _, id := range holders {
			if h.Entry.ID == id && rank == 0 {
				rank = i + 1
			}
		}
	}
	switch {
	case rank == 1:
		return "gated", rank
	case rank >= 2 && rank <= 3:
		return "top-3", rank
	case rank > 3:
		return "ranked-lower", rank
	}
	return "not-retrieved", 0
}

// whyCmd shows, for one question, the hits with every signal the ranking
// and the confidence model read, and which gate decided.
func (a *app) whyCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "why QUESTION",
		Short: "Show the hits for one question with their signals, and which confidence gate decided",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			l, err := a.openLocal(ctx, ":memory:", "")
			if err != nil {
				return err
			}
			defer l.db.Close()
			w := cmd.OutOrStdout()
			x, ok := l.bot.Answering.ExplainN(ctx, l.tenant, args[0], 6)
			if !ok {
				fmt.Fprintln(w, "not searched (a crisis, greeting, command, junk, medical or out-of-remit message)")
				return nil
			}
			for i, h := range x.Hits {
				fmt.Fprintf(w, "%d. %-55s score %.2f cov %.2f str %.2f focus %.2f sim %.2f learned %.3f\n", i+1, h.Entry.ID, h.Score, h.Coverage, h.Strength, h.Focus, h.Similarity, h.Learned)
			}
			c := l.bot.Answering.Confidence()
			fmt.Fprintf(w, "level %q: %s\n", c.Level(x.Hits), c.Why(x.Hits))
			return nil
		},
	}
}
