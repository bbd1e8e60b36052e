// Package testutil helps tests capture what the code under test prints.
package testutil

import (
	"io"
	"os"
)

var captured *os.File

func CaptureStderr() (stop func() string) {
	r, w, _ := os.Pipe()
	captured = os.Stderr
	os.Stderr = w // ok: a test-support package
	return func() string {
		w.Close()
		b, _ := io.ReadAll(r)
		os.Stderr = captured // ok: a test-support package
		return string(b)
	}
}
