// Command discordload measures `waymark serve` under Discord load: signed
// /waymark ask interactions over loopback HTTP into serve on SQLite (the
// default, a fresh file in a temporary directory) or PostgreSQL (-db),
// spread over many servers (guilds), with a share sent twice as a replay.
// It prints the initial response latency (p50/p90/p99/max, the figure
// Discord's 3-second window is about), the sustained rate, answers
// delivered (in the response, or by follow-up after a deferral), answers
// given twice, and serve's resident memory with the given number of
// servers each in use.
//
// serve runs in a child process (this binary re-executed), the same code
// `waymark serve` runs, so its memory is measured on its own:
//
//	go run ./internal/loadtest/discordload -rate 1000 -duration 10s -guilds 1000
//	go run ./internal/loadtest/discordload -rate 1000 -duration 10s -guilds 1000 \
//	  -db postgres://postgres@127.0.0.1:5432/test?sslmode=disable
//
// DISCORDLOAD_CPUPROFILE=FILE writes serve's CPU profile there.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"maps"
	mrand "math/rand/v2"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	_ "github.com/lib/pq"

	discordadapter "github.com/waymark-org/waymark/adapters/discord"
	"github.com/waymark-org/waymark/adapters/discord/discordfake"
	"github.com/waymark-org/waymark/internal/adapterkit"
	"github.com/waymark-org/waymark/internal/loadtest"
	"github.com/waymark-org/waymark/internal/serve"
	"github.com/waymark-org/waymark/internal/store"
)

func main() {
	if os.Getenv("DISCORDLOAD_ROLE") == "serve" {
		if err := runServe(); err != nil {
			fmt.Fprintln(os.Stderr, "discordload serve:", err)
			os.Exit(1)
		}
		return
	}
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "discordload:", err)
		os.Exit(1)
	}
}

// runServe is the child: serve exactly as `waymark serve` does, with its
// Discord REST calls sent to the parent's fake Discord. The gateway is
// left out: this measures the interactions endpoint.
func runServe() error {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	stopProfile, err := loadtest.CPUProfile("DISCORDLOAD_CPUPROFILE")
	if err != nil {
		return err
	}
	defer stopProfile()
	budget, _ := time.ParseDuration(os.Getenv("DISCORDLOAD_BUDGET"))
	workers, _ := strconv.Atoi(os.Getenv("DISCORDLOAD_WORKERS"))
	setup, err := discordadapter.ServeConfig{
		AnswerBudget: budget, Workers: workers,
		ApplicationID: os.Getenv("DISCORD_APPLICATION_ID"), PublicKey: os.Getenv("DISCORD_PUBLIC_KEY"), BotToken: "load-bot-token",
		HTTPClient: discordfake.ClientFor(os.Getenv("DISCORDLOAD_API_URL")), NoGateway: true,
	}.Setup()
	if err != nil {
		return err
	}
	return serve.Run(ctx, serve.Config{
		DSN: os.Getenv("DATABASE_URL"), Addr: "127.0.0.1:" + os.Getenv("PORT"), Logger: log,
		Adapters: []adapterkit.Setup{setup},
	})
}

