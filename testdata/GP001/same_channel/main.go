package main

import (
	"os"
	"os/signal"
	"syscall"
)

// Adding signals to one channel, in one function, is one handler.
func main() {
	c := make(chan os.Signal, 1)
	signal.Notify(c, syscall.SIGTERM) // ok: same channel, same function
	signal.Notify(c, syscall.SIGINT) // ok: same handler
	signal.Notify(c, os.Interrupt) // ok: same handler
	<-c
}
