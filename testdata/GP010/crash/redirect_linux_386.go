package crash

import "syscall"

func dup386(fd int) error { return syscall.Dup2(fd, 2) } // ok: linux/386 only
