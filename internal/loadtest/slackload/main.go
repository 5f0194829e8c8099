// Command slackload measures `waymark serve` under Slack load: signed
// Events API requests over loopback HTTP into serve on PostgreSQL, with a
// share of them retried as Slack retries, and answers posted to a local
// fake Slack API. It prints acknowledgement latency (p50/p99/max), the
// sustained event rate, replies and duplicate replies, and the server's
// resident memory with the given number of installed workspaces.
//
// serve runs in a child process (this binary re-executed), the same code
// `waymark serve` runs, so its memory is measured on its own:
//
//	WAYMARK_TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test?sslmode=disable \
//	  go run ./internal/loadtest/slackload -rate 1000 -duration 20s -workspaces 1000
//
// With -stall-for, serve reaches PostgreSQL through a TCP proxy on
// loopback (internal/faultproxy) that stalls every connection silently for
// that long, -stall-at into the run. An event refused with 503 is retried
// on Slack's schedule (-slack-retries), and the report adds the ack
// latency outside and inside the stall, replies lost, duplicates and the
// time to recover.
package main

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	mrand "math/rand/v2"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"os/signal"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	_ "github.com/lib/pq"

	slackadapter "github.com/waymark-org/waymark/adapters/slack"
	"github.com/waymark-org/waymark/adapters/slack/slackfake"
	"github.com/waymark-org/waymark/internal/adapterkit"
	"github.com/waymark-org/waymark/internal/faultproxy"
	"github.com/waymark-org/waymark/internal/loadtest"
	"github.com/waymark-org/waymark/internal/secrets"
	"github.com/waymark-org/waymark/internal/serve"
	"github.com/waymark-org/waymark/internal/store"
)

const signingSecret = "load-test-signing-secret"

func main() {
	if os.Getenv("SLACKLOAD_ROLE") == "serve" {
		if err := runServe(); err != nil {
			fmt.Fprintln(os.Stderr, "slackload serve:", err)
			os.Exit(1)
		}
		return
	}
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "slackload:", err)
		os.Exit(1)
	}
}

