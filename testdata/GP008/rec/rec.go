package rec

import "log"

type Worker struct{}

func (w *Worker) handlePanic() {
	if r := recover(); r != nil { // ok: called directly by the deferred call below
		log.Print(r)
	}
}

func logPanic(where string) {
	if r := recover(); r != nil { // ok: the helper itself is fine
		log.Print(where, r)
	}
}

func report(r any) { log.Print(r) }

func (w *Worker) Run() {
	defer recover() // want "GP008 defer recover\\(\\) never stops a panic"
	defer func() {
		func() {
			recover() // want "GP008 recover\\(\\) in a function literal nested in the deferred function"
		}()
	}()
	defer func() {
		helper := func() { _ = recover() } // want "GP008 recover\\(\\) in a function literal nested"
		helper()
	}()
	defer func() {
		w.handlePanic() // want "GP008 w.handlePanic calls recover\\(\\), but called from the deferred function"
		logPanic("run") // want "GP008 logPanic calls recover"
	}()
	defer w.handlePanic()   // ok: deferred directly
	defer logPanic("run")   // ok: deferred directly
	defer func() {
		if r := recover(); r != nil { // ok: direct
			report(r) // ok: report does not call recover
		}
	}()
	defer func() {
		report(recover()) // ok: recover called directly by the deferred function
	}()
	go func() {
		defer func() {
			defer func() {
				recover() // ok: this literal is itself deferred
			}()
		}()
	}()
	func() {
		recover() // ok: not deferred at all, and not nested in a deferred literal (returns nil, but that is not this rule)
	}()
	defer func() {
		go func() {
			defer func() { recover() }() // ok: deferred directly in its own goroutine
		}()
	}()
}
