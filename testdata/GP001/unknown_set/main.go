package main

import (
	"os"
	"os/signal"
	"syscall"
)

// resolved: a composite literal of known signals, only extended by append
var shutdownSignals = []os.Signal{syscall.SIGTERM}

func init() {
	shutdownSignals = append(shutdownSignals, syscall.SIGINT)
}

// resolved: a function whose every return is a literal of known signals
func reloadSignals() []os.Signal {
	return []os.Signal{syscall.SIGHUP}
}

func userSignals(names []string) []os.Signal {
	var out []os.Signal
	for range names {
		out = append(out, lookup())
	}
	return out
}

func lookup() os.Signal { return nil }

func main() {
	a := make(chan os.Signal, 1)
	signal.Notify(a, shutdownSignals...) // want "GP001 signal.Notify for SIGINT, SIGTERM overlaps"
	b := make(chan os.Signal, 1)
	signal.Notify(b, syscall.SIGINT, syscall.SIGQUIT) // want "GP001 signal.Notify for SIGINT, SIGQUIT overlaps"
	c := make(chan os.Signal, 1)
	signal.Notify(c, userSignals(os.Args)...) // ok: an unknown set overlaps nothing (everything under strict)
	d := make(chan os.Signal, 1)
	signal.Notify(d, reloadSignals()...) // ok: SIGHUP only, which nothing else handles
	<-a
	<-b
	<-c
	<-d
}
