// Command jobsbench measures scheduled work on River and PostgreSQL:
// reminders due at one instant across many tenants, delivered by several
// River clients, and the clients' idle cost. See internal/jobs/README.md.
//
//	go run ./internal/jobs/cmd/jobsbench -db postgres://postgres@127.0.0.1:5432/test?sslmode=disable
package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"runtime/pprof"
	"time"

	"github.com/waymark-org/waymark/internal/jobs/jobsbench"
)

func main() { os.Exit(run()) }

// run is main with an exit code, so deferred work (the CPU profile) is done.
func run() int {
	var cfg jobsbench.Config
	flag.StringVar(&cfg.PostgresURL, "db", os.Getenv("WAYMARK_TEST_DATABASE_URL"), "PostgreSQL URL (a schema of its own is created and dropped)")
	flag.IntVar(&cfg.Tenants, "tenants", 1000, "tenants")
	flag.IntVar(&cfg.Reminders, "reminders", 100000, "reminders due in the same minute, in total")
	flag.IntVar(&cfg.Instances, "instances", 3, "engine instances")
	flag.DurationVar(&cfg.Idle, "idle", time.Minute, "how long to measure the idle cost")
	flag.DurationVar(&cfg.Poll, "poll", 0, "engine poll interval when idle (default the engine's)")
	flag.IntVar(&cfg.Workers, "workers", 0, "deliveries in parallel per instance (default the engine's)")
	verbose := flag.Bool("v", false, "log the engines' warnings and errors to stderr")
	cpuProfile := flag.String("cpuprofile", "", "write this process's CPU profile (setup, delivery and idle) to this file")
	flag.Parse()
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err != nil {
			fmt.Fprintln(os.Stderr, "jobsbench:", err)
			return 1
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			fmt.Fprintln(os.Stderr, "jobsbench: cpu profile:", err)
			return 1
		}
		defer pprof.StopCPUProfile()
	}
	if *verbose {
		cfg.Logger = slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	}
	if cfg.PostgresURL == "" {
		fmt.Fprintln(os.Stderr, "jobsbench: set -db or WAYMARK_TEST_DATABASE_URL to a PostgreSQL URL")
		return 2
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	res, err := jobsbench.Run(ctx, cfg)
	if err != nil {
		fmt.Fprintln(os.Stderr, "jobsbench:", err)
		return 1
	}
	fmt.Printf("River: %d instances, %d tenants\n%s\n", cfg.Instances, cfg.Tenants, res)
	if res.Duplicates > 0 || res.Missing > 0 {
		return 1
	}
	return 0
}
