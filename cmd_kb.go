package main

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"time"

	"github.com/spf13/cobra"

	"github.com/waymark-org/waymark/bot"
	"github.com/waymark-org/waymark/knowledge"
)

func (a *app) kbCmd() *cobra.Command {
	kb := &cobra.Command{Use: "kb", Short: "Check, export and import knowledge entries"}
	kb.AddCommand(a.kbLintCmd(), a.kbExportCmd(), a.kbImportCmd(), a.kbStatsCmd(), kbTrainCmd())
	return kb
}

// contentFS is DIR when given, else the knowledge base built into waymark.
func contentFS(args []string) (fs.FS, string) {
	if len(args) == 1 {
		return os.DirFS(args[0]), args[0]
	}
	return knowledge.BaseFS(), "(built-in)"
}

func (a *app) kbLintCmd() *cobra.Command {
	var warnErrors bool
	cmd := &cobra.Command{
		Use:   "lint [DIR]",
		Short: "Check entries (the built-in base, or the entries in DIR); exit 1 on errors",
		Args:  cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			fsys, name := contentFS(args)
			entries, probs, err := knowledge.Linter{Now: time.Now()}.LintFS(fsys)
			if err != nil {
				return fmt.Errorf("lint %s: %w", name, err)
			}
			var errs, warns int
			for _, p := range probs {
				if len(args) == 1 {
					p.File = args[0] + "/" + p.File
				}
				fmt.Fprintln(cmd.OutOrStdout(), p)
				if p.Severity == knowledge.SevError {
					errs++
				} else {
					warns++
				}
			}
			fmt.Fprintf(cmd.OutOrStdout(), "%d entries, %d errors, %d warnings\n", len(entries), errs, warns)
			if errs > 0 || (warnErrors && warns > 0) {
				return fmt.Errorf("lint found %d errors and %d warnings", errs, warns)
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&warnErrors, "strict", false, "treat warnings as errors")
	return cmd
}

func (a *app) kbExportCmd() *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "export --json",
		Short: "Print every entry this computer's Waymark answers from (the base and local entries)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if !asJSON {
				return fmt.Errorf("export writes JSON only for now: add --json")
			}
			ctx := cmd.Context()
			l, err := a.openLocal(ctx, "", "")
			if err != nil {
				return err
			}
			defer l.db.Close()
			enc := json.NewEncoder(cmd.OutOrStdout())
			enc.SetIndent("", "  ")
			return enc.Encode(l.bot.Entries(ctx, l.tenant))
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}

func (a *app) kbImportCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "import DIR",
		Short: "Load a folder of entries as this computer's own (they override built-in entries with the same id)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			fsys := os.DirFS(args[0])
			// Every entry is checked before any is saved: nothing half-imported.
			entries, probs, err := knowledge.Linter{Now: time.Now()}.LintFS(fsys)
			if err != nil {
				return fmt.Errorf("import %s: %w", args[0], err)
			}
			bad := 0
			for _, p := range probs {
				if p.Severity == knowledge.SevError {
					p.File = args[0] + "/" + p.File
					fmt.Fprintln(cmd.ErrOrStderr(), p)
					bad++
				}
			}
			if bad > 0 {
				return fmt.Errorf("import %s: %d lint errors; nothing was imported", args[0], bad)
			}
			l, err := a.openLocal(ctx, "", "")
			if err != nil {
				return err
			}
			defer l.db.Close()
			rows := make([]bot.TenantEntry, 0, len(entries))
			for _, e := range entries {
				src, err := fs.ReadFile(fsys, e.File)
				if err != nil {
					return fmt.Errorf("import %s: %w", e.File, err)
				}
				rows = append(rows, bot.TenantEntry{TenantID: l.tenant.ID, EntryID: e.ID, Source: string(src), UpdatedBy: "kb import", UpdatedAt: time.Now().UTC()})
			}
			if err := l.db.PutTenantEntries(ctx, rows); err != nil {
				return fmt.Errorf("import %s: %w", args[0], err)
			}
			fmt.Fprintf(cmd.OutOrStdout(), "imported %d entries\n", len(rows))
			return nil
		},
	}
}

func (a *app) kbStatsCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "stats [DIR]",
		Short: "Print a Markdown table of entries per topic and jurisdiction",
		Args:  cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			fsys, name := contentFS(args)
			entries, err := knowledge.Load(fsys)
			if err != nil {
				return fmt.Errorf("stats %s: %w", name, err)
			}
			fmt.Fprint(cmd.OutOrStdout(), knowledge.StatsTable(entries))
			return nil
		},
	}
}

// kbTrainCmd writes the search's learned layer that ships in the binary;
// `go generate ./knowledge` runs it.
func kbTrainCmd() *cobra.Command {
	var out string
	cmd := &cobra.Command{
		Use:   "train",
		Short: "Train the search's learned layer on the entries' titles, tags and alternative questions, and write it for embedding",
		RunE: func(cmd *cobra.Command, args []string) error {
			start := time.Now()
			data, err := knowledge.TrainBase()
			if err != nil {
				return err
			}
			if err := os.WriteFile(out, data, 0o644); err != nil {
				return fmt.Errorf("write learned model: %w", err)
			}
			fmt.Fprintf(cmd.OutOrStdout(), "wrote %s (%d bytes) in %v\n", out, len(data), time.Since(start).Round(time.Millisecond))
			return nil
		},
	}
	cmd.Flags().StringVar(&out, "out", "knowledge/learned.bin.gz", "where to write the model")
	return cmd
}
