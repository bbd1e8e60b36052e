// Command nilworker crashes with a nil dereference in a worker goroutine.
package main

import "example.com/crashsvc/internal/worker"

func main() {
	p := worker.NewPool()
	p.Start()
	p.Submit(&worker.Job{Name: "first"})
	p.Submit(nil)
	p.Wait()
}
