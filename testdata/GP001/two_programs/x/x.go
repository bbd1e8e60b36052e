package x

import (
	"os"
	"os/signal"
	"syscall"
)

func Run() {
	c := make(chan os.Signal, 1)
	signal.Notify(c, syscall.SIGTERM) // want "GP001 .*program example.com/two/cmd/a \\(two_programs/cmd/a/main.go:14\\)"
}
