//go:build !windows

package term

import (
	"os"
	"os/signal"
	"syscall"
)

func watch() {
	c := make(chan os.Signal, 1)
	signal.Notify(c, syscall.SIGINT) // want "GP001 .*platforms/term_linux.go:13"
}
