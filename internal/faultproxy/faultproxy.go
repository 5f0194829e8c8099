// Package faultproxy is a small TCP proxy on loopback for fault tests and
// the load command: it forwards connections to a target (PostgreSQL) and
// can drop them or stall them, the two ways a database goes away.
//
//   - Drop closes every open connection and refuses new ones (closes them
//     at once): what a restarting server or a refused port looks like.
//   - Stall keeps every connection open but forwards nothing, in either
//     direction, and holds new connections without forwarding: a silent
//     network stall, where packets vanish and nothing is refused.
//
// Restore returns to forwarding; bytes held during a stall are delivered.
package faultproxy

import (
	"fmt"
	"net"
	"sync"
)

// Mode is what the proxy does with traffic.
type Mode int

// The proxy's modes.
const (
	Forward Mode = iota
	Stall
	Drop
)

func (m Mode) String() string {
	switch m {
	case Forward:
		return "forward"
	case Stall:
		return "stall"
	case Drop:
		return "drop"
	}
	return fmt.Sprintf("Mode(%d)", int(m))
}

// Proxy forwards TCP connections from a loopback port to a target.
type Proxy struct {
	target string
	l      net.Listener

	mu    sync.Mutex
	mode  Mode
	gate  chan struct{} // closed while forwarding; replaced on Stall
	conns map[net.Conn]struct{}
	wg    sync.WaitGroup
	done  chan struct{}
}

// Listen starts a proxy on 127.0.0.1 (a free port) to target.
func Listen(target string) (*Proxy, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("faultproxy: listen: %w", err)
	}
	gate := make(chan struct{})
	close(gate)
	p := &Proxy{target: target, l: l, gate: gate, conns: map[net.Conn]struct{}{}, done: make(chan struct{})}
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
	switch m {
	case Forward:
		close(p.gate)
	case Stall, Drop:
		if p.mode == Forward {
			p.gate = make(chan struct{})
		}
	}
	if m == Drop {
		for c := range p.conns {
			_ = c.Close()
		}
	}
	p.mode = m
}

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

// waitGate blocks while the proxy stalls; false means stop.
func (p *Proxy) waitGate() bool {
	for {
		p.mu.Lock()
		gate, mode := p.gate, p.mode
		p.mu.Unlock()
		if mode == Drop {
			return false
		}
		select {
		case <-gate:
			return true
		case <-p.done:
			return false
		}
	}
}

func (p *Proxy) serve(client net.Conn) {
	defer p.wg.Done()
	defer p.forget(client)
	if !p.waitGate() {
		return
	}
	server, err := net.Dial("tcp", p.target)
	if err != nil {
		return
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
	go func() { defer wg.Done(); p.pipe(server, client) }()
	go func() { defer wg.Done(); p.pipe(client, server) }()
	wg.Wait()
}

func (p *Proxy) forget(c net.Conn) {
	_ = c.Close()
	p.mu.Lock()
	delete(p.conns, c)
	p.mu.Unlock()
}

// pipe copies src to dst, holding each chunk while the proxy stalls.
func (p *Proxy) pipe(dst, src net.Conn) {
	defer dst.Close()
	defer src.Close()
	buf := make([]byte, 32<<10)
	for {
		n, err := src.Read(buf)
		if n > 0 {
			if !p.waitGate() {
				return
			}
			if _, werr := dst.Write(buf[:n]); werr != nil {
				return
			}
		}
		if err != nil {
			return // EOF or a closed connection: close the other side too
		}
	}
}
