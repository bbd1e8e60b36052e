//go:build unix

package dup2fd

import (
	"os"

	"golang.org/x/sys/unix"
)

func redirect(f *os.File) error {
	return unix.Dup2(int(f.Fd()), 2)
}
