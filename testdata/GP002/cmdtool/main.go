// package main decides when the program ends.
package main

import (
	"log"
	"os"
)

func main() {
	if len(os.Args) < 2 {
		log.Fatal("usage: tool ARG") // ok: package main
	}
	os.Exit(run()) // ok: package main
}

func run() int { os.Exit(1); return 0 } // ok: package main
