package main

import (
	"context"
	"fmt"
	"os"

	"github.com/jmoiron/sqlx"
	_ "github.com/lib/pq"

	"github.com/spf13/cobra"

	"github.com/waymark-org/waymark/bot"
	"github.com/waymark-org/waymark/internal/eval"
	"github.com/waymark-org/waymark/knowledge"
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
			cases, err := eval.LoadAll(args...)
			if err != nil {
				return err
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
				return eval.Result{Kind: r.Kind, Text: r.Text, EntryID: r.EntryID, Confidence: r.Confidence}, nil
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
	cmd.Flags().Float64Var(&th.MaxWrongConfident, "max-wrong-confident", 0, "largest share of cases that may get a confident wrong answer (0: no limit)")
	cmd.Flags().StringVar(&jurisdiction, "jurisdiction", "", "england, wales, scotland or northern-ireland")
	cmd.AddCommand(a.fitCmd(), a.baselineCmd(), a.diagnoseCmd(), a.whyCmd())
	return cmd
}

// baselineCmd scores question sets with a plain PostgreSQL full-text
// search over the same entries, always giving its top hit: the yardstick
// Waymark's answers are compared with.
func (a *app) baselineCmd() *cobra.Command {
	var url, dir string
	cmd := &cobra.Command{
		Use:   "baseline FILE...",
		Short: "Score question sets with plain PostgreSQL full-text search over the same entries (top hit, never declines)",
		Args:  cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			if url == "" {
				url = os.Getenv("WAYMARK_TEST_DATABASE_URL")
			}
			if url == "" {
				return fmt.Errorf("baseline needs PostgreSQL: pass --postgres or set WAYMARK_TEST_DATABASE_URL")
			}
			cases, err := eval.LoadAll(args...)
			if err != nil {
				return err
			}
			db, err := sqlx.Open("postgres", url)
			if err != nil {
				return fmt.Errorf("open postgres: %w", err)
			}
			defer db.Close()
			entries, err := knowledge.LoadBase()
			if dir != "" {
				entries, err = knowledge.Load(os.DirFS(dir))
			}
			if err != nil {
				return err
			}
			b, err := eval.NewPostgresBaseline(ctx, db, entries)
			if err != nil {
				return err
			}
			defer b.Close(context.WithoutCancel(ctx))
			rep, err := eval.Run(ctx, cases, b.Ask)
			if err != nil {
				return err
			}
			rep.Print(cmd.OutOrStdout())
			return nil
		},
	}
	cmd.Flags().StringVar(&url, "postgres", "", "PostgreSQL URL (default $WAYMARK_TEST_DATABASE_URL)")
	cmd.Flags().StringVar(&dir, "entries", "", "a folder of entries to search instead of the built-in base")
	return cmd
}
