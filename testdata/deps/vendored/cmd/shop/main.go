package main

import (
	"github.com/DiagCo/agent"
	"github.com/acme/micro"
)

func main() {
	_ = agent.Listen(agent.Options{Addr: "127.0.0.1:0", ShutdownCleanup: true}) // want "GP001 agent.Listen\\(...\\) starts a signal handler inside github.com/DiagCo/agent@v1.2.0 \\(calls os.Exit on SIGINT, SIGTERM\\) \\(because ShutdownCleanup is true\\)"
	defer agent.Close() // ok: Close registers nothing
	svc := micro.NewService("shop")
	svc.AfterStop(flushOrders) // ok: AfterStop registers nothing
	_ = svc.Run() // want "GP001 svc.Run\\(...\\) starts a signal handler inside github.com/acme/micro@v0.3.0 \\(handles SIGTERM\\)"
}

func flushOrders() error { return nil }
