package main

import "log"

func (p *Pool) work() { p.n++ }

func poll() { log.Print("poll") }

func (p *Pool) guarded() {
	defer func() {
		if r := recover(); r != nil {
			log.Print(r)
		}
	}()
	p.n--
}

type Sched struct{ jobs chan func() }

func (s *Sched) Run() {
	for i := 0; i < 4; i++ {
		go s.loop() // ok: loop recovers
	}
	go func(id int) { // ok: recovers through a deferred method
		defer s.catch(id)
		s.jobs <- nil
	}(1)
	go func() { // ok: recover in a named return style handler
		defer func() {
			if err := recover(); err != nil {
				log.Printf("job: %v", err)
			}
		}()
		for job := range s.jobs {
			job()
		}
	}()
}

func (s *Sched) loop() {
	defer s.catch(0)
	for job := range s.jobs {
		job()
	}
}

func (s *Sched) catch(id int) {
	if r := recover(); r != nil {
		log.Printf("worker %d: %v", id, r)
	}
}
