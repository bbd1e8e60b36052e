package main

import (
	"os"
	"os/signal"
	"syscall"

	"github.com/acme/micro"
	"github.com/nowhere/gone"
)

func main() {
	gone.Start() // ok: not in the module cache: a note, not an error
	c := make(chan os.Signal, 1)
	signal.Notify(c, syscall.SIGTERM) // want "GP001 signal.Notify for SIGTERM overlaps another handler in program example.com/shop/cmd/shop \\(cmd/shop/main.go:17\\)"
	<-c
	_ = micro.NewService("shop").Run() // want "GP001 micro.NewService\\(\"shop\"\\).Run\\(...\\) starts a signal handler inside github.com/acme/micro"
}
