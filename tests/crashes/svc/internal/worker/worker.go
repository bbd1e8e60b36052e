// Package worker runs jobs on a goroutine of its own.
package worker

import "fmt"

type Job struct{ Name string }

type Pool struct {
	jobs chan *Job
	done chan struct{}
}

func NewPool() *Pool { return &Pool{jobs: make(chan *Job), done: make(chan struct{})} }

// Start runs the pool's loop: a panic in it ends the whole process.
func (p *Pool) Start() {
	go p.loop()
}

func (p *Pool) Submit(j *Job) { p.jobs <- j }

func (p *Pool) Wait() { <-p.done }

func (p *Pool) loop() {
	defer close(p.done)
	for j := range p.jobs {
		handle(j)
	}
}

func handle(j *Job) {
	fmt.Println("handling", j.Name)
}
