package lone

import (
	"os"
	"os/signal"
	"syscall"
)

func WatchAgain() {
	c := make(chan os.Signal, 1)
	signal.Notify(c, syscall.SIGTERM) // want "GP001 .*\\(lone_library/a.go:12\\)"
	h := make(chan os.Signal, 1)
	signal.Notify(h, syscall.SIGHUP) // ok: disjoint
}
