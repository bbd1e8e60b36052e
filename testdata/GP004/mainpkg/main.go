// package main is not exempt: a panic in a goroutine ends the program.
// Every root counts here, except bodies that only move data and signals.
package main

import (
	"context"
	"log"
	"net"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"golang.org/x/sync/errgroup"
)

type config struct {
	Backends []string
	Limits   map[string]int
}

type event interface{}

type reload struct{ path string }

var hits int64

func main() {
	ctx, cancel := context.WithCancel(context.Background())
	cfg := &config{}
	events := make(chan event)
	errc := make(chan error, 4)
	done := make(chan struct{})
	var wg sync.WaitGroup

	go tick(cfg) // want "GP004 goroutine has no deferred recover"
	go idle()    // ok: an empty body cannot panic

	go func() { // want "GP004"
		primary := cfg.Backends[0] // an index out of range panics
		log.Printf("primary backend %s", primary)
	}()
	go func() { // want "GP004"
		for ev := range events {
			r := ev.(reload) // a failed type assertion panics
			log.Printf("reload %s", r.path)
		}
	}()

	l, err := net.Listen("tcp", ":8080")
	if err != nil {
		log.Fatal(err)
	}
	srv := &http.Server{Handler: http.NotFoundHandler()}
	go func() { errc <- srv.Serve(l) }() // ok: one call into net/http, its result sent on
	go func() {                          // ok: waits for the context and cancels: plumbing
		<-ctx.Done()
		cancel()
	}()
	go func() { // ok: waits for the group and closes a channel: plumbing
		wg.Wait()
		close(done)
	}()
	cmd := exec.Command("sidecar")
	go func() { errc <- cmd.Wait() }() // ok: one call into os/exec on a value it returned
	go func() {                        // ok: a signal relay: receive, log, cancel
		sigs := make(chan os.Signal, 1)
		signal.Notify(sigs, syscall.SIGTERM)
		defer signal.Stop(sigs)
		select {
		case s := <-sigs:
			log.Printf("got %v, shutting down", s)
			cancel()
		case <-ctx.Done():
		}
	}()
	go func() { // ok: a ticker loop that counts with atomics and logs
		t := time.NewTicker(time.Second)
		defer t.Stop()
		for {
			select {
			case <-t.C:
				atomic.AddInt64(&hits, 1)
			case <-ctx.Done():
				return
			}
		}
	}()
	go func() { // want "GP004"
		if err := srv.ListenAndServe(); err != nil {
			errc <- err
		}
		os.Remove("/run/app.pid") // a second call into another package: it matters
	}()
	go func() { // want "GP004"
		if err := srv.ListenAndServe(); err != http.ErrServerClosed {
			log.Fatalf("serve: %v", err) // Fatal is no print call
		}
	}()

	wg.Add(1)
	go func() { // ok: a wg.Done wrapper around a function that only moves data
		defer wg.Done()
		relay(events, done)
	}()
	wg.Add(1)
	go func() { // want "GP004"
		defer wg.Done()
		tick(cfg) // followed one level: tick indexes a map
	}()

	g, gctx := errgroup.WithContext(ctx)
	g.Go(func() error { // want "GP004 goroutine has no deferred recover"
		limit := cfg.Limits["default"]
		return apply(gctx, limit)
	})
	g.Go(func() error { // ok: waits for the context and returns its error
		<-gctx.Done()
		return gctx.Err()
	})
	g.Go(func() error { // ok: recovers
		defer func() {
			if r := recover(); r != nil {
				log.Printf("apply panicked: %v", r)
			}
		}()
		return apply(gctx, cfg.Limits["x"])
	})
	g.Go(cfg.refresh) // want "GP004"
	job := func() error { return nil }
	g.Go(job) // ok: a function value: its body is not known
	var wg2 sync.WaitGroup
	wg2.Go(cfg.warm)                        // want "GP004"
	time.AfterFunc(time.Minute, cfg.expire) // want "GP004"
	time.AfterFunc(time.Minute, cancel)     // ok: a function value (cancel), not known

	fn := func() {}
	go fn()                              // ok: a function value: its body is not known
	go http.ListenAndServe(":6060", nil) // ok: another package's function: not known
	_ = g.Wait()
}

func tick(cfg *config) {
	cfg.Limits["ticks"]++
}

func idle() {}

func relay(events chan event, done chan struct{}) {
	for {
		select {
		case ev, ok := <-events:
			if !ok {
				return
			}
			log.Printf("event %v", ev)
		case <-done:
			return
		}
	}
}

func apply(ctx context.Context, limit int) error { return nil }

func (c *config) refresh() error {
	c.Backends = c.Backends[1:]
	return nil
}

func (c *config) warm() {
	_ = c.Limits["warm"] / len(c.Backends)
}

func (c *config) expire() {
	delete(c.Limits, "expired")
}

// safeWork recovers its own panics: a goroutine that only waits on it and
// signals the group cannot take the process down.
func safeWork(cfg *config) {
	defer func() {
		if r := recover(); r != nil {
			log.Printf("work panicked: %v", r)
		}
	}()
	cfg.Limits["work"]++
}

func maybeSafeWork(cfg *config, careful bool) {
	if careful {
		defer func() { _ = recover() }()
	}
	cfg.Limits["work"]++
}

func workers(cfg *config) {
	var wg sync.WaitGroup
	wg.Add(2)
	go func() { // ok: the function it calls recovers its own panics
		defer wg.Done()
		safeWork(cfg)
	}()
	go func() { // want "GP004"
		defer wg.Done()
		maybeSafeWork(cfg, false) // its recover is deferred only on one path
	}()
	wg.Wait()
}

// tcpKeepAlive embeds the listener: AcceptTCP is net's, promoted.
type tcpKeepAlive struct{ *net.TCPListener }

// framed embeds a connection interface: Read is whatever the value holds.
type framed struct{ net.Conn }

func (l tcpKeepAlive) accept() (net.Conn, error) {
	connc, errc := make(chan *net.TCPConn, 1), make(chan error, 1)
	go func() { // ok: one call into net (promoted from the embedded *net.TCPListener), results sent on
		tc, err := l.AcceptTCP()
		if err != nil {
			errc <- err
			return
		}
		connc <- tc
	}()
	select {
	case err := <-errc:
		return nil, err
	case tc := <-connc:
		return tc, nil
	}
}

func (f framed) probe(errc chan<- error) {
	go func() { // want "GP004"
		_, err := f.Read(nil) // promoted from an embedded net.Conn, an interface: whatever the value holds
		errc <- err
	}()
}
