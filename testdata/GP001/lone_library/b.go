package lone

import (
	"os"
	"os/signal"
	"syscall"
)

func watchShutdown() {
	c := make(chan os.Signal, 1)
	signal.Notify(c, syscall.SIGTERM, syscall.SIGINT) // want "GP001 .*\\(lone_library/a.go:13\\)"
	h := make(chan os.Signal, 1)
	signal.Notify(h, syscall.SIGHUP) // ok: disjoint
}

// WatchAgain is a root of its own that reaches no other SIGTERM handler:
// a caller uses either this or Start, and nothing says both.
func WatchAgain() {
	c := make(chan os.Signal, 1)
	signal.Notify(c, syscall.SIGTERM) // ok: only the root WatchAgain reaches it
}
