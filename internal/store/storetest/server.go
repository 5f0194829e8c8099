package storetest

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/signal"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// dirPrefix names every throwaway server's directory in os.TempDir(); an
// ownerFile in it holds the pid of the test process that started it.
const (
	dirPrefix = "waymark-pg-"
	ownerFile = "owner.pid"
)

// Main runs the package's tests and then stops the throwaway PostgreSQL
// server if one was started. Call it from TestMain; without it no throwaway
// server is started, since nothing would stop it (pg_ctl daemonises).
func Main(m *testing.M) {
	throwaway.enable()
	code := m.Run()
	if err := throwaway.stop(); err != nil {
		fmt.Fprintf(os.Stderr, "storetest: %v\n", err)
	}
	os.Exit(code)
}

// throwaway is the test process's own PostgreSQL server, started on first
// need. This is the one piece of package state: a test binary wants at most
// one server, shared by all its tests.
var throwaway server

type server struct {
	mu      sync.Mutex
	enabled bool
	once    sync.Once
	dsn     string
	err     error
	// set once started
	dir     string
	data    string
	pgCtl   string
	asOwner []string
}

func (s *server) enable() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.enabled = true
}

// url starts the server on first call and returns its DSN.
func (s *server) url() (string, error) {
	s.mu.Lock()
	enabled := s.enabled
	s.mu.Unlock()
	if !enabled {
		return "", errors.New("no throwaway server: the package's TestMain does not call storetest.Main")
	}
	s.once.Do(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
		defer cancel()
		s.dsn, s.err = s.start(ctx)
		if s.err != nil {
			s.err = fmt.Errorf("no throwaway server: %w", s.err)
		}
	})
	return s.dsn, s.err
}

func (s *server) start(ctx context.Context) (dsn string, err error) {
	initdb, pgCtl, err := findPGTools()
	if err != nil {
		return "", err
	}
	asOwner, owner, err := runAsPrefix()
	if err != nil {
		return "", err
	}
	// Servers left by runs that died without stopping theirs (killed, or
	// timed out: go test's timeout panics past every cleanup) go first.
	cleanStale(ctx, os.TempDir(), pgCtl, asOwner)
	dir, err := os.MkdirTemp("", dirPrefix)
	if err != nil {
		return "", err
	}
	if err := os.WriteFile(filepath.Join(dir, ownerFile), []byte(strconv.Itoa(os.Getpid())), 0o644); err != nil {
		return "", err
	}
	s.mu.Lock()
	s.dir, s.data, s.pgCtl, s.asOwner = dir, filepath.Join(dir, "data"), pgCtl, asOwner
	s.mu.Unlock()
	defer func() {
		if err != nil {
			if stopErr := s.stop(); stopErr != nil {
				err = fmt.Errorf("%w (cleaning up: %v)", err, stopErr)
			}
		}
	}()
	if owner != nil {
		// initdb refuses to run as root, so the server runs as postgres
		// and must own its directory.
		uid, _ := strconv.Atoi(owner.Uid)
		gid, _ := strconv.Atoi(owner.Gid)
		if err := os.Chown(dir, uid, gid); err != nil {
			return "", err
		}
	}
	if err := run(ctx, asOwner, initdb, "-D", s.data, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-sync"); err != nil {
		return "", err
	}
	port, err := freePort()
	if err != nil {
		return "", err
	}
	// Durability is pointless for a server deleted after the tests.
	opts := fmt.Sprintf("-p %d -k %s -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off", port, dir)
	if err := run(ctx, asOwner, pgCtl, "-D", s.data, "-l", filepath.Join(dir, "server.log"), "-w", "-t", "60", "-o", opts, "start"); err != nil {
		return "", err
	}
	s.stopOnSignal()
	dsn = fmt.Sprintf("postgres://postgres@127.0.0.1:%d/postgres?sslmode=disable", port)
	if err := ping(ctx, dsn); err != nil {
		return "", err
	}
	return dsn, nil
}

// stopOnSignal stops the server when the test process is interrupted
// (Ctrl-C, or a TERM from whatever runs the tests), then lets the signal
// end the process as it would have.
func (s *server) stopOnSignal() {
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
	go func() {
		sig := <-ch
		fmt.Fprintf(os.Stderr, "storetest: %v: stopping the throwaway PostgreSQL server\n", sig)
		if err := s.stop(); err != nil {
			fmt.Fprintf(os.Stderr, "storetest: %v\n", err)
		}
		signal.Reset(sig)
		if ss, ok := sig.(syscall.Signal); ok {
			_ = syscall.Kill(os.Getpid(), ss)
		}
		time.Sleep(time.Second)
		os.Exit(1)
	}()
}

