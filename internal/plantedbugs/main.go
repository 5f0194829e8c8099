// Command plantedbugs plants each deliberate bug in Mutants, one at a
// time, in a copy of the module, runs the tests that should catch it, and
// reports whether they did. A planted bug the tests let through, or one
// that no longer applies because the code moved on, fails the run.
//
//	WAYMARK_TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test?sslmode=disable \
//	WAYMARK_REQUIRE_POSTGRES=1 go run ./internal/plantedbugs [-run regexp] [-v]
//
// The copy is made from the files git knows (tracked, and untracked but
// not ignored) in a temporary directory, so the working tree is never
// touched; go's build cache is shared, so only what a bug changes is
// rebuilt. `bash .ci/planted-bugs` runs it the same way.
package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"regexp"
	"strings"
	"time"
)

// Outcomes of planting one bug.
const (
	Killed   = "killed"   // the tests failed: good
	Survived = "SURVIVED" // the tests passed with the bug in
	Broken   = "BROKEN"   // the bug does not build: fix the plant
	Stale    = "STALE"    // the text to replace is gone or not unique
)

func main() {
	run := flag.String("run", "", "plant only the bugs whose name matches this regexp")
	verbose := flag.Bool("v", false, "print the test output of every plant")
	timeout := flag.Duration("timeout", 10*time.Minute, "go test -timeout for each plant")
	flag.Parse()
	log := slog.New(slog.NewTextHandler(os.Stderr, nil))
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := plantAll(ctx, os.Stdout, *run, *verbose, *timeout); err != nil {
		log.Error("planted bugs", "err", err)
		os.Exit(1)
	}
}

func plantAll(ctx context.Context, out io.Writer, run string, verbose bool, timeout time.Duration) error {
	re, err := regexp.Compile(run)
	if err != nil {
		return fmt.Errorf("-run: %w", err)
	}
	root, err := moduleRoot(ctx)
	if err != nil {
		return err
	}
	if os.Getenv("WAYMARK_TEST_DATABASE_URL") == "" {
		fmt.Fprintln(out, "note: WAYMARK_TEST_DATABASE_URL is unset; PostgreSQL tests use a throwaway server or are skipped")
	}
	work, err := os.MkdirTemp("", "waymark-planted-")
	if err != nil {
		return fmt.Errorf("temp dir: %w", err)
	}
	defer os.RemoveAll(work)
	if err := copyModule(ctx, root, work); err != nil {
		return err
	}
	var failed []string
	n := 0
	for _, m := range Mutants {
		if !re.MatchString(m.Name) {
			continue
		}
		n++
		if ctx.Err() != nil {
			return ctx.Err()
		}
		start := time.Now()
		outcome, detail, err := plant(ctx, work, m, timeout)
		if err != nil {
			return fmt.Errorf("plant %s: %w", m.Name, err)
		}
		fmt.Fprintf(out, "%-8s %-42s %6.1fs  %s\n", outcome, m.Name, time.Since(start).Seconds(), m.Why)
		if outcome == Killed {
			fmt.Fprintf(out, "         caught by: %s\n", firstFailures(detail, 4))
		}
		if outcome != Killed {
			failed = append(failed, m.Name)
		}
		if verbose || outcome == Broken {
			fmt.Fprintln(out, indent(detail))
		}
	}
	fmt.Fprintf(out, "%d planted, %d killed\n", n, n-len(failed))
	if len(failed) > 0 {
		return fmt.Errorf("not killed: %s", strings.Join(failed, ", "))
	}
	return nil
}

