package sig

import (
	"os"
	goos "os"
	"os/signal"
	"syscall"
)

func Unbuffered() {
	c := make(chan os.Signal)
	signal.Notify(c, syscall.SIGTERM) // want "GP007 signal.Notify on unbuffered channel 'c' \\(made at line 11\\)"
	<-c
}

func ZeroSized() {
	var c = make(chan goos.Signal, 0)
	signal.Notify(c, os.Interrupt) // want "GP007 .*'c'"
	<-c
}

func Buffered() {
	c := make(chan os.Signal, 1)
	signal.Notify(c, syscall.SIGTERM) // ok: buffered
	d := make(chan os.Signal, 2)
	signal.Notify(d, syscall.SIGHUP) // ok
}

func Inline() {
	signal.Notify(make(chan os.Signal), syscall.SIGTERM) // ok: as go vet, not reported
}

func SizeFromVariable(n int) {
	c := make(chan os.Signal, n)
	signal.Notify(c, syscall.SIGTERM) // ok: size unknown
}

func Parameter(c chan os.Signal) {
	signal.Notify(c, syscall.SIGTERM) // ok: made elsewhere
}

var pkgChan = make(chan os.Signal)

func PackageLevel() {
	signal.Notify(pkgChan, syscall.SIGTERM) // ok: not declared in this function
}

func Closure() {
	c := make(chan os.Signal)
	go func() {
		signal.Notify(c, syscall.SIGTERM) // ok: declared in the enclosing function, not this one
	}()
}

func OtherElement() {
	c := make(chan struct{})
	_ = c
	e := make(chan error)
	_ = e
}
