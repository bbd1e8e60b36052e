// Package metrics reopens its output file on SIGHUP.
package metrics

import (
	"os"
	"os/signal"
	"syscall"
)

// Init is called by main itself: its handler is active with every command's.
func Init() {
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, syscall.SIGHUP) // want "GP001 .*overlaps another handler in program example.com/shipper/cmd/shipper \\(value_roots/serve/serve.go:\\d+\\)"
	go func() {
		for range ch {
		}
	}()
}
