package sup

import "os"

// Our own directive, which golangci-lint's nolintlint leaves alone.
func Agent() {
	//golint-panics:ignore GP002 the agent's supervisor restarts it // ok: well-formed
	os.Exit(1)
	os.Exit(2) //golint-panics:ignore library-exit the documented stop path // ok: by name, at the end of the line
	//golint-panics:ignore GP002 // want "GP901 //golint-panics:ignore needs a rule code of golint-panics and a reason"
	os.Exit(3) // want "GP002 os.Exit"
	//golint-panics:ignore SA4006 not a code of ours // want "GP901 //golint-panics:ignore needs a rule code"
	os.Exit(4) // want "GP002 os.Exit"
}

func Shutdown() {
	//golint-panics:ignore golint-panics every rule of ours, with a reason // ok: the tool's name
	os.Exit(5)
	//golint-panics:ignore GP002,GP009 both rules, one reason // ok: a list of codes
	os.Exit(6)
}
