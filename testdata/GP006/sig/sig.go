package sig

import (
	"os"
	gosignal "os/signal"
	"syscall"

	"golang.org/x/sys/unix"
)

func Register() {
	c := make(chan os.Signal, 1)
	gosignal.Notify(c, syscall.SIGTERM, syscall.SIGKILL) // want "GP006 SIGKILL cannot be caught"
	gosignal.Notify(c, os.Kill)                          // want "GP006 SIGKILL"
	gosignal.Notify(c, unix.SIGSTOP, unix.SIGINT)        // want "GP006 SIGSTOP cannot be caught, blocked or ignored: signal.Notify"
	gosignal.Ignore(syscall.SIGSTOP)                     // want "GP006 SIGSTOP .*signal.Ignore"
	gosignal.Reset(os.Kill)                              // want "GP006 .*signal.Reset"
	gosignal.Notify(c, syscall.SIGTERM, os.Interrupt)    // ok: catchable signals
	gosignal.Notify(c, syscall.SIGTSTP)                  // ok: SIGTSTP (terminal stop) can be caught
	gosignal.Notify(c, syscall.SIGCONT)                  // ok
	gosignal.Notify(c)                                   // ok: every signal, kernel skips KILL/STOP
	gosignal.Ignore(syscall.SIGHUP)                      // ok
}

type fakeSignal struct{}

func (fakeSignal) Notify(c chan os.Signal, s ...os.Signal) {}

func Shadowed(c chan os.Signal) {
	gosignal := fakeSignal{}
	gosignal.Notify(c, syscall.SIGKILL) // ok: not os/signal
}

func NotARegistration(p *os.Process) {
	_ = p.Signal(syscall.SIGKILL) // ok: sending SIGKILL is fine
	_ = syscall.Kill(1, syscall.SIGSTOP) // ok
	_ = os.Kill                         // ok
}
