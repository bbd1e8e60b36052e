// Package testutil helps the tests of other packages.
package testutil

import (
	"log"
	"os"
)

// Setup prepares a scratch directory or stops the test binary.
func Setup() string {
	dir, err := os.MkdirTemp("", "svc")
	if err != nil {
		log.Fatal(err) // ok: a test-support package, on no background path
	}
	go func() {
		if _, err := os.Stat(dir); err != nil {
			log.Fatal(err) // want "GP002 log.Fatal reached from the goroutine started at testutil.go:15"
		}
	}()
	return dir
}
