// Package worker is an application package: under internal/, imported only
// by the program's main. Its goroutines are the program's own: every root
// that does more than move data counts, caller code or not.
package worker

import (
	"context"
	"log"
	"time"
)

type Worker struct {
	queue   chan string
	seen    map[string]int
	batches [][]string
}

func New() *Worker {
	return &Worker{queue: make(chan string, 16), seen: map[string]int{}}
}

func (w *Worker) Start(ctx context.Context) {
	go w.consume() // want "GP004 goroutine has no deferred recover: a panic in it crashes the whole process"
	go func() {    // want "GP004"
		first := w.batches[0][0]
		log.Printf("first batch starts with %s", first)
	}()
	go func() { // ok: a timeout relay: plumbing, even in an application package
		select {
		case <-time.After(time.Minute):
			log.Print("worker: timed out")
		case <-ctx.Done():
		}
	}()
}

func (w *Worker) consume() {
	for name := range w.queue {
		w.seen[name]++
	}
}
