package main

import (
	"os"
	"os/signal"
	"syscall"

	"github.com/acme/telemetry"
)

func main() {
	cleanup := false
	_ = telemetry.Listen(telemetry.Options{ShutdownCleanup: &cleanup}) // ok: the address of a local that is false
	opts := telemetry.Options{Addr: "127.0.0.1:0"}
	opts.NoSignals = true
	telemetry.Start(&opts) // ok: NoSignals set before the options are passed

	exit := true
	_ = telemetry.Listen(telemetry.Options{ShutdownCleanup: &exit}) // want "GP001 telemetry.Listen\\(...\\) starts a signal handler inside github.com/acme/telemetry@v0.2.0 \\(calls os.Exit on SIGTERM\\) \\(because ShutdownCleanup is true\\)"
	telemetry.Start(&telemetry.Options{}) // want "GP001 telemetry.Start\\(...\\) starts a signal handler inside github.com/acme/telemetry@v0.2.0 \\(handles SIGTERM\\) \\(because NoSignals is false\\)"

	c := make(chan os.Signal, 1)
	signal.Notify(c, syscall.SIGTERM) // want "GP001 signal.Notify for SIGTERM overlaps another handler in program example.com/shop/cmd/shop"
	<-c
}
