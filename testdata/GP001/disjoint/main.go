package main

import (
	"os"
	"os/signal"
	"syscall"
)

// Different signals, different handlers: nothing races.
func main() {
	term := make(chan os.Signal, 1)
	signal.Notify(term, syscall.SIGTERM) // ok: no other SIGTERM handler
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP) // ok: disjoint
	usr := make(chan os.Signal, 1)
	signal.Notify(usr, syscall.SIGUSR1, syscall.SIGUSR2) // ok: disjoint
	signal.Ignore(syscall.SIGTERM) // ok: Ignore is not a handler
	signal.Reset(syscall.SIGTERM) // ok: Reset is not a handler
	<-term
}
