// Command relay forwards jobs until it is told to stop. Its signal helper
// is declared once per GOOS; each declaration runs the caller's function
// on a goroutine of its own, so the finding belongs at the call that passes
// the function, whichever file the build picks.
package main

import (
	"context"
	"log"
	"os"
	"os/signal"
)

type relay struct {
	pending []string
	send    func(string) error
}

// Drain sends what is still queued.
func (r *relay) Drain() {
	for len(r.pending) > 0 {
		if err := r.send(r.pending[0]); err != nil {
			log.Printf("drop %s: %v", r.pending[0], err)
		}
		r.pending = r.pending[1:]
	}
}

func main() {
	ctx, cancel := context.WithCancel(context.Background())
	r := &relay{send: func(string) error { return nil }}
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt)
	handleSignals(ctx, sigs, func() { // want "GP004 goroutine has no deferred recover"
		r.Drain()
		cancel()
	})
	done := handleSignals(ctx, sigs, cancel) // ok: a function value: what it runs is not known
	<-done
	log.Print("stopped")
}
