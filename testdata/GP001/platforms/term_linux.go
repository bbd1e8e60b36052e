//go:build linux && !android

package term

import (
	"os"
	"os/signal"
	"syscall"
)

func watchLinux() {
	c := make(chan os.Signal, 1)
	signal.Notify(c, syscall.SIGINT) // want "GP001 .*platforms/term_unix.go:13"
}
