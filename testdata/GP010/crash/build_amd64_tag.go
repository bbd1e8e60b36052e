//go:build linux && (amd64 || 386)

package crash

import "syscall"

func dupTagged(fd int) error { return syscall.Dup2(fd, 2) } // ok: constraint excludes the three
