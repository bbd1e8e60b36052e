package split

import "time"

// This file never says the word of the rule: its mistakes are calls of
// the recovering helpers declared in panics.go.

func runJob(name string, fn func()) {
	start := time.Now()
	defer func() {
		logPanic(name) // want "GP008 logPanic calls recover"
		metricsObserve(name, time.Since(start))
	}()
	fn()
}

func (p *pool) serve(tasks <-chan func()) {
	for task := range tasks {
		func() {
			defer func() {
				p.contain() // want "GP008 p.contain calls recover"
			}()
			task()
		}()
	}
}

func runGuarded(name string, fn func()) {
	defer logPanic(name) // ok: deferred directly, its recover stops the panic
	fn()
}

func flush(name string) {
	defer func() {
		metricsObserve(name, 0) // ok: metricsObserve does not recover
	}()
}

func metricsObserve(name string, d time.Duration) {}
