// A test runner that hands Ctrl-C from a first handler to a second one:
// the first is stopped before the second starts.
package runner

import (
	"os"
	"os/signal"
	"syscall"
)

type Runner struct{ done chan struct{} }

func (r *Runner) Run() {
	go r.interrupts()
}

func (r *Runner) interrupts() {
	c := make(chan os.Signal, 1)
	signal.Notify(c, os.Interrupt, syscall.SIGTERM) // ok: stopped before the second handler starts
	<-c
	signal.Stop(c)
	go r.hardInterrupts()
	close(r.done)
}

func (r *Runner) hardInterrupts() {
	c := make(chan os.Signal, 1)
	signal.Notify(c, os.Interrupt, syscall.SIGTERM) // ok: starts only after the first one's signal.Stop
	<-c
	os.Exit(1)
}

// Serve starts two handlers that both stay registered.
func (r *Runner) Serve() {
	a := make(chan os.Signal, 1)
	signal.Notify(a, syscall.SIGHUP) // want "GP001 signal.Notify for SIGHUP overlaps"
	go r.reload()
	<-a
}

func (r *Runner) reload() {
	b := make(chan os.Signal, 1)
	signal.Notify(b, syscall.SIGHUP) // want "GP001 signal.Notify for SIGHUP overlaps"
	<-b
}
