// Package pool runs jobs on workers started in every way Go allows to name
// a function: generic instantiations, method expressions, methods through
// &v, and methods of elements of slices, arrays and maps. An importable
// library: its goroutines matter because they run the caller's handler.
package pool

import "log"

type Job struct{ ID int }

type Worker struct {
	jobs   chan Job
	handle func(Job) // supplied by the caller
}

// run calls the caller's handler: started without a recover, a panic in
// the handler kills the caller's process.
func (w *Worker) run() {
	for j := range w.jobs {
		w.handle(j)
	}
}

// safeRun recovers: every way of starting it is fine.
func (w *Worker) safeRun() {
	defer func() {
		if r := recover(); r != nil {
			log.Printf("worker: %v", r)
		}
	}()
	w.run()
}

type Pool struct {
	workers []*Worker
	spares  [2]Worker
	byName  map[string]*Worker
	lead    Worker
}

func drain[T any](ch chan T, fn func(T)) {
	for v := range ch {
		fn(v)
	}
}

func safeDrain[T any](ch chan T, fn func(T)) {
	defer func() { recover() }()
	for v := range ch {
		fn(v)
	}
}

func (p *Pool) Start(jobs chan Job, fn func(Job)) {
	go drain[Job](jobs, fn)     // want "GP004 goroutine has no deferred recover and runs the caller's work"
	go safeDrain[Job](jobs, fn) // ok: the instantiated function recovers

	go (&p.lead).run()     // want "GP004 goroutine has no deferred recover"
	go (&p.lead).safeRun() // ok: recovers

	go (*Worker).run(p.workers[0])     // want "GP004 goroutine has no deferred recover"
	go (*Worker).safeRun(p.workers[0]) // ok: recovers

	go p.workers[1].run()      // want "GP004 goroutine has no deferred recover"
	go p.workers[1].safeRun()  // ok: recovers
	go p.spares[0].run()       // want "GP004 goroutine has no deferred recover"
	go p.byName["a"].run()     // want "GP004 goroutine has no deferred recover"
	go p.byName["a"].safeRun() // ok: recovers

	handlers := []func(){func() {}}
	go handlers[0]() // ok: a function value from a slice: its body is not known
}
