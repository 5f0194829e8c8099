package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// `waymark serve` logs JSON, one object a line, and serves /healthz,
// /readyz and Prometheus metrics at /metrics.
func TestServeLogsJSONAndServesMetrics(t *testing.T) {
	t.Setenv("SLACK_SIGNING_SECRET", "test-signing-secret")
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := strconv.Itoa(l.Addr().(*net.TCPAddr).Port)
	l.Close()

	root := newRoot()
	var stderr lockedBuffer
	root.SetOut(io.Discard)
	root.SetErr(&stderr)
	root.SetArgs([]string{"--db", filepath.Join(t.TempDir(), "w.db"), "--log-level", "info", "serve", "--port", port})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- root.ExecuteContext(ctx) }()
	defer func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("serve: %v", err)
			}
		case <-time.After(30 * time.Second):
			t.Error("serve did not stop")
		}
	}()

	base := "http://127.0.0.1:" + port
	get := func(path string) (int, string) {
		resp, err := http.Get(base + path)
		if err != nil {
			return 0, err.Error()
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	for deadline := time.Now().Add(15 * time.Second); ; {
		if code, _ := get("/readyz"); code == http.StatusOK {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("serve never became ready; stderr:\n%s", stderr.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
	if code, _ := get("/healthz"); code != http.StatusOK {
		t.Errorf("healthz: %d", code)
	}
	code, body := get("/metrics")
	if code != http.StatusOK {
		t.Fatalf("metrics: %d", code)
	}
	for _, want := range []string{"waymark_queue_depth{platform=\"slack\"} 0", "waymark_queue_capacity", "waymark_job_lag_seconds_count", "go_goroutines"} {
		if !strings.Contains(body, want) {
			t.Errorf("metrics lack %q", want)
		}
	}

	lines := strings.Split(strings.TrimSpace(stderr.String()), "\n")
	if len(lines) == 0 || lines[0] == "" {
		t.Fatal("serve logged nothing at info")
	}
	for _, line := range lines {
		var m map[string]any
		if err := json.Unmarshal([]byte(line), &m); err != nil || m["msg"] == nil || m["level"] == nil {
			t.Errorf("not a JSON log line: %q (%v)", line, err)
		}
	}
}

// `waymark serve` names exactly the Discord variables that are missing,
// and with nothing configured says what to set for either platform.
func TestServeNamesMissingDiscordVariables(t *testing.T) {
	for _, tc := range []struct {
		env  map[string]string
		want string
	}{
		{map[string]string{"DISCORD_APPLICATION_ID": "123"}, "discord: set DISCORD_PUBLIC_KEY, DISCORD_BOT_TOKEN"},
		{map[string]string{"DISCORD_BOT_TOKEN": "x", "DISCORD_PUBLIC_KEY": strings.Repeat("ab", 32)}, "discord: set DISCORD_APPLICATION_ID"},
		{map[string]string{"DISCORD_APPLICATION_ID": "1", "DISCORD_BOT_TOKEN": "x", "DISCORD_PUBLIC_KEY": "nothex"}, "DISCORD_PUBLIC_KEY is not an Ed25519 public key"},
		{map[string]string{}, "for Discord set DISCORD_APPLICATION_ID, DISCORD_PUBLIC_KEY and DISCORD_BOT_TOKEN"},
	} {
		for _, v := range []string{"SLACK_SIGNING_SECRET", "SLACK_APP_TOKEN", "SLACK_BOT_TOKEN", "SLACK_CLIENT_ID", "DISCORD_APPLICATION_ID", "DISCORD_PUBLIC_KEY", "DISCORD_BOT_TOKEN"} {
			t.Setenv(v, tc.env[v])
		}
		root := newRoot()
		root.SetOut(io.Discard)
		root.SetErr(io.Discard)
		root.SetArgs([]string{"--db", filepath.Join(t.TempDir(), "w.db"), "serve", "--port", "0"})
		err := root.ExecuteContext(context.Background())
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("env %v: %v, want %q", tc.env, err, tc.want)
		}
	}
}

// `waymark discord invite` prints the invite link.
func TestDiscordInvite(t *testing.T) {
	t.Setenv("DISCORD_APPLICATION_ID", "1234567890")
	root := newRoot()
	var out bytes.Buffer
	root.SetOut(&out)
	root.SetArgs([]string{"discord", "invite"})
	if err := root.Execute(); err != nil {
		t.Fatal(err)
	}
	if got := out.String(); !strings.Contains(got, "client_id=1234567890") || !strings.Contains(got, "scope=bot+applications.commands") {
		t.Errorf("invite: %s", got)
	}
}
