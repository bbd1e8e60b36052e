// Without a go.mod the program is this main package alone.
package main

import (
	"os"
	"os/signal"
	"syscall"

	"nomod/lib"
)

func main() {
	lib.Start()
	c := make(chan os.Signal, 1)
	signal.Notify(c, syscall.SIGTERM) // ok: no go.mod: lib is not part of this program
	<-c
}
