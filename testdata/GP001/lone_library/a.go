// A library that no main of the run imports: compared within itself, with
// each exported function as a root of its own.
package lone

import (
	"os"
	"os/signal"
	"syscall"
)

func WatchTerm() {
	c := make(chan os.Signal, 1)
	signal.Notify(c, syscall.SIGTERM) // want "GP001 .*overlaps another handler in package lone_library .*b.go"
}

// Start reaches both WatchTerm and watchShutdown: they run together.
func Start() {
	WatchTerm()
	watchShutdown()
}
