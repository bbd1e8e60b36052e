package main

import (
	"github.com/DiagCo/agent"
	"github.com/acme/micro"
)

func main() {
	_ = agent.Listen(agent.Options{Addr: "127.0.0.1:0"}) // ok: ShutdownCleanup not set: no handler
	_ = agent.Listen(agent.Options{ShutdownCleanup: false}) // ok: explicitly off
	_ = micro.NewService("shop").Run() // ok: the only handler in the program
}
