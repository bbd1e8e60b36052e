package y

import (
	"os"
	"os/signal"
	"syscall"
)

func Run() {
	c := make(chan os.Signal, 1)
	signal.Notify(c, syscall.SIGHUP) // ok: program b only
}
