// A program in a GOPATH tree (no go.mod anywhere above): it imports its
// agent by the path below src/, and both register SIGTERM.
package main

import (
	"os"
	"os/signal"
	"syscall"

	"example.com/app/agent"
)

func main() {
	agent.Start()
	c := make(chan os.Signal, 1)
	signal.Notify(c, syscall.SIGTERM) // want "GP001 signal.Notify for SIGTERM overlaps another handler in program example.com/app/cmd/app \\(.*agent/agent.go:13\\)"
	<-c
}
