package main

import (
	"context"

	"github.com/spf13/cobra"

	"github.com/waymark-org/waymark/bot"
	"github.com/waymark-org/waymark/internal/eval"
)

func (a *app) evalCmd() *cobra.Command {
	var th eval.Thresholds
	var jurisdiction string
	cmd := &cobra.Command{
		Use:   "eval FILE...",
		Short: "Run question sets and print pass rates per category; exit 1 below the thresholds",
		Args:  cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			var cases []eval.Case
			for _, f := range args {
				cs, err := eval.Load(f)
				if err != nil {
					return err
				}
				cases = append(cases, cs...)
			}
			// A throwaway database, so evaluation never fills a real
			// group's unanswered-questions list, unless --db says otherwise.
			dsn := ":memory:"
			if a.db != "" {
				dsn = a.db
			}
			l, err := a.openLocal(ctx, dsn, jurisdiction)
			if err != nil {
				return err
			}
			defer l.db.Close()
			rep, err := eval.Run(ctx, cases, func(ctx context.Context, q string) (eval.Result, error) {
				r := toJSON(l.bot.Handle(ctx, bot.Request{Tenant: l.tenant, UserID: "eval", Direct: true, Text: q}))
				return eval.Result{Kind: r.Kind, Text: r.Text, EntryID: r.EntryID}, nil
			})
			if err != nil {
				return err
			}
			rep.Print(cmd.OutOrStdout())
			return rep.Check(th)
		},
	}
	cmd.Flags().Float64Var(&th.Answer, "min-answer", 0.9, "least share of answer cases that must pass")
	cmd.Flags().Float64Var(&th.OutOfScope, "min-out-of-scope", 1, "least share of out-of-scope cases that must pass")
	cmd.Flags().Float64Var(&th.Crisis, "min-crisis", 1, "least share of crisis cases that must pass")
	cmd.Flags().Float64Var(&th.NotCrisis, "min-not-crisis", 1, "least share of not-crisis cases that must pass")
	cmd.Flags().IntVar(&th.MaxFalseCrisis, "max-false-crisis", 0, "most non-crisis questions that may get a crisis reply")
	cmd.Flags().StringVar(&jurisdiction, "jurisdiction", "", "england, wales, scotland or northern-ireland")
	return cmd
}
