package lib

import (
	"os"
	"os/signal"
	"syscall"
)

func Start() {
	c := make(chan os.Signal, 1)
	signal.Notify(c, syscall.SIGTERM) // ok: a lone library with one handler
}
