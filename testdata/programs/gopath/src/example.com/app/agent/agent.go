// Package agent registers its own SIGTERM handler. There is no go.mod: the
// import path comes from the GOPATH layout (src/example.com/app/agent).
package agent

import (
	"os"
	"os/signal"
	"syscall"
)

func Start() chan os.Signal {
	c := make(chan os.Signal, 1)
	signal.Notify(c, syscall.SIGTERM) // want "GP001 signal.Notify for SIGTERM overlaps another handler in program example.com/app/cmd/app \\(.*cmd/app/main.go:16\\)"
	return c
}
