package crash

import "syscall"

func dupLinux(fd int) error { return syscall.Dup2(fd, 2) } // want "GP010 .*linux/arm64"
