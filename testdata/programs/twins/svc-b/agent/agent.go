// Package agent registers its own SIGTERM handler, like the one in the incident.
package agent

import (
	"os"
	"os/signal"
	"syscall"
)

func Start() chan os.Signal {
	c := make(chan os.Signal, 1)
	signal.Notify(c, syscall.SIGTERM) // want "GP001 signal.Notify for SIGTERM overlaps another handler in program example.com/svc/cmd/svc \\(svc-./cmd/svc/main.go:16\\)"
	return c
}
