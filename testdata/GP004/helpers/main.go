// A service with its own goroutine helpers: safeGo recovers around the
// function it starts, goAsync does not. Every call of goAsync starts a
// goroutine that can crash the process.
package main

import (
	"log"
	"time"
)

type job struct {
	items []string
}

func goAsync(f func()) {
	go f()
}

func safeGo(f func()) {
	go func() {
		defer func() {
			if r := recover(); r != nil {
				log.Printf("recovered: %v", r)
			}
		}()
		f()
	}()
}

func runLater(d time.Duration, f func()) {
	go func() {
		time.Sleep(d)
		f()
	}()
}

func (j *job) first() string { return j.items[0] }

func main() {
	j := &job{}
	goAsync(func() { // want "GP004 goroutine has no deferred recover"
		log.Println(j.first())
	})
	safeGo(func() { // ok: safeGo recovers around the function it starts
		log.Println(j.first())
	})
	runLater(time.Second, func() { // want "GP004 goroutine has no deferred recover"
		_ = j.items[1]
	})
	goAsync(func() { // ok: only moves a signal
		close(make(chan struct{}))
	})
	time.Sleep(time.Minute)
}
