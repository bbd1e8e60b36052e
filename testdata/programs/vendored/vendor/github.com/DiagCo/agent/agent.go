// Package agent is a diagnostics agent written for these tests, modelled on
// the behaviour from the incident: with ShutdownCleanup set it installs its
// own SIGTERM/SIGINT handler that removes its port file and exits.
package agent

import (
	"os"
	gosignal "os/signal"
	"syscall"
)

type Options struct {
	Addr            string
	ShutdownCleanup bool
}

var portfile string

// Listen starts the agent.
func Listen(opts Options) error {
	if opts.ShutdownCleanup {
		gracefulShutdown()
	}
	return nil
}

// Close stops the agent; it registers nothing.
func Close() {}

func gracefulShutdown() {
	c := make(chan os.Signal, 1)
	gosignal.Notify(c, syscall.SIGTERM, os.Interrupt)
	go func() {
		<-c
		_ = os.Remove(portfile)
		os.Exit(1)
	}()
}
