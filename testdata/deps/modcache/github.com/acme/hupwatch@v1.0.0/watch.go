// Package hupwatch reloads configuration on SIGHUP (a different signal).
package hupwatch

import (
	"os"
	"os/signal"
	"syscall"
)

func Watch(reload func()) {
	c := make(chan os.Signal, 1)
	signal.Notify(c, syscall.SIGHUP)
	go func() {
		for range c {
			reload()
		}
	}()
}
