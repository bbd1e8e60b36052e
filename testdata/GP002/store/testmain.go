package store

import (
	"os"
	"testing"
)

// A TestMain outside a _test.go file (a shared test harness package).
func TestMain(m *testing.M) {
	os.Exit(m.Run()) // ok: inside TestMain
}
