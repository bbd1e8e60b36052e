// Command nilworker crashes with a nil dereference in a worker goroutine.
package main

import "example.com/crashsvc/internal/worker"

func main() {
	p := worker.NewPool()
	p.Start()
	p.Submit(&worker.Job{Name: "first"})
	p.Submit(nil)
	p.Wait()
	// serve on (a service does not end here): the worker that panicked
	// closed done in its deferred call, which let Wait return, and it
	// still has to print its panic and end the process
	select {}
}
