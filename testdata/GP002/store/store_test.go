package store

import (
	"log"
	"os"
	"testing"
)

func TestMain(m *testing.M) {
	os.Exit(m.Run()) // ok: test file
}

func TestOpen(t *testing.T) {
	log.Fatal("test files may exit") // ok: test file
}
