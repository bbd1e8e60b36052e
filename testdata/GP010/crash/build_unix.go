//go:build unix && !windows

package crash

import (
	"syscall"

	"golang.org/x/sys/unix"
)

func dupUnix(fd int) error { return syscall.Dup2(fd, 2) } // want "GP010"

func dupPortable(fd int) error { return unix.Dup2(fd, 2) } // ok: x/sys/unix has Dup2 everywhere
