// Package cli holds command-line helpers shared by several programs.
package cli

import (
	"flag"
	"fmt"
	"os"

	"github.com/docker/docker/pkg/reexec"
)

func init() {
	reexec.Register("cli-child", childMain)
	reexec.Register("cli-nsenter", func() {
		os.Exit(0) // ok: a literal passed to reexec.Register
	})
	if os.Getenv("CLI_BROKEN") != "" {
		os.Exit(1) // ok: func init()
	}
}

func childMain() {
	os.Exit(0) // ok: passed to reexec.Register (and named like a wrapper)
}

func child() {
	os.Exit(0) // ok: passed to reexec.Register below
}

var _ = func() bool { reexec.Register("cli-child2", child); return true }()

// Fatalf prints the message and exits: that is its documented job.
func Fatalf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, format, args...)
	os.Exit(1) // ok: exit wrapper Fatalf
}

// MustLoad loads the file or exits.
func MustLoad(path string) []byte {
	b, err := os.ReadFile(path)
	if err != nil {
		func() {
			os.Exit(1) // ok: a literal inside the exit wrapper MustLoad
		}()
	}
	return b
}

// Main is the whole program, for `func main() { cli.Main() }`.
func Main() {
	os.Exit(run()) // ok: exported Main
}

// ServerMain too.
func ServerMain() { os.Exit(run()) } // ok: exported ...Main

func serverMain() { os.Exit(run()) } // want "GP002 os.Exit in library package 'cli'"

func run() int { return 0 }

type Parser struct{ errorHandling flag.ErrorHandling }

func (p *Parser) init() {
	os.Exit(1) // want "GP002 os.Exit in library package 'cli'"
}

func (p *Parser) Parse(args []string) error {
	if err := parse(args); err != nil {
		if p.errorHandling == flag.ExitOnError {
			os.Exit(2) // ok: guarded by ExitOnError, as flag.FlagSet does
		}
		switch p.errorHandling {
		case flag.ContinueOnError:
			return err
		case flag.ExitOnError:
			os.Exit(2) // ok: case ExitOnError
		case flag.PanicOnError:
			os.Exit(2) // want "GP002 os.Exit in library package 'cli'"
		}
	}
	if false {
		os.Exit(3) // ok: if false
	} else if len(args) > 100 {
		os.Exit(4) // want "GP002 os.Exit in library package 'cli'"
	}
	if false && !p.valid() { // debug checking, switched off
		os.Exit(5) // ok: the condition is constant false
	}
	if p.valid() && debugExits {
		os.Exit(6) // want "GP002 os.Exit in library package 'cli'"
	}
	return nil
}

// debugExits is a variable: it may be switched on.
var debugExits = false

func (p *Parser) valid() bool { return p.errorHandling >= 0 }

func parse(args []string) error { return nil }

// Fail reports a problem and exits the program.
func (p *Parser) Fail(msg string) {
	fmt.Fprintln(os.Stderr, msg)
	os.Exit(1) // ok: exiting is its documented job
}

// Serve runs the helper for the command line. This function terminates the
// program with os.Exit(1) if there is an error.
func Serve(args []string) {
	if len(args) == 0 {
		os.Exit(1) // ok: documented to terminate the program
	}
}

// Close releases the parser; it does not exit the program.
func (p *Parser) Close() {
	os.Exit(0) // want "GP002 os.Exit in library package 'cli'"
}
