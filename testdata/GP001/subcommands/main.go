// A CLI with sub-commands, cobra-like: each command's Run is a root of its
// own, and only one of them runs in a process; main always runs.
package main

import (
	"os"
	"os/signal"
	"syscall"
)

type Command struct {
	Use string
	Run func(args []string)
}

var commands = []*Command{
	{Use: "watch", Run: watchCmd},
	{Use: "lock", Run: lockCmd},
	{Use: "trace", Run: traceCmd},
	{Use: "elect", Run: electCmd},
	{Use: "serve", Run: serveCmd},
}

// elect either observes or campaigns: the two handlers sit in exclusive
// arms of one if/else, so they never run together
func electCmd(args []string) {
	if len(args) == 1 {
		observe()
	} else {
		campaign()
	}
}

func observe() {
	c := make(chan os.Signal, 1)
	signal.Notify(c, syscall.SIGINT, syscall.SIGTERM) // ok: exclusive with campaign (if/else)
	<-c
}

func campaign() {
	c := make(chan os.Signal, 1)
	signal.Notify(c, syscall.SIGINT, syscall.SIGTERM) // ok: exclusive with observe (if/else)
	<-c
}

// serve runs both of its helpers, one after the other: they overlap
func serveCmd(args []string) {
	drain()
	switch len(args) {
	case 0:
		reload()
	default:
		reload()
	}
}

func drain() {
	c := make(chan os.Signal, 1)
	signal.Notify(c, syscall.SIGUSR1) // want "GP001 signal.Notify for SIGUSR1 overlaps"
	go func() { <-c }()
}

func reload() {
	c := make(chan os.Signal, 1)
	signal.Notify(c, syscall.SIGUSR1) // want "GP001 signal.Notify for SIGUSR1 overlaps"
	<-c
}

func watchCmd(args []string) {
	c := make(chan os.Signal, 1)
	signal.Notify(c, os.Interrupt) // ok: watch and lock are alternatives, never one process
	<-c
}

func lockCmd(args []string) {
	c := make(chan os.Signal, 1)
	signal.Notify(c, os.Interrupt, syscall.SIGTERM) // ok: an alternative to watch
	<-c
}

func traceCmd(args []string) {
	c := make(chan os.Signal, 1)
	signal.Notify(c, syscall.SIGQUIT) // want "GP001 signal.Notify for SIGQUIT overlaps"
	<-c
}

func main() {
	dump := make(chan os.Signal, 1)
	signal.Notify(dump, syscall.SIGQUIT) // want "GP001 signal.Notify for SIGQUIT overlaps"
	go func() {
		for range dump {
		}
	}()
	for _, c := range commands {
		if len(os.Args) > 1 && c.Use == os.Args[1] {
			c.Run(os.Args[2:])
		}
	}
}
