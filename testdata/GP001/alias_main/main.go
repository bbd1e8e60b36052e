package main

import (
	"os"
	gosignal "os/signal"
	"syscall"

	"golang.org/x/sys/unix"
)

func main() {
	stop := make(chan os.Signal, 1)
	gosignal.Notify(stop, syscall.SIGTERM) // want "GP001 signal.Notify for SIGTERM overlaps"
	reload := make(chan os.Signal, 1)
	gosignal.Notify(reload, syscall.SIGHUP) // ok: SIGHUP only once
	go drain()
	<-stop
	<-reload
}

func drain() {
	c := make(chan os.Signal, 1)
	gosignal.Notify(c, unix.SIGTERM) // want "GP001 signal.Notify for SIGTERM overlaps .*main.go:13"
	<-c
}
