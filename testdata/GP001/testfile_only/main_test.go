package main

import (
	"os"
	"os/signal"
	"syscall"
	"testing"
)

// Test files are not part of the program.
func TestSignals(t *testing.T) {
	c := make(chan os.Signal, 1)
	signal.Notify(c, syscall.SIGTERM) // ok: test files are not part of a program
}
