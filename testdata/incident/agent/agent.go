// Package agent is a small stand-in for a diagnostics agent that, with
// ShutdownCleanup set, removes its port file on SIGTERM and exits.
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

func Listen(opts Options) error {
	if opts.ShutdownCleanup {
		gracefulShutdown()
	}
	return nil
}

func gracefulShutdown() {
	c := make(chan os.Signal, 1)
	gosignal.Notify(c, syscall.SIGTERM, os.Interrupt) // want "GP001 .*overlaps another handler in program example.com/shop/cmd/shop \\(framework/framework.go:22\\)"
	go func() {                                       // ok: GP004 v2: a library goroutine running none of the caller's code (GP002 reports the exit)
		<-c
		_ = os.Remove(portfile)
		os.Exit(1) // want "GP002 os.Exit in library package 'agent'"
	}()
}
