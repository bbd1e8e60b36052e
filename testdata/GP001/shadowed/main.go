package main

import (
	"os"
	"os/signal"
	"syscall"
)

type notifier struct{}

func (notifier) Notify(c chan os.Signal, sigs ...os.Signal) {}

func main() {
	c := make(chan os.Signal, 1)
	signal.Notify(c, syscall.SIGTERM) // ok: the others are not os/signal
	other()
	<-c
}

func other() {
	signal := notifier{} // ok: shadows the import; shadows the import: not a registration
	d := make(chan os.Signal, 1)
	signal.Notify(d, syscall.SIGTERM)
}

func param(signal notifier) { // ok: a parameter shadows too
	d := make(chan os.Signal, 1)
	signal.Notify(d, syscall.SIGTERM)
}
