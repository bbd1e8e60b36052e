package main

import (
	"os"
	"os/signal"
	"syscall"

	"example.com/two/x"
)

func main() {
	x.Run()
	c := make(chan os.Signal, 1)
	signal.Notify(c, syscall.SIGTERM) // want "GP001 .*program example.com/two/cmd/a \\(two_programs/x/x.go:11\\)"
	<-c
}
