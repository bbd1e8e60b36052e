// Package diag is a diagnostics agent that takes SIGTERM for itself.
package diag

import (
	"os"
	"os/signal"
	"syscall"
)

// Start is called by main directly: its handler is active with any command's.
func Start() {
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, syscall.SIGTERM) // want "GP001 .*overlaps another handler in program example.com/tool/cmd/tool \\(cli_framework/command/agent/agent.go:\\d+\\)"
	go func() {
		<-ch
		os.Exit(0)
	}()
}
