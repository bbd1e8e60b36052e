package main

import (
	"os"
	"os/signal"
	"syscall"
)

func main() {
	all := make(chan os.Signal, 1)
	signal.Notify(all) // want "GP001 signal.Notify for every signal overlaps"
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP) // want "GP001 signal.Notify for SIGHUP overlaps"
	<-all
	<-hup
}
