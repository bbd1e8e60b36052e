package shadow

import (
	"log"
	"os"
	. "os"
)

type fakeOS struct{}

func (fakeOS) Exit(code int) {}

type logger struct{}

func (logger) Fatal(v ...any) {}

func Params(os fakeOS) {
	os.Exit(1) // ok: param named os
}

func Locals() {
	log := logger{}
	log.Fatal("a local named log") // ok: local named log
	if os := (fakeOS{}); true {
		os.Exit(1) // ok: if-scoped os
	}
	for _, os := range []fakeOS{{}} {
		os.Exit(1) // ok: range variable os
	}
	Exit(1) // dot import: never resolves a selector, not a selector at all
}

func After() {
	{
		os := fakeOS{}
		os.Exit(1) // ok: block-scoped os
	}
	os.Exit(1) // want "GP002 os.Exit"
}

func Value() {
	exit := os.Exit
	exit(1) // ok: a function value
	_ = Getenv
	_ = log.Prefix
}
