package wrongfd

import (
	"os"
	"syscall"
	"testing"
)

func TestRedirect(t *testing.T) {
	f, err := os.CreateTemp(t.TempDir(), "err")
	if err != nil {
		t.Fatal(err)
	}
	// a test that moves fd 2 does not move it for the package's users
	if err := syscall.Dup3(int(f.Fd()), 2, 0); err != nil {
		t.Fatal(err)
	}
	os.Stderr = f // ok: a test file
}
