package main

import (
	"os"
	"os/signal"
	"syscall"

	"example.com/two/y"
)

// Program b: y handles SIGHUP only, this main SIGINT: no overlap, and
// x's SIGTERM handler belongs to program a, not to this one.
func main() {
	y.Run()
	c := make(chan os.Signal, 1)
	signal.Notify(c, syscall.SIGINT) // ok: program b has no other SIGINT handler
	<-c
}