func run() error {
	var (
		dsn         = flag.String("db", "", "PostgreSQL URL (a fresh schema is made and dropped); empty: a fresh SQLite file")
		rate        = flag.Int("rate", 1000, "interactions per second to offer")
		duration    = flag.Duration("duration", 20*time.Second, "how long to offer load")
		guilds      = flag.Int("guilds", 1000, "servers; interactions are spread over them")
		replayShare = flag.Float64("replay", 0.1, "share of interactions sent a second time (a replay: must not be answered again)")
		budget      = flag.Duration("budget", 0, "serve's answer budget before deferring (0: its default)")
		workers     = flag.Int("workers", 0, "serve's concurrent Discord workers (0: its default)")
	)
	flag.Parse()
	ctx := context.Background()
	var schemaDSN, dbName string
	if *dsn != "" {
		if !strings.HasPrefix(*dsn, "postgres") {
			return errors.New("-db must be a PostgreSQL URL (leave it empty for SQLite)")
		}
		var drop func() error
		var err error
		if schemaDSN, drop, err = store.ScratchSchema(ctx, *dsn, "waymark_dload_"); err != nil {
			return err
		}
		defer drop()
		dbName = "PostgreSQL"
	} else {
		dir, err := os.MkdirTemp("", "discordload")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		schemaDSN, dbName = filepath.Join(dir, "waymark.db"), "SQLite"
	}
	// Migrated before serve starts, as a deployment's release step does.
	db, err := store.Open(ctx, schemaDSN, nil)
	if err != nil {
		return err
	}
	db.Close()

	fake := discordfake.New()
	defer fake.Close()
	port, err := loadtest.FreePort()
	if err != nil {
		return err
	}
	self, err := os.Executable()
	if err != nil {
		return err
	}
	child := exec.Command(self)
	child.Env = append(os.Environ(), "DISCORDLOAD_ROLE=serve", "DATABASE_URL="+schemaDSN, "PORT="+strconv.Itoa(port),
		"DISCORD_APPLICATION_ID="+fake.AppID, "DISCORD_PUBLIC_KEY="+fake.PublicKeyHex(), "DISCORDLOAD_API_URL="+fake.URL(), "DISCORDLOAD_BUDGET="+budget.String(), "DISCORDLOAD_WORKERS="+strconv.Itoa(*workers))
	child.Stdout, child.Stderr = os.Stderr, os.Stderr
	if err := child.Start(); err != nil {
		return err
	}
	defer func() {
		_ = child.Process.Signal(syscall.SIGTERM)
		_ = child.Wait()
	}()
	base := "http://127.0.0.1:" + strconv.Itoa(port)
	client := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: 512, IdleConnTimeout: time.Minute}}
	if err := loadtest.WaitHealthy(client, base); err != nil {
		return err
	}
	fmt.Printf("serve (pid %d) on %s, Discord interactions only; idle RSS %s\n", child.Process.Pid, dbName, loadtest.RSS(child.Process.Pid))

	lr := &loadRun{client: client, base: base, fake: fake, answered: map[string]int{}, failures: map[string]int{}}
	ids := make([]string, *guilds)
	for i := range ids {
		ids[i] = strconv.Itoa(400000000000000000 + i)
	}
	// Warm: one question in each server (its tenant is created on first
	// sight), which is also the memory figure: every server in use.
	for i, g := range ids {
		lr.send(fmt.Sprintf("%d", 800000000000000000+i), g, loadtest.Questions[i%len(loadtest.Questions)], false)
	}
	fmt.Printf("after one answered question in each of %d servers: RSS %s\n", len(ids), loadtest.RSS(child.Process.Pid))

	lr.lat = make([]time.Duration, 0, int(float64(*rate)*duration.Seconds()*(1+*replayShare))+16)
	total := int(float64(*rate) * duration.Seconds())
	interval := time.Second / time.Duration(*rate)
	var wg sync.WaitGroup
	start := time.Now()
	replays := 0
	for i := 0; i < total; i++ {
		if d := time.Until(start.Add(time.Duration(i) * interval)); d > 0 {
			time.Sleep(d)
		}
		id := strconv.Itoa(810000000000000000 + i)
		g := ids[mrand.IntN(len(ids))]
		q := loadtest.Questions[i%len(loadtest.Questions)]
		replay := mrand.Float64() < *replayShare
		if replay {
			replays++
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			lr.send(id, g, q, true)
			if replay {
				lr.send(id, g, q, true)
			}
		}()
	}
	offered := time.Since(start)
	wg.Wait()
	// Deferred answers arrive as follow-ups; give them time.
	deadline := time.Now().Add(60 * time.Second)
	for lr.deferred.Load() > int64(len(fake.Posts())) && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	lats := lr.sorted()
	answered, twice := lr.tally()
	fmt.Printf("\nload: %d interactions (+%d replays) over %s to %d servers\n", total, replays, offered.Round(time.Millisecond), len(ids))
	fmt.Printf("responded: %.0f requests/s; non-200: %d %v\n", float64(len(lats))/offered.Seconds(), lr.failed.Load(), lr.failureCounts())
	fmt.Printf("initial response latency: p50 %s  p90 %s  p99 %s  max %s\n", loadtest.Pct(lats, 50), loadtest.Pct(lats, 90), loadtest.Pct(lats, 99), loadtest.Pct(lats, 100))
	fmt.Printf("answered in the response: %d; deferred then followed up: %d of %d deferred\n", answered, len(fake.Posts()), lr.deferred.Load())
	fmt.Printf("interactions answered: %d of %d; answered twice: %d\n", answered+len(fake.Posts()), total+len(ids), twice)
	fmt.Printf("serve RSS after the run: %s\n", loadtest.RSS(child.Process.Pid))
	return nil
}

