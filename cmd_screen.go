package main

import (
	"fmt"
	"io"
	"os"
	"runtime"
	"slices"
	"sort"
	"strings"
	"time"

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
	cmd.AddCommand(a.screenEvalCmd(), screenBenchCmd(), screenTrainCmd(), screenCrossvalCmd())
	return cmd
}

// screenBenchCmd prints the screen's cost per message, the figures the
// README quotes; BenchmarkScreen in package safety is the Go benchmark.
func screenBenchCmd() *cobra.Command {
	var rounds int
	var best bool
	cmd := &cobra.Command{
		Use:   "bench [FILE...]",
		Short: "Time the crisis screen per message at GOMAXPROCS=1 (the embedded corpus, or labelled sets)",
		RunE: func(cmd *cobra.Command, args []string) error {
			start := time.Now()
			s, err := safety.New(safety.Options{})
			if err != nil {
				return err
			}
			trained := time.Since(start)
			var msgs []string
			if len(args) == 0 {
				exs, err := safety.EmbeddedCorpus()
				if err != nil {
					return err
				}
				for _, e := range exs {
					msgs = append(msgs, e.Text)
				}
			}
			for _, f := range args {
				exs, err := safety.LoadExamples(f)
				if err != nil {
					return err
				}
				for _, e := range exs {
					msgs = append(msgs, e.Text)
				}
			}
			prev := runtime.GOMAXPROCS(1)
			defer runtime.GOMAXPROCS(prev)
			times := make([]time.Duration, 0, len(msgs)*rounds)
			fastest := make([]time.Duration, len(msgs))
			for r := 0; r < rounds; r++ {
				for i, m := range msgs {
					t0 := time.Now()
					s.Screen(m)
					d := time.Since(t0)
					times = append(times, d)
					if r == 0 || d < fastest[i] {
						fastest[i] = d
					}
				}
			}
			what := "every screening"
			if best {
				// On a shared, loaded machine every round of a message
				// may be preempted; its fastest round is its own cost.
				times, what = fastest, "each message's fastest round"
			}
			slices.Sort(times)
			pct := func(p float64) time.Duration { return times[int(p*float64(len(times)-1))] }
			fmt.Fprintf(cmd.OutOrStdout(), "screen: %d messages x %d rounds at GOMAXPROCS=1 (%s)\np50 %v  p99 %v  max %v\nloading the screen: %v\n",
				len(msgs), rounds, what, pct(0.50), pct(0.99), times[len(times)-1], trained.Round(time.Millisecond))
			return nil
		},
	}
	cmd.Flags().IntVar(&rounds, "rounds", 5, "times each message is screened")
	cmd.Flags().BoolVar(&best, "best", false, "time each message by its fastest round (for a shared, loaded machine)")
	return cmd
}

func (a *app) screenEvalCmd() *cobra.Command {
	var (
		questions                  []string
		minCrisis, minRisk         float64
		maxFalseAlarm, maxQuestion float64
		raise, raiseAlone          float64
		verbose                    bool
	)
	cmd := &cobra.Command{
		Use:   "eval [FILE...]",
		Short: "Score the crisis screen on labelled sets, and its false alarms on organisers' questions; exit 1 below the thresholds",
		RunE: func(cmd *cobra.Command, args []string) error {
			out := cmd.OutOrStdout()
			s, err := safety.New(safety.Options{Raise: raise, RaiseAlone: raiseAlone})
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
				cases, err := eval.LoadAll(questions...)
				if err != nil {
					return err
				}
				var asked, alarms int
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
	// For choosing the thresholds on development sets; Waymark itself
	// always runs with the defaults.
	cmd.Flags().Float64Var(&raise, "raise", 0, "classifier threshold when the concepts saw a hint of risk (0: the default)")
	cmd.Flags().Float64Var(&raiseAlone, "raise-alone", 0, "classifier threshold when the concepts saw no hint (0: the default)")
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

// screenTrainCmd writes the classifier that ships in the binary; `go
// generate ./safety` runs it.
func screenTrainCmd() *cobra.Command {
	var out string
	cmd := &cobra.Command{
		Use:   "train",
		Short: "Train the crisis screen's classifier on the corpus and the knowledge base's questions, and write it for embedding",
		RunE: func(cmd *cobra.Command, args []string) error {
			start := time.Now()
			data, err := safety.Train()
			if err != nil {
				return err
			}
			if err := os.WriteFile(out, data, 0o644); err != nil {
				return fmt.Errorf("write model: %w", err)
			}
			fmt.Fprintf(cmd.OutOrStdout(), "wrote %s (%d bytes) in %v\n", out, len(data), time.Since(start).Round(time.Millisecond))
			return nil
		},
	}
	cmd.Flags().StringVar(&out, "out", "safety/model.bin.gz", "where to write the model")
	return cmd
}

// screenCrossvalCmd reports the screen on its own corpus, each message
// screened by a classifier trained without it.
func screenCrossvalCmd() *cobra.Command {
	var folds int
	var verbose, byFile bool
	cmd := &cobra.Command{
		Use:   "crossval",
		Short: "Cross-validate the crisis screen on its training corpus (the figures in the README)",
		RunE: func(cmd *cobra.Command, args []string) error {
			corpus, err := safety.TrainingCorpus()
			if err != nil {
				return err
			}
			if byFile {
				return printBySource(cmd.OutOrStdout(), corpus, verbose)
			}
			rep, err := safety.CrossValidate(corpus, folds)
			if err != nil {
				return err
			}
			rep.Print(cmd.OutOrStdout(), verbose)
			return nil
		},
	}
	cmd.Flags().IntVar(&folds, "folds", 5, "how many folds")
	cmd.Flags().BoolVar(&byFile, "by-file", false, "hold out one corpus file (one writer) at a time instead of folds")
	cmd.Flags().BoolVarP(&verbose, "verbose", "v", false, "list every miss and false alarm")
	return cmd
}

// printBySource prints each held-out file's figures, then their sum.
func printBySource(w io.Writer, corpus []safety.Example, verbose bool) error {
	reps, err := safety.CrossValidateBySource(corpus)
	if err != nil {
		return err
	}
	names := make([]string, 0, len(reps))
	for n := range reps {
		names = append(names, n)
	}
	sort.Strings(names)
	var all safety.Report
	for _, n := range names {
		r := reps[n]
		fmt.Fprintf(w, "%-16s crisis %4d/%-4d crisis + concern %4d/%-4d false alarms %4d/%-4d\n", n,
			r.CrisisCaught, r.Crisis, r.CrisisCaught+r.ConcernCaught, r.Crisis+r.Concern, r.FalseAlarms, r.None)
		all.Add(r)
	}
	fmt.Fprintln(w, "\nall files, each screened by a classifier trained without it:")
	all.Print(w, verbose)
	return nil
}
