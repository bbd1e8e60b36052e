// Command logfield reports jobs through a logger declared apart from the
// code that exits through it.
package main

import (
	"bufio"
	"errors"
	stdlog "log"
	"os"
)

// lg is the command's logger: its type is only named here.
var lg = stdlog.New(os.Stderr, "jobs: ", 0)

// out buffers the report; Flush writes it.
var out = bufio.NewWriter(os.Stdout)

var errEmpty = errors.New("empty job")

func main() {
	Run(os.Args[1:])
}
