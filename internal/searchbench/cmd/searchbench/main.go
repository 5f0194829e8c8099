// Command searchbench prints Waymark's search latency side by side with
// bleve (BM25, in memory), and, given a built waymark binary, the resident
// memory of an idle `waymark chat` and its start-up to first answer.
//
//	go build -o /tmp/waymark . && go run ./internal/searchbench/cmd/searchbench -waymark /tmp/waymark
package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/waymark-org/waymark/feature/answering"
	"github.com/waymark-org/waymark/internal/searchbench"
	"github.com/waymark-org/waymark/knowledge"
)

func main() {
	root := flag.String("root", ".", "repository root (for knowledge/eval and ../shared/eval)")
	rounds := flag.Int("rounds", 20, "times each question is asked per engine")
	synthetic := flag.Int("synthetic", 10000, "size of the synthetic knowledge base")
	waymark := flag.String("waymark", "", "a built waymark binary: also measure chat memory and start-up")
	flag.Parse()
	// One core, as the target says.
	runtime.GOMAXPROCS(1)

	base, err := knowledge.LoadBase()
	if err != nil {
		log.Fatal(err)
	}
	qs, err := searchbench.Questions(*root)
	if err != nil {
		log.Fatal(err)
	}
	syn, err := knowledge.DefaultSynonyms()
	if err != nil {
		log.Fatal(err)
	}
	// The search as answering runs it: with the learned layer and the
	// fitted weights of both re-ranking layers.
	lm, err := knowledge.DefaultLearned()
	if err != nil {
		log.Fatal(err)
	}
	conf, err := answering.DefaultConfidence()
	if err != nil {
		log.Fatal(err)
	}
	opt := knowledge.SearchOptions{Jurisdiction: "england", Limit: 4, SimWeight: conf.SimWeight, LearnedWeight: conf.LearnedWeight}
	fmt.Printf("%d questions x %d rounds, GOMAXPROCS=1, %s\n\n", len(qs), *rounds, runtime.Version())
	fmt.Printf("%-8s %-8s %8s %10s %10s %10s %10s\n", "corpus", "engine", "entries", "build", "p50", "p99", "max")
	for _, c := range []struct {
		name    string
		entries []*knowledge.Entry
	}{{"real", base}, {"synth", searchbench.Synthetic(base, *synthetic)}} {
		start := time.Now()
		ix := knowledge.BuildWith(c.entries, syn, lm)
		build := time.Since(start)
		lat := measure(qs, *rounds, func(q string) {
			ix.Search(q, opt)
		})
		report(c.name, "waymark", len(c.entries), build, lat)

		start = time.Now()
		bl, err := searchbench.Bleve(c.entries)
		if err != nil {
			log.Fatal(err)
		}
		build = time.Since(start)
		lat = measure(qs, *rounds, func(q string) {
			if _, err := bl.Search(searchbench.BleveQuery(q)); err != nil {
				log.Fatal(err)
			}
		})
		report(c.name, "bleve", len(c.entries), build, lat)
		bl.Close()
	}
	if *waymark != "" {
		if err := measureBinary(*waymark); err != nil {
			log.Fatal(err)
		}
	}
}

func measure(qs []string, rounds int, search func(string)) []time.Duration {
	for _, q := range qs { // warm up
		search(q)
	}
	lat := make([]time.Duration, 0, len(qs)*rounds)
	for r := 0; r < rounds; r++ {
		for _, q := range qs {
			start := time.Now()
			search(q)
			lat = append(lat, time.Since(start))
		}
	}
	slices.Sort(lat)
	return lat
}

func report(corpus, engine string, n int, build time.Duration, lat []time.Duration) {
	pct := func(p float64) time.Duration { return lat[int(p*float64(len(lat)-1))] }
	fmt.Printf("%-8s %-8s %8d %10s %10s %10s %10s\n", corpus, engine, n, build.Round(time.Millisecond),
		pct(0.50).Round(time.Microsecond), pct(0.99).Round(time.Microsecond), lat[len(lat)-1].Round(time.Microsecond))
}

// measureBinary starts `waymark chat` on a fresh SQLite file, times the
// first answer, lets it idle, then reads its resident memory.
func measureBinary(bin string) error {
	dir, err := os.MkdirTemp("", "searchbench")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	const runs = 5
	var startups []time.Duration
	var rss string
	for i := 0; i < runs; i++ {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		cmd := exec.CommandContext(ctx, bin, "chat", "--db", filepath.Join(dir, fmt.Sprintf("w%d.db", i)))
		stdin, err := cmd.StdinPipe()
		if err != nil {
			cancel()
			return err
		}
		stdout, err := cmd.StdoutPipe()
		if err != nil {
			cancel()
			return err
		}
		start := time.Now()
		if err := cmd.Start(); err != nil {
			cancel()
			return fmt.Errorf("start %s: %w", bin, err)
		}
		if _, err := io.WriteString(stdin, "What does a designated safeguarding lead do?\n"); err != nil {
			cancel()
			return err
		}
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if strings.Contains(sc.Text(), "Reviewed ") {
				break
			}
		}
		startups = append(startups, time.Since(start))
		go io.Copy(io.Discard, stdout)
		if i == runs-1 {
			time.Sleep(2 * time.Second) // idle, as a chat mostly is
			status, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", cmd.Process.Pid))
			if err != nil {
				cancel()
				return fmt.Errorf("read memory of chat: %w", err)
			}
			for _, line := range strings.Split(string(status), "\n") {
				if strings.HasPrefix(line, "VmRSS:") {
					rss = strings.TrimSpace(strings.TrimPrefix(line, "VmRSS:"))
				}
			}
		}
		stdin.Close()
		cmd.Wait()
		cancel()
	}
	slices.Sort(startups)
	fmt.Printf("\nwaymark chat: start-up to first answer median %s, worst %s (%d runs, fresh SQLite each)\n",
		startups[runs/2].Round(time.Millisecond), startups[runs-1].Round(time.Millisecond), runs)
	fmt.Printf("waymark chat: resident memory idle after one answer: %s\n", rss)
	return nil
}
