// GP004 and GP008 agree on what a deferred recover is. A program (package
// main): GP004 reports every root there, not only those that run the
// caller's code as in a library.
package main

import "log"

func helper() {
	if r := recover(); r != nil {
		log.Print(r)
	}
}

func main() { Start() }

func Start() {
	go func() { // want "GP004 goroutine has no deferred recover"
		defer recover() // want "GP008 defer recover\\(\\) never stops a panic"
	}()
	go func() { // ok: defer helper() satisfies GP004, and GP008 has nothing to say
		defer helper()
	}()
	go func() { // want "GP004"
		defer func() {
			helper() // want "GP008 helper calls recover\\(\\)"
		}()
	}()
	go func() { // want "GP004"
		defer func() {
			func() { recover() }() // want "GP008 recover\\(\\) in a function literal nested"
		}()
	}()
	go func() { // ok: a direct recover in the deferred literal
		defer func() {
			if r := recover(); r != nil {
				log.Print(r)
			}
		}()
	}()
}
