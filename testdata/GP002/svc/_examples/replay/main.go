// Command replay is an example the go tool never builds (`_examples/`):
// golint-panics skips it like go build and go vet ./... do.
package main

import (
	"log"
	"net/http"
)

func main() {
	go func() {
		log.Fatal(http.ListenAndServe(":9090", nil)) // ok: under _examples/, which the go tool and a directory walk skip
	}()
	select {}
}