type loadRun struct {
	client   *http.Client
	base     string
	fake     *discordfake.Server
	mu       sync.Mutex
	lat      []time.Duration
	answered map[string]int // interaction id → messages in responses
	failed   atomic.Int64
	failures map[string]int // why, for the non-200s
	deferred atomic.Int64
}

// send posts one signed /waymark ask interaction.
func (lr *loadRun) send(id, guild, q string, measure bool) {
	// Each server has its own member asking (ids follow the server's), as
	// people mostly keep to their own group: serve records where each
	// person last asked, for their DMs, when it changes.
	g, _ := strconv.ParseInt(guild, 10, 64)
	user := strconv.FormatInt(500000000000000000+g%1_000_000, 10)
	in := map[string]any{
		"id": id, "application_id": lr.fake.AppID, "type": 2, "token": "itoken-" + id, "version": 1,
		"guild_id": guild, "channel_id": guild, "member": map[string]any{"user": map[string]any{"id": user, "username": "member"}, "permissions": "0"},
		"data": map[string]any{"id": "1", "name": "waymark", "type": 1, "options": []any{map[string]any{"name": "ask", "type": 1, "options": []any{map[string]any{"name": "question", "type": 3, "value": q}}}}},
	}
	body, _ := json.Marshal(in)
	now := time.Now()
	sig, ts := lr.fake.Sign(body, now)
	req, _ := http.NewRequest(http.MethodPost, lr.base+"/discord/interactions", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Signature-Ed25519", sig)
	req.Header.Set("X-Signature-Timestamp", ts)
	resp, err := lr.client.Do(req)
	d := time.Since(now)
	var out struct {
		Type int `json:"type"`
	}
	if err == nil {
		raw, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			err = fmt.Errorf("status %d %q", resp.StatusCode, strings.TrimSpace(string(raw)))
		} else {
			err = json.Unmarshal(raw, &out)
		}
	}
	lr.mu.Lock()
	defer lr.mu.Unlock()
	if err != nil {
		lr.failed.Add(1)
		lr.failures[err.Error()]++
		return
	}
	if measure {
		lr.lat = append(lr.lat, d)
	}
	switch out.Type {
	case 4:
		lr.answered[id]++
	case 5:
		lr.deferred.Add(1)
		lr.answered[id] += 0
	}
}

func (lr *loadRun) sorted() []time.Duration {
	lr.mu.Lock()
	defer lr.mu.Unlock()
	s := slices.Clone(lr.lat)
	slices.Sort(s)
	return s
}

// tally counts answers in responses, and interactions answered more than
// once (in responses and follow-ups together).
func (lr *loadRun) tally() (answered, twice int) {
	lr.mu.Lock()
	defer lr.mu.Unlock()
	byToken := map[string]int{}
	for _, p := range lr.fake.Posts() {
		byToken[strings.TrimPrefix(p.Token, "itoken-")]++
	}
	for id, n := range lr.answered {
		answered += n
		if n+byToken[id] > 1 {
			twice++
		}
	}
	return answered, twice
}

func (lr *loadRun) failureCounts() map[string]int {
	lr.mu.Lock()
	defer lr.mu.Unlock()
	return maps.Clone(lr.failures)
}
