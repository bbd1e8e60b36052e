//go:build !arm64

package crash

import "syscall"

func dupNotARM(fd int) error { return syscall.Dup2(fd, 2) } // want "GP010 syscall.Dup2 does not exist on linux/riscv64, linux/loong64"
