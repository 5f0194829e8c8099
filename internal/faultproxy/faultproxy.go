// Package faultproxy is a small TCP proxy on loopback for fault tests and
// the load command: it forwards connections to a target (PostgreSQL) and
// can drop them or stall them, the two ways a database goes away.
//
//   - Drop closes every open connection and refuses new ones (closes them
//     at once): what a restarting server or a refused port looks like.
//   - Stall keeps every connection open but forwards nothing, in either
//     direction, and holds new connections without forwarding: a silent
//     network stall, where packets vanish and nothing is refused.
//   - StallReplies forwards to the target but holds everything coming
//     back: the server does the work, the client never hears.
//
// Restore returns to forwarding; bytes held during a stall are delivered.
package faultproxy

import (
	"errors"
	"fmt"
	"net"
	"sync"
	"sync/atomic"
	"time"
)

// Mode is what the proxy does with traffic.
type Mode int

// The proxy's modes.
const (
	Forward Mode = iota
	Stall
	Drop
	StallReplies
)

func (m Mode) String() string {
	switch m {
	case Forward:
		return "forward"
	case Stall:
		return "stall"
	case Drop:
		return "drop"
	case StallReplies:
		return "stall-replies"
	}
	return fmt.Sprintf("Mode(%d)", int(m))
}

// Proxy forwards TCP connections from a loopback port to a target.
type Proxy struct {
	target string
	l      net.Listener

	mu      sync.Mutex
	mode    Mode
	changed chan struct{} // closed (and replaced) whenever mode changes
	conns   map[net.Conn]struct{}
	wg      sync.WaitGroup
	done    chan struct{}
	held    atomic.Int64 // chunks read but not yet written on
}

// Listen starts a proxy on 127.0.0.1 (a free port) to target.
func Listen(target string) (*Proxy, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("faultproxy: listen: %w", err)
	}
	p := &Proxy{target: target, l: l, changed: make(chan struct{}), conns: map[net.Conn]struct{}{}, done: make(chan struct{})}
	p.wg.Add(1)
	go p.accept()
	return p, nil
}

// Addr is the proxy's host:port.
func (p *Proxy) Addr() string { return p.l.Addr().String() }

// Mode reports the current mode.
func (p *Proxy) Mode() Mode {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.mode
}

// Set switches mode. Drop closes every open connection.
func (p *Proxy) Set(m Mode) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if m == p.mode {
		return
	}
	if m == Drop {
		for c := range p.conns {
			_ = c.Close()
		}
	}
	p.mode = m
	close(p.changed)
	p.changed = make(chan struct{})
}

// Held is how many chunks of data the proxy has read and not yet passed
// on: after a stall, zero means everything held back has been delivered
// (or dropped with its connection).
func (p *Proxy) Held() int64 { return p.held.Load() }

// Close stops the proxy and closes every connection.
func (p *Proxy) Close() error {
	err := p.l.Close()
	p.mu.Lock()
	close(p.done)
	for c := range p.conns {
		_ = c.Close()
	}
	p.mu.Unlock()
	p.wg.Wait()
	return err
}

func (p *Proxy) accept() {
	defer p.wg.Done()
	for {
		c, err := p.l.Accept()
		if err != nil {
			return
		}
		p.mu.Lock()
		if p.mode == Drop {
			p.mu.Unlock()
			_ = c.Close()
			continue
		}
		p.conns[c] = struct{}{}
		p.mu.Unlock()
		p.wg.Add(1)
		go p.serve(c)
	}
}

// waitGate blocks while traffic in this direction is held; false means
// stop (dropped, or the proxy closed).
func (p *Proxy) waitGate(toServer bool) bool {
	for {
		p.mu.Lock()
		mode, changed := p.mode, p.changed
		p.mu.Unlock()
		switch {
		case mode == Forward, mode == StallReplies && toServer:
			return true
		case mode == Drop:
			return false
		}
		select {
		case <-changed:
		case <-p.done:
			return false
		}
	}
}

func (p *Proxy) serve(client net.Conn) {
	defer p.wg.Done()
	defer p.forget(client)
	if !p.waitGate(false) {
		return
	}
	// A connection made during a stall that its client gave up on is not
	// passed on when the stall ends: in a real stall its handshake would
	// never have completed, so what it sent (a cancel request, say) never
	// arrives.
	early, alive := pending(client)
	if !alive {
		return
	}
	server, err := net.Dial("tcp", p.target)
	if err != nil {
		return
	}
	if len(early) > 0 {
		if _, err := server.Write(early); err != nil {
			server.Close()
			return
		}
	}
	p.mu.Lock()
	if p.mode == Drop {
		p.mu.Unlock()
		server.Close()
		return
	}
	p.conns[server] = struct{}{}
	p.mu.Unlock()
	defer p.forget(server)
	var wg sync.WaitGroup
	wg.Add(2)
	go func() { defer wg.Done(); p.pipe(server, client, true) }()
	go func() { defer wg.Done(); p.pipe(client, server, false) }()
	wg.Wait()
}

// pending reads what a client has already sent without waiting, and
// reports whether it is still connected.
func pending(c net.Conn) ([]byte, bool) {
	var out []byte
	buf := make([]byte, 4096)
	for {
		_ = c.SetReadDeadline(time.Now().Add(time.Millisecond))
		n, err := c.Read(buf)
		out = append(out, buf[:n]...)
		if err != nil {
			_ = c.SetReadDeadline(time.Time{})
			var ne net.Error
			return out, errors.As(err, &ne) && ne.Timeout()
		}
	}
}

func (p *Proxy) forget(c net.Conn) {
	_ = c.Close()
	p.mu.Lock()
	delete(p.conns, c)
	p.mu.Unlock()
}

// pipe copies src to dst, holding each chunk while traffic that way is
// held.
func (p *Proxy) pipe(dst, src net.Conn, toServer bool) {
	defer dst.Close()
	defer src.Close()
	buf := make([]byte, 32<<10)
	for {
		n, err := src.Read(buf)
		if n > 0 {
			p.held.Add(1)
			ok := p.waitGate(toServer)
			if ok {
				_, werr := dst.Write(buf[:n])
				ok = werr == nil
			}
			p.held.Add(-1)
			if !ok {
				return
			}
		}
		if err != nil {
			return // EOF or a closed connection: close the other side too
		}
	}
}
