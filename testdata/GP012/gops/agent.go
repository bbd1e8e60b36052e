package gops

import (
	"github.com/google/gops/agent"
)

func Start(addr string) {
	_ = agent.Listen(agent.Options{Addr: ":9999"})                                // want "GP012 gops agent listens on ':9999'"
	_ = agent.Listen(agent.Options{Addr: "0.0.0.0:9999", ShutdownCleanup: true}) // want "GP012 gops agent"
	_ = agent.Listen(agent.Options{})                                            // ok: default is 127.0.0.1:0
	_ = agent.Listen(agent.Options{Addr: "127.0.0.1:9999"})                      // ok: loopback
	_ = agent.Listen(agent.Options{Addr: addr})                                  // ok: not a literal
	opts := agent.Options{Addr: ":9999"}
	_ = agent.Listen(opts) // ok: not followed through a variable
}