// runServe is the child: serve exactly as `waymark serve` does.
func runServe() error {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	stopProfile, err := loadtest.CPUProfile("SLACKLOAD_CPUPROFILE")
	if err != nil {
		return err
	}
	defer stopProfile()
	workers, _ := strconv.Atoi(os.Getenv("SLACKLOAD_WORKERS"))
	setup, err := slackadapter.ServeConfig{
		SigningSecret: signingSecret, SecretKeys: os.Getenv("WAYMARK_SECRET_KEYS"),
		APIURL: os.Getenv("SLACKLOAD_API_URL"), Workers: workers,
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
		dsn        = flag.String("db", loadtest.FirstNonEmpty(os.Getenv("WAYMARK_TEST_DATABASE_URL"), os.Getenv("DATABASE_URL")), "PostgreSQL URL; a fresh schema is made and dropped")
		rate       = flag.Int("rate", 1000, "events per second to offer")
		duration   = flag.Duration("duration", 20*time.Second, "how long to offer load")
		workspaces = flag.Int("workspaces", 1000, "installed workspaces; events are spread over them")
		retryShare = flag.Float64("retry", 0.1, "share of events delivered a second time with X-Slack-Retry-Num")
		workers    = flag.Int("workers", 0, "serve's concurrent Slack workers (0: its default)")
		stallAt    = flag.Duration("stall-at", 5*time.Second, "with -stall-for: when, into the run, PostgreSQL stalls")
		stallFor   = flag.Duration("stall-for", 0, "stall PostgreSQL (silently: nothing refused, nothing answered) for this long")
		retriesArg = flag.String("slack-retries", "1s,1m,5m", "when Slack retries an event it got no 200 for, after the previous try (Slack: nearly at once, 1 minute, 5 minutes)")
	)
	flag.Parse()
	if !strings.HasPrefix(*dsn, "postgres") {
		return errors.New("set -db or WAYMARK_TEST_DATABASE_URL to a PostgreSQL URL")
	}
	var schedule []time.Duration
	for _, f := range strings.Split(*retriesArg, ",") {
		d, err := time.ParseDuration(strings.TrimSpace(f))
		if err != nil {
			return fmt.Errorf("-slack-retries: %w", err)
		}
		schedule = append(schedule, d)
	}
	ctx := context.Background()
	schemaDSN, drop, err := store.ScratchSchema(ctx, *dsn, "waymark_load_")
	if err != nil {
		return err
	}
	defer drop()

	fake := slackfake.New()
	defer fake.Stop()
	fake.Record(false)
	key, _ := secrets.NewKey("k1")
	keys, err := secrets.Parse(key)
	if err != nil {
		return err
	}
	db, err := store.Open(ctx, schemaDSN, nil)
	if err != nil {
		return err
	}
	teams := make([]slackfake.Workspace, *workspaces)
	for i := range teams {
		ws := slackfake.Workspace{ID: fmt.Sprintf("T%08d", i), Name: fmt.Sprintf("Group %d", i), BotUserID: fmt.Sprintf("UB%07d", i), Token: fmt.Sprintf("xoxb-%d-%s", i, randHex(12))}
		teams[i] = ws
		fake.AddWorkspace(ws)
		t, err := db.EnsureTenant(ctx, "slack", ws.ID, ws.Name)
		if err != nil {
			return err
		}
		sealed, err := keys.Encrypt(ws.Token, ws.ID)
		if err != nil {
			return err
		}
		if err := slackadapter.InstallsOf(db).Save(ctx, slackadapter.Installation{TenantID: t.ID, TeamID: ws.ID, BotUserID: ws.BotUserID, BotTokenSealed: sealed}); err != nil {
			return err
		}
	}
	db.Close()

	// serve's connections go through the fault proxy when there is a
	// stall to make.
	serveDSN := schemaDSN
	var proxy *faultproxy.Proxy
	if *stallFor > 0 {
		u, err := url.Parse(schemaDSN)
		if err != nil {
			return err
		}
		if proxy, err = faultproxy.Listen(u.Host); err != nil {
			return err
		}
		defer proxy.Close()
		u.Host = proxy.Addr()
		serveDSN = u.String()
	}

	port, err := loadtest.FreePort()
	if err != nil {
		return err
	}
	self, err := os.Executable()
	if err != nil {
		return err
	}
	child := exec.Command(self)
	child.Env = append(os.Environ(), "SLACKLOAD_ROLE=serve", "DATABASE_URL="+serveDSN, "PORT="+strconv.Itoa(port),
		"WAYMARK_SECRET_KEYS="+key, "SLACKLOAD_API_URL="+fake.GetAPIURL(), "SLACKLOAD_WORKERS="+strconv.Itoa(*workers))
	child.Stdout, child.Stderr = os.Stderr, os.Stderr
	if err := child.Start(); err != nil {
		return err
	}
	defer func() {
		_ = child.Process.Signal(syscall.SIGTERM)
		_ = child.Wait()
	}()
	base := "http://127.0.0.1:" + strconv.Itoa(port)
	client := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: 512, MaxConnsPerHost: 0, IdleConnTimeout: time.Minute}}
	if err := loadtest.WaitHealthy(client, base); err != nil {
		return err
	}
	fmt.Printf("serve (pid %d) on PostgreSQL with %d installed workspaces; idle RSS %s\n", child.Process.Pid, *workspaces, loadtest.RSS(child.Process.Pid))

	// Warm every workspace once (each gets its client and tenant cached),
	// which is also the memory figure: 1,000 workspaces each in use.
	warm := &loadRun{client: client, base: base}
	for i, ws := range teams {
		warm.send(ws, fmt.Sprintf("EvWARM%06d", i), fmt.Sprintf("%d.000001", 1000000+i), loadtest.Questions[i%len(loadtest.Questions)], 0)
	}
	if err := waitReplies(fake, int64(len(teams)), 60*time.Second); err != nil {
		return err
	}
	fmt.Printf("after one answered question in each of %d workspaces: RSS %s\n", len(teams), loadtest.RSS(child.Process.Pid))

	// The measured run: open loop at the target rate, each event to a
	// random workspace, a share retried concurrently as Slack does.
	before := fake.Total()
	total := int(float64(*rate) * duration.Seconds())
	lr := &loadRun{client: client, base: base, lat: make([]sample, 0, int(float64(total)*(1+*retryShare))+16)}
	interval := time.Second / time.Duration(*rate)
	events := make([]event, total)
	var wg sync.WaitGroup
	start := time.Now()
	lr.start = start
	var retries int
	var stallStart, stallEnd time.Time
	if proxy != nil {
		stallStart, stallEnd = start.Add(*stallAt), start.Add(*stallAt+*stallFor)
		go func() {
			time.Sleep(time.Until(stallStart))
			proxy.Set(faultproxy.Stall)
			fmt.Printf("PostgreSQL stalled at +%s\n", time.Since(start).Round(time.Millisecond))
			time.Sleep(time.Until(stallEnd))
			proxy.Set(faultproxy.Forward)
			fmt.Printf("PostgreSQL back at +%s\n", time.Since(start).Round(time.Millisecond))
		}()
	}
	for i := 0; i < total; i++ {
		if d := time.Until(start.Add(time.Duration(i) * interval)); d > 0 {
			time.Sleep(d)
		}
		ev := &events[i]
		ev.ws = teams[mrand.IntN(len(teams))]
		ev.id, ev.ts, ev.q = fmt.Sprintf("EvLOAD%08d", i), fmt.Sprintf("%d.%06d", 2000000000+i/1000000, i%1000000), loadtest.Questions[i%len(loadtest.Questions)]
		retry := mrand.Float64() < *retryShare
		if retry {
			retries++
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			if lr.send(ev.ws, ev.id, ev.ts, ev.q, 0) == http.StatusOK {
				ev.acked.Store(true)
			}
			if retry && lr.send(ev.ws, ev.id, ev.ts, ev.q, 1) == http.StatusOK {
				ev.acked.Store(true)
			}
			// Slack retries an event until it gets a 200 or gives up.
			for n, wait := range schedule {
				if ev.acked.Load() {
					return
				}
				time.Sleep(wait)
				if lr.send(ev.ws, ev.id, ev.ts, ev.q, n+2) == http.StatusOK {
					ev.acked.Store(true)
				}
			}
		}()
	}
	offered := time.Since(start)
	wg.Wait()
	var acked, unacked int64
	for i := range events {
		if events[i].acked.Load() {
			acked++
		} else {
			unacked++
		}
	}
	if err := waitReplies(fake, before+acked, 120*time.Second); err != nil {
		fmt.Println("WARNING:", err)
	}
	drained := time.Since(start)
	var lost int64
	for i := range events {
		if events[i].acked.Load() && fake.Replies(events[i].ws.ID, "C0GENERAL", events[i].ts) == 0 {
			lost++
		}
	}

	all := lr.samples()
	lats := latencies(all, func(sample) bool { return true })
	fmt.Printf("\nload: %d events (+%d retried deliveries) over %s to %d workspaces\n", total, retries, offered.Round(time.Millisecond), len(teams))
	fmt.Printf("acknowledged: %.0f requests/s, %.0f events/s; non-200: %d\n", float64(len(lats))/offered.Seconds(), float64(total)/offered.Seconds(), lr.failed.Load())
	fmt.Printf("ack latency: p50 %s  p90 %s  p99 %s  max %s\n", loadtest.Pct(lats, 50), loadtest.Pct(lats, 90), loadtest.Pct(lats, 99), loadtest.Pct(lats, 100))
	if proxy != nil {
		in := func(sm sample) bool { return !sm.at.Before(stallStart) && sm.at.Before(stallEnd) }
		out := latencies(all, func(sm sample) bool { return !in(sm) && sm.code == http.StatusOK })
		during := latencies(all, in)
		fmt.Printf("stall: PostgreSQL silent for %s from +%s\n", *stallFor, *stallAt)
		fmt.Printf("ack latency outside the stall (200s): p50 %s  p90 %s  p99 %s  max %s  (%d requests)\n", loadtest.Pct(out, 50), loadtest.Pct(out, 90), loadtest.Pct(out, 99), loadtest.Pct(out, 100), len(out))
		fmt.Printf("ack latency during the stall (all):   p50 %s  p99 %s  max %s  (%d requests; non-200: %d)\n", loadtest.Pct(during, 50), loadtest.Pct(during, 99), loadtest.Pct(during, 100), len(during), count(all, func(sm sample) bool { return in(sm) && sm.code != http.StatusOK }))
		fmt.Printf("recovered: %s\n", recovery(all, stallEnd))
	}
	fmt.Printf("events acknowledged (at once or on a Slack retry): %d of %d; never acknowledged (Slack would give up): %d\n", acked, total, unacked)
	fmt.Printf("replies posted: %d; acknowledged events with no reply (lost): %d; all posted %s after the first event\n", fake.Total()-before, lost, drained.Round(time.Millisecond))
	fmt.Printf("duplicate replies: %d\n", fake.Duplicates())
	fmt.Printf("serve RSS after the run: %s\n", loadtest.RSS(child.Process.Pid))
	return nil
}

