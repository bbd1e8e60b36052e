// Package app is the program's own code: only cmd/svc imports it.
package app

import (
	"errors"
	"log"
	"os"
)

// Run runs the application.
func Run() error {
	if os.Getenv("SVC_CONFIG") == "" {
		log.Fatal("SVC_CONFIG is not set") // ok: an application package decides for its program
	}
	go refresh()
	return errors.New("stopped")
}

func refresh() {
	load()
}

func load() {
	if _, err := os.ReadFile("/etc/svc.conf"); err != nil {
		os.Exit(1) // want "GP002 os.Exit reached from the goroutine started at app.go:15"
	}
}
