// Package loadtest holds what the load commands (slackload, discordload)
// share: starting and watching the server they load, and summing up
// latencies.
package loadtest

import (
	"bytes"
	"fmt"
	"math"
	"net"
	"net/http"
	"os"
	"runtime/pprof"
	"strconv"
	"strings"
	"time"
)

// Questions are what the load commands ask, in turn: ordinary organisers'
// questions that the base answers.
var Questions = []string{
	"Do we need to register as a charity?",
	"What does a safeguarding lead do?",
	"How do we apply for Awards for All?",
	"What is an integrated care board?",
	"How do I avoid burnout as an organiser?",
	"Do volunteers need a DBS check?",
	"What should a constitution include?",
	"How do we pay people with lived experience without affecting their benefits?",
}

// Pct is the p-th percentile of sorted latencies, rounded to 10 µs.
func Pct(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := int(math.Ceil(p/100*float64(len(sorted)))) - 1
	return sorted[max(0, min(i, len(sorted)-1))].Round(10 * time.Microsecond)
}

// WaitHealthy polls base's /healthz until it answers 200, for up to 30 s.
func WaitHealthy(c *http.Client, base string) error {
	deadline := time.Now().Add(30 * time.Second)
	for {
		resp, err := c.Get(base + "/healthz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return nil
			}
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("serve not healthy: %v", err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// RSS reads a process's resident set size from /proc.
func RSS(pid int) string {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return "unknown"
	}
	for _, line := range bytes.Split(b, []byte("\n")) {
		if v, ok := bytes.CutPrefix(line, []byte("VmRSS:")); ok {
			kb, _ := strconv.Atoi(strings.Fields(string(v))[0])
			return fmt.Sprintf("%.1f MB", float64(kb)/1024)
		}
	}
	return "unknown"
}

// FreePort is a loopback port free at the moment of asking.
func FreePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// FirstNonEmpty is the first of s that is not empty.
func FirstNonEmpty(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
}

// CPUProfile starts a CPU profile into the file named by the environment
// variable env, if it is set, and returns what stops it (a no-op when it
// is not): the load commands' serve children profile themselves this way.
func CPUProfile(env string) (stop func(), err error) {
	f := os.Getenv(env)
	if f == "" {
		return func() {}, nil
	}
	out, err := os.Create(f)
	if err != nil {
		return nil, fmt.Errorf("cpu profile: %w", err)
	}
	if err := pprof.StartCPUProfile(out); err != nil {
		out.Close()
		return nil, fmt.Errorf("cpu profile: %w", err)
	}
	return func() {
		pprof.StopCPUProfile()
		out.Close()
	}, nil
}
