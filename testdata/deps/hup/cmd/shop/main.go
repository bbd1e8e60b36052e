package main

import (
	"github.com/acme/hupwatch"
	"github.com/acme/micro"
)

func main() {
	hupwatch.Watch(func() {}) // ok: SIGHUP, not SIGTERM
	_ = micro.NewService("shop").Run() // ok: no other SIGTERM handler
}
