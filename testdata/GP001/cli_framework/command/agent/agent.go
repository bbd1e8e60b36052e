// Package agent is the long-running sub-command.
package agent

import (
	"os"
	"os/signal"
	"syscall"
)

type Command struct{ done chan struct{} }

// Run is called by the CLI framework through its Command interface only.
func (c *Command) Run(args []string) int {
	return c.handleSignals()
}

func (c *Command) handleSignals() int {
	ch := make(chan os.Signal, 4)
	signal.Notify(ch, os.Interrupt, syscall.SIGTERM) // want "GP001 .*overlaps another handler in program example.com/tool/cmd/tool \\(cli_framework/diag/diag.go:\\d+\\)"
	<-ch
	return 0
}
