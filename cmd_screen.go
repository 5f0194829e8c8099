package main

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/waymark-org/waymark/internal/eval"
	"github.com/waymark-org/waymark/safety"
)

func (a *app) screenCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "screen",
		Short: "Check the crisis screen: one message, or labelled sets with recall and false alarms",
	}
	cmd.AddCommand(&cobra.Command{
		Use:   "check MESSAGE",
		Short: "Print the screen's verdict on one message",
		Args:  cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			s, err := safety.Default()
			if err != nil {
				return err
			}
			v := s.Screen(strings.Join(args, " "))
			who := "self"
			if v.Other {
				who = "someone else"
			}
			fmt.Fprintf(cmd.OutOrStdout(), "level: %s\nabout: %s\nmedical: %v\nlearned: %.3f\nsignals: %s\n", v.Level, who, v.Medical, v.Learned, strings.Join(v.Signals, ", "))
			return nil
		},
	})
	cmd.AddCommand(a.screenEvalCmd())
	return cmd
}

func (a *app) screenEvalCmd() *cobra.Command {
	var (
		questions                  []string
		minCrisis, minRisk         float64
		maxFalseAlarm, maxQuestion float64
		verbose                    bool
	)
	cmd := &cobra.Command{
		Use:   "eval [FILE...]",
		Short: "Score the crisis screen on labelled sets, and its false alarms on organisers' questions; exit 1 below the thresholds",
		RunE: func(cmd *cobra.Command, args []string) error {
			out := cmd.OutOrStdout()
			s, err := safety.Default()
			if err != nil {
				return err
			}
			var exs []safety.Example
			for _, f := range args {
				e, err := safety.LoadExamples(f)
				if err != nil {
					return err
				}
				exs = append(exs, e...)
			}
			var short []string
			if len(exs) > 0 {
				rep := s.Evaluate(exs)
				rep.Print(out, verbose)
				if r := rep.CrisisRecall(); r < minCrisis {
					short = append(short, fmt.Sprintf("crisis caught %.1f%% < %.1f%%", 100*r, 100*minCrisis))
				}
				if r := rep.RiskRecall(); r < minRisk {
					short = append(short, fmt.Sprintf("crisis + concern caught %.1f%% < %.1f%%", 100*r, 100*minRisk))
				}
				if r := rep.FalseAlarmRate(); r > maxFalseAlarm {
					short = append(short, fmt.Sprintf("false alarms %.1f%% > %.1f%%", 100*r, 100*maxFalseAlarm))
				}
			}
			if len(questions) > 0 {
				var asked, alarms int
				for _, f := range questions {
					cases, err := eval.Load(f)
					if err != nil {
						return err
					}
					for _, c := range cases {
						if c.Category() != eval.CatAnswer || containsKind(c.Expect, "crisis") {
							continue
						}
						asked++
						if v := s.Screen(c.Q); v.Risky() {
							alarms++
							if verbose {
								fmt.Fprintf(out, "false alarm (%s): %q\n", v.Level, c.Q)
							}
						}
					}
				}
				rate := 0.0
				if asked > 0 {
					rate = float64(alarms) / float64(asked)
				}
				fmt.Fprintf(out, "organiser questions: %d false alarms in %d (%.2f%%)\n", alarms, asked, 100*rate)
				if rate > maxQuestion {
					short = append(short, fmt.Sprintf("false alarms on organiser questions %.2f%% > %.2f%%", 100*rate, 100*maxQuestion))
				}
			}
			if len(short) > 0 {
				return fmt.Errorf("below thresholds: %s", strings.Join(short, "; "))
			}
			return nil
		},
	}
	cmd.Flags().StringSliceVar(&questions, "questions", nil, "question sets (waymark eval format) whose answer cases must not raise the alarm")
	cmd.Flags().Float64Var(&minCrisis, "min-crisis", 0, "least share of crisis messages that must be caught")
	cmd.Flags().Float64Var(&minRisk, "min-risk", 0, "least share of crisis and concern messages that must be caught")
	cmd.Flags().Float64Var(&maxFalseAlarm, "max-false-alarm", 1, "most share of messages labelled none that may raise the alarm")
	cmd.Flags().Float64Var(&maxQuestion, "max-question-false-alarm", 0.005, "most share of organisers' questions that may raise the alarm")
	cmd.Flags().BoolVarP(&verbose, "verbose", "v", false, "list every miss and false alarm (for developers; prints the messages)")
	return cmd
}

func containsKind(kinds []string, k string) bool {
	for _, x := range kinds {
		if x == k {
			return true
		}
	}
	return false
}
