package sig

import (
	"os"
	"os/signal"
	"syscall"
)

var stopSignals = []os.Signal{syscall.SIGTERM, syscall.SIGKILL}

func fatalSignals() []os.Signal {
	return []os.Signal{os.Kill, syscall.SIGQUIT}
}

func catchable() []os.Signal {
	return []os.Signal{syscall.SIGTERM}
}

func WatchSlices(names []string) {
	c := make(chan os.Signal, 1)
	signal.Notify(c, stopSignals...)    // want "GP006 SIGKILL cannot be caught.*through stopSignals"
	signal.Notify(c, fatalSignals()...) // want "GP006 SIGKILL cannot be caught.*through fatalSignals"
	signal.Notify(c, catchable()...)    // ok: the function returns only SIGTERM
	local := []os.Signal{syscall.SIGINT}
	local = append(local, syscall.SIGSTOP)
	signal.Notify(c, local...) // want "GP006 SIGSTOP cannot be caught"
	other := []os.Signal{syscall.SIGINT}
	other = someSignals(names)
	signal.Notify(c, other...) // ok: reassigned from an unknown source: not resolved
}

func someSignals(names []string) []os.Signal { return nil }
