package crash

import (
	"os"
	"syscall"
)

func Redirect(f *os.File) error {
	return syscall.Dup2(int(f.Fd()), 2) // want "GP010 syscall.Dup2 does not exist on linux/arm64, linux/riscv64, linux/loong64"
}

var dup = syscall.Dup2 // want "GP010 syscall.Dup2"

func Fine(f *os.File) error {
	return syscall.Dup3(int(f.Fd()), 2, 0) // ok: Dup3 exists everywhere on linux
}
