package main

import (
	"log"

	"example.com/lib/crash"
)

type Pool struct{ n int }

func main() { (&Pool{}).Start() }

func (p *Pool) Start() {
	go p.work()    // want "GP004"
	go poll()      // ok: poll only logs: it cannot matter
	go p.guarded() // ok: recovers in a sibling file
	go func() {    // want "GP004 .*if example.com/lib/crash.Handle recovers, list it in recover-helpers"
		defer crash.Handle()
		log.Print("a recover in another package is not seen")
		p.n--
	}()
}
