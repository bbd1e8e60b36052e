package main

import (
	"os"
	"os/signal"
	"syscall"
)

// Adding signals to one channel, in one function, is one handler.
func main() {
	c := make(chan os.Signal, 1)
	signal.Notify(c, syscall.SIGTERM)
	signal.Notify(c, syscall.SIGINT)
	signal.Notify(c, os.Interrupt)
	<-c
}
