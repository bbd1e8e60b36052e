package other

import (
	"os"
	"syscall"
)

type notifier struct{}

func (notifier) Notify(c chan os.Signal, s ...os.Signal) {}

var signal notifier

func NotTheSignalPackage() {
	c := make(chan os.Signal)
	signal.Notify(c, syscall.SIGTERM) // ok: package-level notifier, not os/signal
}
