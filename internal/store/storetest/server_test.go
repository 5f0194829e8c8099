package storetest

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

func TestMain(m *testing.M) { Main(m) }

const helperEnv = "WAYMARK_STORETEST_HELPER"

// TestHelperHoldsServer is the child process of the tests below, not a
// test: it starts a throwaway server, says where, and waits to be stopped.
func TestHelperHoldsServer(t *testing.T) {
	if os.Getenv(helperEnv) == "" {
		t.Skip("runs only as the child process of the interrupt tests")
	}
	if _, err := throwaway.url(); err != nil {
		fmt.Println("ERR", err)
		os.Exit(3)
	}
	throwaway.mu.Lock()
	dir := throwaway.dir
	throwaway.mu.Unlock()
	fmt.Println("DIR", dir)
	time.Sleep(2 * time.Minute)
}

// holder starts a child test process holding a throwaway server whose
// directory is under tmp, and returns it and the server's directory.
func holder(t *testing.T, tmp string) (*exec.Cmd, string) {
	t.Helper()
	if _, _, err := findPGTools(); err != nil {
		t.Skip("initdb and pg_ctl are not installed")
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperHoldsServer$")
	cmd.Env = append(os.Environ(), helperEnv+"=1", "TMPDIR="+tmp)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	lines := make(chan string)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
	}()
	timeout := time.After(2 * time.Minute)
	for {
		select {
		case line, ok := <-lines:
			if !ok {
				t.Fatal("the child process ended without starting a server")
			}
			if dir, found := strings.CutPrefix(line, "DIR "); found {
				go func() {
					for range lines {
					}
				}()
				return cmd, dir
			}
			if strings.HasPrefix(line, "ERR ") {
				t.Skipf("no throwaway server here: %s", line)
			}
		case <-timeout:
			t.Fatal("the child process did not start a server in 2 minutes")
		}
	}
}

// scratchTemp is a temporary directory the postgres user can enter (the
// server runs as postgres when the tests run as root).
func scratchTemp(t *testing.T) string {
	t.Helper()
	dir, err := os.MkdirTemp("", "waymark-storetest-")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	return dir
}

// postmaster is the pid of the server running from dir.
func postmaster(t *testing.T, dir string) int {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, "data", "postmaster.pid"))
	if err != nil {
		t.Fatal(err)
	}
	first, _, _ := strings.Cut(string(b), "\n")
	pid, err := strconv.Atoi(strings.TrimSpace(first))
	if err != nil {
		t.Fatal(err)
	}
	return pid
}

// running reports whether pid is a live process (a zombie is not).
func running(pid int) bool {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return syscall.Kill(pid, 0) == nil
	}
	// The state follows the command name in parentheses.
	if i := strings.LastIndexByte(string(b), ')'); i >= 0 && i+2 < len(b) {
		return b[i+2] != 'Z'
	}
	return true
}

func waitGone(pid int, within time.Duration) bool {
	for deadline := time.Now().Add(within); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if !running(pid) {
			return true
		}
	}
	return false
}

// An interrupted test run (Ctrl-C) stops its throwaway server.
func TestInterruptStopsThrowawayServer(t *testing.T) {
	tmp := scratchTemp(t)
	cmd, dir := holder(t, tmp)
	pid := postmaster(t, dir)
	if err := cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	_ = cmd.Wait()
	if !waitGone(pid, 30*time.Second) {
		_ = syscall.Kill(pid, syscall.SIGKILL)
		t.Fatalf("the throwaway server (pid %d) still runs after its test run was interrupted", pid)
	}
	if _, err := os.Stat(dir); err == nil {
		t.Errorf("%s left behind", dir)
	}
}

// A run that could not stop its server (killed outright, or ended by go
// test's timeout) leaves it; the next run stops it and removes it.
func TestStaleThrowawayServerIsCleanedUp(t *testing.T) {
	tmp := scratchTemp(t)
	cmd, dir := holder(t, tmp)
	pid := postmaster(t, dir)
	_ = cmd.Process.Kill() // SIGKILL: nothing can clean up
	_ = cmd.Wait()
	if !running(pid) {
		t.Fatal("the server died with its test process; nothing to clean up")
	}
	t.Cleanup(func() { _ = syscall.Kill(pid, syscall.SIGKILL) })
	_, pgCtl, _ := findPGTools()
	asOwner, _, err := runAsPrefix()
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cleanStale(ctx, tmp, pgCtl, asOwner)
	if !waitGone(pid, 30*time.Second) {
		t.Fatalf("the stale server (pid %d) still runs", pid)
	}
	if _, err := os.Stat(dir); err == nil {
		t.Errorf("%s left behind", dir)
	}
}
