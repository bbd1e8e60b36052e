package crashlog

import (
	"os"
	"testing"
)

func TestCapture(t *testing.T) {
	r, w, _ := os.Pipe()
	old := os.Stdout
	os.Stdout = w                      // ok: test files swap stdout
	defer func() { os.Stdout = old }() // ok: test file
	_ = r
}