// event is one offered event and whether any delivery of it got a 200.
type event struct {
	ws        slackfake.Workspace
	id, ts, q string
	acked     atomic.Bool
}

// sample is one delivery: when it was sent, how long the answer took, and
// the status (0 for a transport error).
type sample struct {
	at   time.Time
	d    time.Duration
	code int
}

func latencies(all []sample, keep func(sample) bool) []time.Duration {
	var out []time.Duration
	for _, sm := range all {
		if keep(sm) {
			out = append(out, sm.d)
		}
	}
	slices.Sort(out)
	return out
}

func count(all []sample, keep func(sample) bool) int {
	n := 0
	for _, sm := range all {
		if keep(sm) {
			n++
		}
	}
	return n
}

// recovery says how long after the stall ended acknowledgements were back
// to normal: the start of the first 500 ms window in which every request
// sent got a 200 and the window's p99 was under 100 ms.
func recovery(all []sample, end time.Time) string {
	const window = 500 * time.Millisecond
	var firstOK time.Time
	for _, sm := range all {
		if !sm.at.Before(end) && sm.code == http.StatusOK && (firstOK.IsZero() || sm.at.Before(firstOK)) {
			firstOK = sm.at
		}
	}
	for w := end; w.Before(end.Add(5 * time.Minute)); w = w.Add(window) {
		in := func(sm sample) bool { return !sm.at.Before(w) && sm.at.Before(w.Add(window)) }
		ls := latencies(all, in)
		if len(ls) == 0 {
			continue
		}
		if count(all, func(sm sample) bool { return in(sm) && sm.code != http.StatusOK }) == 0 && loadtest.Pct(ls, 99) < 100*time.Millisecond {
			first := "none"
			if !firstOK.IsZero() {
				first = firstOK.Sub(end).Round(time.Millisecond).String()
			}
			return fmt.Sprintf("first 200 %s after the stall ended; acks normal (all 200, p99 < 100 ms) from %s after", first, w.Sub(end).Round(time.Millisecond))
		}
	}
	return "not within 5 minutes of the stall ending"
}

