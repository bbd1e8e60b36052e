// The service from the incident write-up: a framework that runs its
// after-stop hooks on SIGTERM, and a diagnostics agent imported for
// profiling that installs its own SIGTERM handler and exits.
package main

import (
	"example.com/shop/agent"
	"example.com/shop/framework"
)

func main() {
	agent.Listen(agent.Options{Addr: "127.0.0.1:0", ShutdownCleanup: true})
	svc := framework.New("shop")
	svc.AfterStop(func() error { return flushOrders() })
	svc.Run()
}

func flushOrders() error { return nil }
