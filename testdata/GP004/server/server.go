// A program: every goroutine root counts that does more than move data.
package main

import (
	"fmt"
	"log"
	"net/http"
	"sync"
)

type Server struct {
	wg    sync.WaitGroup
	srv   *http.Server
	cache map[string]string
}

func main() { (&Server{}).Start() }

func (s *Server) Start() {
	go s.refreshLoop() // want "GP004 goroutine has no deferred recover"
	go s.safeLoop()    // ok: recovers via helper
	go worker()        // want "GP004"
	go safeWorker()    // ok: sibling-file helper
	go func() {        // ok: a single call into another package (fmt) cannot matter
		fmt.Println("no recover")
	}()
	go func() { // want "GP004"
		fmt.Println("no recover")
		s.cache["k"] = "v"
	}()
	go func() {
		defer func() {
			if r := recover(); r != nil {
				log.Printf("recovered: %v", r)
			}
		}()
	}()
	go func() {
		defer s.recoverPanic() // ok: helper method
		fmt.Println("helper method recovers")
	}()
	go func() {
		defer handlePanic() // ok: helper function
		fmt.Println("helper function in a sibling file recovers")
	}()
	go func() { // want "GP004"
		defer recover() // never stops a panic
	}()
	go func() { // want "GP004"
		defer func() {
			func() { recover() }() // nested: returns nil
		}()
	}()
	go func() { // want "GP004"
		fmt.Println("the recover is not deferred")
		if r := recover(); r != nil {
			log.Print(r)
		}
	}()
	go func() { // want "GP004"
		if true {
			defer func() { recover() }() // not a top-level statement of the body
		}
	}()
	go func() { // want "GP004"
		defer s.wg.Done()
		defer fmt.Println("deferred, but no recover")
		s.refreshLoop()
	}()
	go s.srv.ListenAndServe()         // ok: another package; another package: body unknown
	go http.ListenAndServe(":0", nil) // ok: another package
	fn := func() {}
	go fn() // ok: a function value; a function value
	go func() {
		defer func() {
			switch r := recover(); r { // ok: recover in a switch
			case nil:
			default:
				log.Print(r)
			}
		}()
	}()
}

func (s *Server) refreshLoop() {
	for k := range s.cache {
		s.cache[k] = ""
	}
}

func (s *Server) safeLoop() {
	defer s.recoverPanic()
	fmt.Println("loop")
}

func (s *Server) recoverPanic() {
	if r := recover(); r != nil {
		log.Printf("panic: %v", r)
	}
}

func worker() {
	var m map[string]int
	m["boom"]++
}
