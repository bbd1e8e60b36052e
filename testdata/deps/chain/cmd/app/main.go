package main

import (
	"os"
	"os/signal"
	"syscall"

	"github.com/acme/framework"
)

func main() {
	app := framework.New()
	_ = app.Quiet() // ok: the agent's cleanup (and its handler) stays off
	_ = app.Start() // want "GP001 app.Start\\(...\\) starts a signal handler inside github.com/acme/framework@v0.1.0 \\(via github.com/DiagCo/agent\\) \\(calls os.Exit on SIGINT, SIGTERM\\)"
	c := make(chan os.Signal, 1)
	signal.Notify(c, syscall.SIGTERM) // want "GP001 signal.Notify for SIGTERM overlaps another handler in program example.com/app/cmd/app"
	<-c
}
