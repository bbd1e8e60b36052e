// Package query is a short sub-command; it runs in its own process, never
// beside the agent.
package query

import (
	"os"
	"os/signal"
)

type Command struct{}

func (c *Command) Run(args []string) int {
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, os.Interrupt) // ok: the agent's handler runs only in `tool agent`; diag's set is SIGTERM alone
	<-ch
	return 0
}
