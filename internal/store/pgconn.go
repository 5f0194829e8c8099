package store

import (
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"strconv"
	"sync"
	"time"

	"github.com/lib/pq"
)

// Timeouts bound how long PostgreSQL can keep a caller waiting. Without
// them a silent network stall (packets dropped, nothing refused) blocks a
// query for as long as the kernel keeps retransmitting: the health check,
// event claims and shutdown all hung behind one.
type Timeouts struct {
	// Connect bounds dialling and the start-up handshake (lib/pq's
	// connect_timeout). Default 5 s.
	Connect time.Duration
	// Statement is PostgreSQL's statement_timeout: the server cancels a
	// statement that runs longer. Default 15 s; a DSN that sets
	// statement_timeout itself (e.g. 0 for a long migration) wins.
	Statement time.Duration
	// IO is the longest one read or write on a connection may block
	// before the connection is given up as dead; it covers callers whose
	// context has no deadline. It must exceed Statement, so a slow query
	// fails with PostgreSQL's own error first. Default Statement + 10 s.
	IO time.Duration
}

// DefaultTimeouts are what Open uses.
var DefaultTimeouts = Timeouts{Connect: 5 * time.Second, Statement: 15 * time.Second}

func (t Timeouts) withDefaults() Timeouts {
	if t.Connect <= 0 {
		t.Connect = DefaultTimeouts.Connect
	}
	if t.Statement <= 0 {
		t.Statement = DefaultTimeouts.Statement
	}
	if t.IO <= 0 {
		t.IO = t.Statement + 10*time.Second
	}
	return t
}

// pgDSN adds connect_timeout and statement_timeout to dsn unless it sets
// them already (or the environment sets PGCONNECT_TIMEOUT).
func pgDSN(dsn string, t Timeouts) (string, error) {
	u, err := url.Parse(dsn)
	if err != nil {
		return "", fmt.Errorf("parse postgres dsn %s: %w", redact(dsn), err)
	}
	q := u.Query()
	if !q.Has("connect_timeout") && os.Getenv("PGCONNECT_TIMEOUT") == "" {
		q.Set("connect_timeout", strconv.Itoa(max(1, int(t.Connect.Round(time.Second)/time.Second))))
	}
	if !q.Has("statement_timeout") {
		// lib/pq passes parameters it does not know to the server as
		// run-time settings.
		q.Set("statement_timeout", strconv.FormatInt(t.Statement.Milliseconds(), 10))
	}
	u.RawQuery = q.Encode()
	return u.String(), nil
}

// pgConnector opens lib/pq connections whose network reads and writes
// honour the query's context even when the network is silent.
//
// lib/pq reacts to a cancelled context by dialling a second connection to
// send PostgreSQL a cancel request, and then waits for the server to
// answer on the first. When the network is stalled that answer never
// comes, and the caller waits with it. So each connection gets a dialer of
// its own: the first dial is the connection; any later dial on it is
// lib/pq's cancel request, which is the signal to expire the connection's
// deadline, so the blocked read returns at once and lib/pq discards the
// connection (it already marks a cancelled connection bad). A per-call
// I/O deadline covers callers without a context deadline.
type pgConnector struct {
	dsn     string
	io      time.Duration
	onError func(kind string)
}

func (c *pgConnector) Connect(ctx context.Context) (driver.Conn, error) {
	pc, err := pq.NewConnector(c.dsn)
	if err != nil {
		return nil, err
	}
	d := &connDialer{io: c.io, onError: c.onError}
	pc.Dialer(d)
	// lib/pq does not watch ctx during the start-up handshake, only
	// connect_timeout; a connection still shaking hands when ctx ends is
	// abandoned.
	stop := context.AfterFunc(ctx, d.expire)
	conn, err := pc.Connect(ctx)
	stop()
	d.connected()
	if err != nil {
		c.count("connect")
		return nil, err
	}
	return conn, nil
}

func (c *pgConnector) Driver() driver.Driver { return &pq.Driver{} }

func (c *pgConnector) count(kind string) {
	if c.onError != nil {
		c.onError(kind)
	}
}

// connDialer dials one connection (and later, lib/pq's cancel requests
// for it).
type connDialer struct {
	io      time.Duration
	onError func(kind string)

	mu   sync.Mutex
	main *deadlineConn
	done bool // Connect has returned: further dials are cancel requests
}

func (d *connDialer) expire() {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.main != nil {
		d.main.expire()
	}
}

func (d *connDialer) connected() {
	d.mu.Lock()
	d.done = true
	d.mu.Unlock()
}

func (d *connDialer) DialContext(ctx context.Context, network, address string) (net.Conn, error) {
	d.mu.Lock()
	if d.done && d.main != nil {
		// A cancel request: the query's context has ended.
		d.main.expire()
	}
	cancel := d.done
	d.mu.Unlock()
	c, err := (&net.Dialer{KeepAlive: 15 * time.Second}).DialContext(ctx, network, address)
	if err != nil {
		return nil, err
	}
	if cancel {
		return c, nil
	}
	dc := &deadlineConn{Conn: c, io: d.io, onError: d.onError}
	d.mu.Lock()
	d.main = dc
	d.mu.Unlock()
	return dc, nil
}

func (d *connDialer) Dial(network, address string) (net.Conn, error) {
	return d.DialContext(context.Background(), network, address)
}

func (d *connDialer) DialTimeout(network, address string, timeout time.Duration) (net.Conn, error) {
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	return d.DialContext(ctx, network, address)
}

// deadlineConn gives every read and write a deadline, io from its start,
// and can be expired so that whatever blocks on it returns now.
type deadlineConn struct {
	net.Conn
	io      time.Duration
	onError func(kind string)

	mu      sync.Mutex
	expired bool
	fixed   time.Time // a deadline set by lib/pq (the connect timeout)
}

func (c *deadlineConn) expire() {
	c.mu.Lock()
	c.expired = true
	c.mu.Unlock()
	_ = c.Conn.SetDeadline(time.Unix(1, 0))
}

// arm sets the deadline for the next read or write.
func (c *deadlineConn) arm(set func(time.Time) error) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.expired {
		return errExpired
	}
	d := time.Now().Add(c.io)
	if !c.fixed.IsZero() && c.fixed.Before(d) {
		d = c.fixed
	}
	return set(d)
}

var errExpired = errors.New("postgres connection abandoned: its query was cancelled while the network was silent")

func (c *deadlineConn) Read(b []byte) (int, error) {
	if err := c.arm(c.Conn.SetReadDeadline); err != nil {
		return 0, err
	}
	n, err := c.Conn.Read(b)
	c.observe(err)
	return n, err
}

func (c *deadlineConn) Write(b []byte) (int, error) {
	if err := c.arm(c.Conn.SetWriteDeadline); err != nil {
		return 0, err
	}
	n, err := c.Conn.Write(b)
	c.observe(err)
	return n, err
}

// SetDeadline records lib/pq's own deadline (connect_timeout during the
// handshake; zero afterwards), which arm respects.
func (c *deadlineConn) SetDeadline(t time.Time) error {
	c.mu.Lock()
	c.fixed = t
	c.mu.Unlock()
	return c.Conn.SetDeadline(t)
}

func (c *deadlineConn) observe(err error) {
	if err == nil || c.onError == nil {
		return
	}
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		c.onError("timeout")
		return
	}
	c.onError("network")
}
