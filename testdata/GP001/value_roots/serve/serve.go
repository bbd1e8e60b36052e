// Package serve is the long-running command.
package serve

import (
	"os"
	"os/signal"
	"syscall"
)

// Run serves until SIGTERM; SIGHUP reloads.
func Run() {
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, syscall.SIGTERM, syscall.SIGHUP) // want "GP001 .*overlaps another handler in program example.com/shipper/cmd/shipper \\(value_roots/metrics/metrics.go:\\d+\\)"
	for range ch {
	}
}