type loadRun struct {
	client *http.Client
	base   string
	start  time.Time
	mu     sync.Mutex
	lat    []sample
	failed atomic.Int64
}

// send delivers one event and returns the status (0 when the request
// failed outright).
func (lr *loadRun) send(ws slackfake.Workspace, eventID, ts, q string, retry int) int {
	body := fmt.Sprintf(`{"token":"x","team_id":%q,"api_app_id":"A0WAYMARK","event":{"type":"app_mention","user":"UMEMBER1","text":"<@%s> %s","ts":%q,"channel":"C0GENERAL","event_ts":%q},"type":"event_callback","event_id":%q,"event_time":%d,"authed_users":[%q]}`,
		ws.ID, ws.BotUserID, q, ts, ts, eventID, time.Now().Unix(), ws.BotUserID)
	now := time.Now()
	req, _ := http.NewRequest(http.MethodPost, lr.base+"/slack/events", strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	sec := strconv.FormatInt(now.Unix(), 10)
	mac := hmac.New(sha256.New, []byte(signingSecret))
	mac.Write([]byte("v0:" + sec + ":" + body))
	req.Header.Set("X-Slack-Request-Timestamp", sec)
	req.Header.Set("X-Slack-Signature", "v0="+hex.EncodeToString(mac.Sum(nil)))
	if retry > 0 {
		req.Header.Set("X-Slack-Retry-Num", strconv.Itoa(retry))
	}
	resp, err := lr.client.Do(req)
	d := time.Since(now)
	code := 0
	if err == nil {
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		code = resp.StatusCode
	}
	if code != http.StatusOK {
		lr.failed.Add(1)
	}
	if lr.lat != nil {
		lr.mu.Lock()
		lr.lat = append(lr.lat, sample{at: now, d: d, code: code})
		lr.mu.Unlock()
	}
	return code
}

func (lr *loadRun) samples() []sample {
	lr.mu.Lock()
	defer lr.mu.Unlock()
	return slices.Clone(lr.lat)
}

func waitReplies(fake *slackfake.Server, want int64, timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	for fake.Total() < want {
		if time.Now().After(deadline) {
			return fmt.Errorf("only %d of %d replies after %s", fake.Total(), want, timeout)
		}
		time.Sleep(10 * time.Millisecond)
	}
	return nil
}

func randHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
