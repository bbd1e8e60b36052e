// Package telemetry is a metrics agent written for these tests: behind two
// options it installs signal handlers of its own.
package telemetry

import (
	"os"
	"os/signal"
	"syscall"
)

type Options struct {
	Addr            string
	ShutdownCleanup *bool // remove the port file and exit on SIGTERM
	NoSignals       bool  // leave the signals to the program
}

// Listen starts the exporter.
func Listen(opts Options) error {
	if opts.ShutdownCleanup != nil && *opts.ShutdownCleanup {
		cleanupOnSignal()
	}
	return nil
}

// Start starts the background flusher.
func Start(opts *Options) {
	if opts.NoSignals {
		return
	}
	flushOnSignal()
}

func cleanupOnSignal() {
	c := make(chan os.Signal, 1)
	signal.Notify(c, syscall.SIGTERM)
	go func() {
		<-c
		os.Exit(1)
	}()
}

func flushOnSignal() {
	c := make(chan os.Signal, 1)
	signal.Notify(c, syscall.SIGTERM)
	go func() {
		<-c
	}()
}
