// A nested module (example.com/platform/tools) that requires its parent
// module (example.com/platform) and vendors it with its other dependencies.
package main

import (
	"os"
	"os/signal"
	"syscall"

	"example.com/platform/log"
	"example.com/platform/tools/internal/flags"
	"github.com/acme/framework"
)

func main() {
	flags.Parse()
	log.Printf("starting\n")
	app := framework.New()
	_ = app.Start() // want "GP001 app.Start\\(...\\) starts a signal handler inside github.com/acme/framework@v0.1.0 \\(via github.com/DiagCo/agent\\)"
	c := make(chan os.Signal, 1)
	signal.Notify(c, syscall.SIGTERM) // want "GP001 signal.Notify for SIGTERM overlaps another handler in program example.com/platform/tools/cmd/gen"
	<-c
}
