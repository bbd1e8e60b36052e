package main

import (
	"os"
	"os/signal"
	"syscall"
)

// Different signals, different handlers: nothing races.
func main() {
	term := make(chan os.Signal, 1)
	signal.Notify(term, syscall.SIGTERM)
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	usr := make(chan os.Signal, 1)
	signal.Notify(usr, syscall.SIGUSR1, syscall.SIGUSR2)
	signal.Ignore(syscall.SIGTERM)
	signal.Reset(syscall.SIGTERM)
	<-term
}