// cleanStale stops and removes throwaway servers under tmp whose test
// process is gone. A directory from before owner files were written is
// stale once it is a day old.
func cleanStale(ctx context.Context, tmp, pgCtl string, asOwner []string) {
	dirs, _ := filepath.Glob(filepath.Join(tmp, dirPrefix+"*"))
	for _, dir := range dirs {
		if !stale(dir) {
			continue
		}
		data := filepath.Join(dir, "data")
		if _, err := os.Stat(filepath.Join(data, "postmaster.pid")); err == nil {
			if err := run(ctx, asOwner, pgCtl, "-D", data, "-m", "immediate", "-w", "stop"); err != nil {
				fmt.Fprintf(os.Stderr, "storetest: stop stale server in %s: %v\n", dir, err)
			}
		}
		if err := os.RemoveAll(dir); err != nil {
			fmt.Fprintf(os.Stderr, "storetest: remove stale server %s: %v\n", dir, err)
		} else {
			fmt.Fprintf(os.Stderr, "storetest: removed a throwaway PostgreSQL server left by an interrupted run (%s)\n", dir)
		}
	}
}

func stale(dir string) bool {
	b, err := os.ReadFile(filepath.Join(dir, ownerFile))
	if err != nil {
		fi, err := os.Stat(dir)
		return err == nil && time.Since(fi.ModTime()) > 24*time.Hour
	}
	pid, err := strconv.Atoi(strings.TrimSpace(string(b)))
	if err != nil || pid <= 0 {
		return true
	}
	return !alive(pid)
}

// alive reports whether a process exists (signal 0 checks, sends nothing).
func alive(pid int) bool {
	err := syscall.Kill(pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}

// stop stops the server if it was started and removes its files.
func (s *server) stop() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.dir == "" {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	var errs []error
	if _, err := os.Stat(filepath.Join(s.data, "postmaster.pid")); err == nil {
		if err := run(ctx, s.asOwner, s.pgCtl, "-D", s.data, "-m", "immediate", "-w", "stop"); err != nil {
			errs = append(errs, err)
		}
	}
	if err := os.RemoveAll(s.dir); err != nil {
		errs = append(errs, err)
	}
	s.dir = ""
	return errors.Join(errs...)
}

// findPGTools looks on PATH, then in Debian's versioned directories.
func findPGTools() (initdb, pgCtl string, err error) {
	initdb, err1 := exec.LookPath("initdb")
	pgCtl, err2 := exec.LookPath("pg_ctl")
	if err1 == nil && err2 == nil {
		return initdb, pgCtl, nil
	}
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	sort.Sort(sort.Reverse(sort.StringSlice(dirs)))
	for _, d := range dirs {
		i, p := filepath.Join(d, "initdb"), filepath.Join(d, "pg_ctl")
		if isFile(i) && isFile(p) {
			return i, p, nil
		}
	}
	return "", "", errors.New("initdb and pg_ctl not found")
}

func isFile(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && fi.Mode().IsRegular()
}

// runAsPrefix returns the command prefix that runs a program as the
// postgres user when the tests run as root, and that user.
func runAsPrefix() ([]string, *user.User, error) {
	if os.Geteuid() != 0 {
		return nil, nil, nil
	}
	owner, err := user.Lookup("postgres")
	if err != nil {
		return nil, nil, fmt.Errorf("running as root (initdb refuses) and no postgres user: %w", err)
	}
	if p, err := exec.LookPath("runuser"); err == nil {
		return []string{p, "-u", "postgres", "--"}, owner, nil
	}
	if p, err := exec.LookPath("su"); err == nil {
		return []string{p, "postgres", "-s", "/bin/sh", "-c"}, owner, nil
	}
	return nil, nil, errors.New("running as root (initdb refuses) and neither runuser nor su found")
}

// run runs a program, through prefix when set; su takes one shell string.
func run(ctx context.Context, prefix []string, name string, args ...string) error {
	argv := append([]string{name}, args...)
	if len(prefix) > 0 {
		if prefix[len(prefix)-1] == "-c" {
			quoted := make([]string, len(argv))
			for i, a := range argv {
				quoted[i] = "'" + strings.ReplaceAll(a, "'", `'\''`) + "'"
			}
			argv = []string{strings.Join(quoted, " ")}
		}
		argv = append(append([]string{}, prefix...), argv...)
	}
	cmd := exec.CommandContext(ctx, argv[0], argv[1:]...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		return fmt.Errorf("%s: %w\n%s", filepath.Base(name), err, out)
	}
	return nil
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

func ping(ctx context.Context, dsn string) error {
	db, err := sql.Open("postgres", dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	for {
		err := db.PingContext(ctx)
		if err == nil {
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("ping throwaway server: %w", err)
		case <-time.After(100 * time.Millisecond):
		}
	}
}
