package main

import (
	"fmt"
	stdlog "log"
	"os"

	"github.com/sirupsen/logrus"
	"k8s.io/klog/v2"
)

func main() {
	if len(os.Args) < 2 {
		os.Exit(2) // ok: no defer before it
	}
	f, err := os.Create(os.Args[1])
	if err != nil {
		stdlog.Fatal(err) // ok: still before any defer
	}
	defer f.Close()
	if err := run(f); err != nil {
		stdlog.Fatalf("run: %v", err) // want "GP009 stdlog.Fatalf after defer \\(line 20\\)"
	}
	logrus.Fatal("done") // want "GP009 logrus.Fatal after defer"
}

func run(f *os.File) error {
	defer fmt.Println("run done")
	go func() {
		os.Exit(3) // ok: a literal is its own function body; run's defer does not count here
	}()
	cleanup := func() {
		defer fmt.Println("inner")
		klog.Exit("bye") // want "GP009 klog.Exit after defer"
	}
	_ = cleanup
	return nil
}

func exitFirst() {
	os.Exit(1) // ok: the defer comes after
	defer fmt.Println("never")
}

func outerDeferOnly() {
	defer fmt.Println("outer")
	func() {
		os.Exit(1) // ok: defer is in the outer function body
	}()
}

func innerDeferOnly() {
	func() {
		defer fmt.Println("inner")
	}()
	os.Exit(1) // ok: the defer belonged to the literal
}

type fakeOS struct{}

func (fakeOS) Exit(int) {}

func shadowed() {
	defer fmt.Println("x")
	os := fakeOS{}
	os.Exit(1) // ok: not the os package
}