// plant applies m's edits in work, runs its packages' tests and restores
// the files.
func plant(ctx context.Context, work string, m Mutant, timeout time.Duration) (string, string, error) {
	originals := map[string][]byte{}
	defer func() {
		for f, b := range originals {
			_ = os.WriteFile(f, b, 0o644)
		}
	}()
	for _, e := range m.Edits {
		path := filepath.Join(work, filepath.FromSlash(e.File))
		b, ok := originals[path]
		if !ok {
			var err error
			if b, err = os.ReadFile(path); err != nil {
				return Stale, err.Error(), nil
			}
			originals[path] = b
		}
		cur, err := os.ReadFile(path)
		if err != nil {
			return "", "", err
		}
		if c := bytes.Count(cur, []byte(e.Old)); c != 1 {
			return Stale, fmt.Sprintf("%s: the text to replace occurs %d times, want 1:\n%s", e.File, c, e.Old), nil
		}
		if err := os.WriteFile(path, bytes.Replace(cur, []byte(e.Old), []byte(e.New), 1), 0o644); err != nil {
			return "", "", err
		}
	}
	args := append([]string{"test", "-count=1", "-timeout", timeout.String()}, m.Packages...)
	cmd := exec.CommandContext(ctx, "go", args...)
	cmd.Dir = work
	var buf bytes.Buffer
	cmd.Stdout, cmd.Stderr = &buf, &buf
	err := cmd.Run()
	text := buf.String()
	var exit *exec.ExitError
	switch {
	case err == nil:
		return Survived, text, nil
	case !errors.As(err, &exit):
		return "", text, fmt.Errorf("go test: %w", err)
	case strings.Contains(text, "[build failed]") || strings.Contains(text, "[setup failed]") || strings.Contains(text, "build failed"):
		return Broken, text, nil
	}
	return Killed, text, nil
}

var failLine = regexp.MustCompile(`(?m)^\s*--- FAIL: (\S+)`)

// firstFailures names the failing tests, deepest first.
func firstFailures(out string, limit int) string {
	var names []string
	seen := map[string]bool{}
	for _, m := range failLine.FindAllStringSubmatch(out, -1) {
		name := m[1]
		// Keep the most specific: drop a parent once a child is listed.
		for i, n := range names {
			if strings.HasPrefix(name, n+"/") {
				names[i] = name
				seen[name] = true
				name = ""
				break
			}
		}
		if name != "" && !seen[name] {
			seen[name] = true
			names = append(names, name)
		}
	}
	if len(names) == 0 {
		return "(no test named: the package failed)"
	}
	if len(names) > limit {
		return strings.Join(names[:limit], ", ") + fmt.Sprintf(" and %d more", len(names)-limit)
	}
	return strings.Join(names, ", ")
}

func indent(s string) string {
	return "    " + strings.ReplaceAll(strings.TrimRight(s, "\n"), "\n", "\n    ")
}

// moduleRoot is the directory of the main module's go.mod.
func moduleRoot(ctx context.Context) (string, error) {
	b, err := exec.CommandContext(ctx, "go", "env", "GOMOD").Output()
	if err != nil {
		return "", fmt.Errorf("go env GOMOD: %w", err)
	}
	mod := strings.TrimSpace(string(b))
	if mod == "" || mod == os.DevNull {
		return "", errors.New("not inside the waymark module")
	}
	return filepath.Dir(mod), nil
}

// copyModule copies the files git knows in root (tracked, and untracked
// but not ignored) to dst.
func copyModule(ctx context.Context, root, dst string) error {
	cmd := exec.CommandContext(ctx, "git", "ls-files", "-z", "--cached", "--others", "--exclude-standard")
	cmd.Dir = root
	b, err := cmd.Output()
	if err != nil {
		return fmt.Errorf("git ls-files: %w", err)
	}
	for _, f := range strings.Split(strings.TrimRight(string(b), "\x00"), "\x00") {
		if f == "" {
			continue
		}
		src := filepath.Join(root, f)
		info, err := os.Lstat(src)
		if errors.Is(err, os.ErrNotExist) {
			continue // deleted in the working tree, not yet in git
		}
		if err != nil {
			return err
		}
		if !info.Mode().IsRegular() {
			continue
		}
		data, err := os.ReadFile(src)
		if err != nil {
			return err
		}
		to := filepath.Join(dst, f)
		if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(to, data, info.Mode().Perm()); err != nil {
			return err
		}
	}
	return nil
}
