// A library that no main of the run imports: compared within itself.
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
