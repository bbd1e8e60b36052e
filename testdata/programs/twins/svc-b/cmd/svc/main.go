// Two copies of this service (svc-a, svc-b) declare the same module path:
// each is its own program, and each copy's handlers overlap.
package main

import (
	"os"
	"os/signal"
	"syscall"

	"example.com/svc/agent"
)

func main() {
	agent.Start()
	c := make(chan os.Signal, 1)
	signal.Notify(c, syscall.SIGTERM) // want "GP001 signal.Notify for SIGTERM overlaps another handler in program example.com/svc/cmd/svc \\(svc-./agent/agent.go:12\\)"
	<-c
}
