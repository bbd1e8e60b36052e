package main

import (
	"os"
	"os/signal"
	"syscall"
)

var shutdownSignals = []os.Signal{syscall.SIGTERM}

func main() {
	a := make(chan os.Signal, 1)
	signal.Notify(a, shutdownSignals...) // want "GP001 signal.Notify for unknown signals overlaps"
	b := make(chan os.Signal, 1)
	signal.Notify(b, os.Kill, syscall.SIGQUIT) // want "GP001 signal.Notify for SIGKILL, SIGQUIT overlaps"
	<-a
	<-b
}
