// Package wrongfd redirects stdout at the descriptor level, and stderr only
// for Go code.
package wrongfd

import (
	"os"
	"syscall"
)

func Redirect(out, errf *os.File) error {
	if err := syscall.Dup3(int(out.Fd()), 1, 0); err != nil { // fd 1 is stdout: crash output stays on fd 2
		return err
	}
	os.Stderr = errf // want "GP005 assigning os.Stderr"
	return nil
}
