package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/waymark-org/waymark/adapters/console"
	"github.com/waymark-org/waymark/assistant"
	"github.com/waymark-org/waymark/bot"
)

// askJSON is the `waymark ask --json` contract (DESIGN.md): benchmarks and
// answer-quality evaluation depend on it, so fields are only ever added.
type askJSON struct {
	Kind        string   `json:"kind"`
	Text        string   `json:"text"`
	EntryID     string   `json:"entry_id"`
	Title       string   `json:"title"`
	Score       float64  `json:"score"`
	Sources     []string `json:"sources"`
	Suggestions []string `json:"suggestions"`
	// Level is "crisis" or "concern" when Kind is "crisis".
	Level string `json:"level,omitempty"`
	// Confidence is "high" or "tentative" when Kind is "answer".
	Confidence string `json:"confidence,omitempty"`
}

func toJSON(r bot.Reply) askJSON {
	out := askJSON{Kind: string(r.Kind), Text: r.Text, EntryID: r.EntryID, Title: r.Title, Score: r.Score, Sources: []string{}, Suggestions: []string{}, Level: r.Level, Confidence: r.Confidence}
	// Greetings, help and refusals are not answers from the base.
	if r.Kind != bot.KindAnswer && r.Kind != bot.KindCrisis {
		out.Kind = string(bot.KindNoAnswer)
	}
	for _, s := range r.Sources {
		out.Sources = append(out.Sources, s.URL)
	}
	for _, s := range r.Suggestions {
		out.Suggestions = append(out.Suggestions, s.ID)
	}
	return out
}

func (a *app) askCmd() *cobra.Command {
	var asJSON bool
	var jurisdiction string
	cmd := &cobra.Command{
		Use:   "ask [question]",
		Short: "Answer one question; with no question, answer one per line of standard input",
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			l, err := a.openLocal(ctx, "", jurisdiction)
			if err != nil {
				return err
			}
			defer l.db.Close()
			out := cmd.OutOrStdout()
			answer := func(q string) error { return writeAnswer(ctx, out, l.bot, l.tenant, q, asJSON) }
			if len(args) > 0 {
				return answer(strings.Join(args, " "))
			}
			return eachLine(cmd.InOrStdin(), answer)
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print one JSON object per question (kind, text, entry_id, title, score, sources, suggestions)")
	cmd.Flags().StringVar(&jurisdiction, "jurisdiction", "", "england, wales, scotland or northern-ireland")
	return cmd
}

func writeAnswer(ctx context.Context, w io.Writer, b *assistant.Assistant, t *bot.Tenant, q string, asJSON bool) error {
	r := b.Handle(ctx, bot.Request{Tenant: t, UserID: "cli", Direct: true, Text: q})
	if !asJSON {
		_, err := fmt.Fprintln(w, console.Render(r))
		return err
	}
	line, err := json.Marshal(toJSON(r))
	if err != nil {
		return fmt.Errorf("encode answer: %w", err)
	}
	_, err = fmt.Fprintf(w, "%s\n", line)
	return err
}

// eachLine calls fn for every non-blank line of r.
func eachLine(r io.Reader, fn func(string) error) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		if err := fn(line); err != nil {
			return err
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("read questions: %w", err)
	}
	return nil
}
