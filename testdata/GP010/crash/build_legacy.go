// +build darwin freebsd
// +build !ios

package crash

import "syscall"

func dupLegacy(fd int) error { return syscall.Dup2(fd, 2) } // ok: legacy constraint excludes linux
