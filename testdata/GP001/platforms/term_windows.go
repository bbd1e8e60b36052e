package term

import (
	"os"
	"os/signal"
)

func watchWindows() {
	c := make(chan os.Signal, 1)
	signal.Notify(c, os.Interrupt) // ok: windows only
}
